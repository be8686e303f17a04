package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import org.damnit.store.Store;
import org.damnit.store.StoreProvider;

/** {@code mem:NAME} stores in the heap; the same name gives the same store for the life of the JVM. */
public final class MemoryStoreProvider implements StoreProvider {
    private static final ConcurrentHashMap<String, MemoryStore> STORES = new ConcurrentHashMap<>();

    @Override
    public String scheme() {
        return "mem";
    }

    @Override
    public Store open(URI uri, boolean create) throws IOException {
        String name = uri.getSchemeSpecificPart();
        if (name == null || name.isEmpty()) {
            throw new IOException("a memory store URI names the store: mem:NAME");
        }
        if (create) {
            return STORES.computeIfAbsent(name, MemoryStore::new);
        }
        MemoryStore s = STORES.get(name);
        if (s == null) {
            throw new IOException("no memory store named " + name + " in this JVM");
        }
        return s;
    }
}
