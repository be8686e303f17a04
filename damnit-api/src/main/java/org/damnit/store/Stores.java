package org.damnit.store;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.ServiceLoader;

/** Finds the {@link StoreProvider} for a URI's scheme. */
public final class Stores {
    private Stores() {
    }

    public static Store open(URI uri, boolean create) throws IOException {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IOException("store URI has no scheme: " + uri + " (use e.g. file:/path or mem:name)");
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        for (ClassLoader cl : new ClassLoader[] {Stores.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
            for (StoreProvider p : ServiceLoader.load(StoreProvider.class, cl)) {
                if (p.scheme().equals(s)) {
                    return p.open(uri, create);
                }
            }
        }
        throw new IOException("no store provider for scheme '" + s + "' (is its module on the class path?)");
    }
}
