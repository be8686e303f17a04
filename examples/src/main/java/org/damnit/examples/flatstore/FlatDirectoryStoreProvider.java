package org.damnit.examples.flatstore;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.damnit.store.Store;
import org.damnit.store.StoreProvider;

/** Registers {@code flat:/absolute/dir} (see META-INF/services/org.damnit.store.StoreProvider). */
public final class FlatDirectoryStoreProvider implements StoreProvider {
    @Override
    public String scheme() {
        return "flat";
    }

    @Override
    public Store open(URI uri, boolean create) throws IOException {
        String path = uri.getSchemeSpecificPart();
        if (path == null || !path.startsWith("/")) {
            throw new IOException("use flat:/absolute/directory, not " + uri);
        }
        return new FlatDirectoryStore(Path.of(path));
    }
}
