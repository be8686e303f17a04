package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.damnit.AlreadyExistsException;
import org.damnit.BadNameException;
import org.damnit.DamnitException;
import org.damnit.NotFoundException;
import org.damnit.StorageException;
import org.damnit.store.Store;
import org.damnit.store.StoreKeys;
import org.damnit.store.Stores;

/** The remotes named in the config: other stores to push to and fetch from. */
final class Remotes {
    private final ConfigFile config;

    Remotes(ConfigFile config) {
        this.config = config;
    }

    Map<String, URI> all() {
        Map<String, URI> out = new java.util.TreeMap<>();
        config.get().remotes().forEach((k, v) -> out.put(k, URI.create(v)));
        return out;
    }

    synchronized void add(String name, URI uri) throws DamnitException {
        if (!StoreKeys.isValid(name) || name.contains("/")) {
            throw new BadNameException("bad remote name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
        Config c = config.get();
        if (c.remotes().containsKey(name)) {
            throw new AlreadyExistsException("remote " + name + " exists already (" + c.remotes().get(name) + ")");
        }
        try (Store s = Stores.open(uri, true)) {
            WritePolicy.check(s, uri.toString());
        } catch (IOException e) {
            throw new StorageException("cannot open remote " + uri + ": " + e.getMessage(), e);
        }
        Map<String, String> r = new java.util.TreeMap<>(c.remotes());
        r.put(name, uri.toString());
        config.save(c.withRemotes(r));
    }

    synchronized boolean remove(String name) throws DamnitException {
        Config c = config.get();
        if (!c.remotes().containsKey(name)) {
            return false;
        }
        Map<String, String> r = new java.util.TreeMap<>(c.remotes());
        r.remove(name);
        config.save(c.withRemotes(r));
        return true;
    }

    /** Opens the store of remote {@code name}; one to be written must pass {@link WritePolicy}. The caller closes it. */
    Store open(String name, boolean write) throws DamnitException {
        String uri = config.get().remotes().get(name);
        if (uri == null) {
            throw new NotFoundException("no remote named '" + name + "' (damnit remote add " + name + " URI)");
        }
        try {
            Store s = Stores.open(URI.create(uri), false);
            if (write) {
                try {
                    WritePolicy.check(s, uri);
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            }
            return s;
        } catch (IOException e) {
            throw new StorageException("cannot open remote " + name + " (" + uri + "): " + e.getMessage(), e);
        }
    }
}
