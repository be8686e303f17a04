package org.damnit.store;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Finds the {@link StoreProvider} for a URI's scheme, and carries what stores tell the user. */
public final class Stores {
    private static volatile Consumer<String> notices =
        m -> System.getLogger("org.damnit.store").log(System.Logger.Level.WARNING, m);

    private Stores() {
    }

    /**
     * Where stores send what a user must know while a command runs (e.g. that a store runs in
     * single-writer mode); by default the {@code org.damnit.store} {@link System.Logger} at WARNING. A
     * command-line front end prints them.
     *
     * @param handler receives each notice, one line of words
     */
    public static void setNoticeHandler(Consumer<String> handler) {
        notices = handler;
    }

    /**
     * Tells the user something about a store (see {@link #setNoticeHandler}).
     *
     * @param message one line of words
     */
    public static void notice(String message) {
        notices.accept(message);
    }

    /**
     * Opens the store at {@code uri} through the {@link StoreProvider} of its scheme, found with
     * {@link ServiceLoader} on this class's and the thread's class loader.
     *
     * @param uri    the store's URI ({@code file:}, {@code mem:}, {@code s3:}, ...)
     * @param create whether to create the store if it does not exist
     * @return the open store; the caller closes it
     * @throws IOException if the URI has no scheme, no provider serves it, or the store cannot be opened
     */
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
