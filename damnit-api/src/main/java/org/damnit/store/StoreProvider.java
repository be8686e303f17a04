package org.damnit.store;

import java.io.IOException;
import java.net.URI;

/**
 * Creates {@link Store}s for one URI scheme. Register an implementation in
 * {@code META-INF/services/org.damnit.store.StoreProvider}; it needs a public no-argument constructor.
 */
public interface StoreProvider {
    /**
     * The URI scheme served.
     *
     * @return the scheme, lower case, e.g. {@code file}, {@code mem}, {@code s3}
     */
    String scheme();

    /**
     * Opens (and, if {@code create}, creates) the store at {@code uri}.
     *
     * @param uri    the store's URI, of this provider's scheme
     * @param create whether to create the store if it does not exist
     * @return the open store; the caller closes it
     * @throws IOException if the store cannot be reached or does not exist and {@code create} is false
     */
    Store open(URI uri, boolean create) throws IOException;
}
