package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.damnit.store.Store;
import org.damnit.store.StoreProvider;

/** {@code file:/absolute/path} stores on local disk. */
public final class FileStoreProvider implements StoreProvider {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public Store open(URI uri, boolean create) throws IOException {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not a file: URI: " + uri);
        }
        Path p;
        try {
            p = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad file store URI " + uri + ": " + e.getMessage() + " (use file:/absolute/path)");
        }
        return new FileStore(p, create);
    }
}
