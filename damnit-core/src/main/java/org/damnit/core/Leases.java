package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Leases held in a store (docs/FORMAT.md, "Leases"), so that garbage collection knows whether a writer
 * is active. A writer (commit, the receiving side of a transfer) holds a writer lease from before it
 * reads the chunk index until its ref has moved; gc holds a collector lease while it deletes. Each side
 * first writes its own lease, then lists the other kind: of a writer and a collector starting at once,
 * at least one sees the other. A collector that sees a writer deletes nothing and waits; a writer that
 * sees a collector waits for it to finish before it looks at what the store holds.
 *
 * <p>A lease is an object {@code leases/KIND-EXPIRY-UUID} (KIND {@code w} or {@code g}, EXPIRY in
 * 13-digit epoch milliseconds) holding JSON {@code {"host", "pid", "start"}}; it is renewed (a new
 * key, then the old one deleted) while its holder runs and deleted when it ends. One left by a process
 * that died stops counting when it expires, or at once when its holder ran on this host and is gone.
 */
final class Leases {
    static final String PREFIX = "leases/";
    static final String WRITER = "w";
    static final String COLLECTOR = "g";
    /** How long a lease counts without renewal; its holder renews it every third of that. */
    static volatile long ttlMillis = 5 * 60_000L;
    private static final String HOST = host();
    private static final long PID = ProcessHandle.current().pid();
    private static final long STARTED = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    private static final ScheduledExecutorService RENEWER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "damnit-lease");
        t.setDaemon(true);
        return t;
    });

    private Leases() {
    }

    /** One lease this process holds; {@link #close()} gives it up. */
    static final class Lease implements AutoCloseable {
        private final Store store;
        private final String kind;
        private final String id = UUID.randomUUID().toString();
        private String key;
        private long expires;
        private ScheduledFuture<?> renewal;
        private IOException renewFailed;

        private Lease(Store store, String kind) {
            this.store = store;
            this.kind = kind;
        }

        private synchronized void write() throws IOException {
            long exp = System.currentTimeMillis() + ttlMillis;
            String k = PREFIX + kind + "-" + String.format("%013d", exp) + "-" + id;
            byte[] body = Json.write(false, g -> {
                g.writeStartObject();
                g.writeStringField("host", HOST);
                g.writeNumberField("pid", PID);
                g.writeNumberField("start", STARTED);
                g.writeEndObject();
            });
            store.put(k, new ByteArrayInputStream(body), body.length);
            String old = key;
            key = k;
            expires = exp;
            if (old != null) {
                store.delete(old);
            }
        }

        private synchronized void renew() {
            if (key == null) {
                return;
            }
            try {
                write();
            } catch (IOException e) {
                renewFailed = e;
            }
        }

        /** Fails if the lease may have lapsed (a renewal failed and it expires soon), so gc may not know of us. */
        synchronized void check() throws StorageException {
            if (System.currentTimeMillis() > expires - ttlMillis / 3) {
                throw new StorageException("this command's lease in the store could not be renewed ("
                    + (renewFailed == null ? "too slow" : renewFailed.getMessage()) + "); stopping before the ref"
                    + " moves, since a gc may not see it", renewFailed);
            }
        }

        @Override
        public synchronized void close() {
            if (renewal != null) {
                renewal.cancel(false);
            }
            if (key != null) {
                try {
                    store.delete(key);
                } catch (IOException e) {
                    // it expires by itself
                }
                key = null;
            }
        }
    }

    /** Writes a lease of {@code kind} and keeps renewing it until it is closed. */
    static Lease take(Store store, String kind) throws StorageException {
        Lease l = new Lease(store, kind);
        try {
            l.write();
        } catch (IOException e) {
            throw new StorageException("cannot write a lease into the store: " + e.getMessage(), e);
        }
        long every = Math.max(1, ttlMillis / 3);
        l.renewal = RENEWER.scheduleWithFixedDelay(l::renew, every, every, TimeUnit.MILLISECONDS);
        return l;
    }

    /**
     * A writer lease, taken before the writer looks at what the store holds: if a gc is deleting, this
     * waits for it to finish (at most a lease's lifetime), so the writer never counts on what it deletes.
     */
    static Lease forWriting(Store store) throws StorageException {
        Lease l = take(store, WRITER);
        List<String> collectors = awaitNone(store, COLLECTOR, null, ttlMillis);
        if (!collectors.isEmpty()) {
            l.close();
            throw new StorageException("a gc is deleting in this store (" + String.join(", ", collectors)
                + "); nothing was written, try again when it is done");
        }
        return l;
    }

    /** The leases of {@code kind} other than {@code mine} that still count: unexpired, holder not known dead. */
    static List<String> active(Store store, String kind, Lease mine) throws StorageException {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        try (Stream<String> keys = store.list(PREFIX + kind + "-")) {
            for (String k : (Iterable<String>) keys::iterator) {
                String[] parts = k.substring(PREFIX.length()).split("-", 3);
                if (parts.length != 3 || (mine != null && parts[2].equals(mine.id))) {
                    continue;
                }
                long exp;
                try {
                    exp = Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    continue; // not a lease
                }
                if (exp > now && !holderIsGone(store, k)) {
                    out.add(describe(store, k));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list the store's leases: " + e.getMessage(), e);
        }
        return out;
    }

    /** Waits (polling) until no lease of {@code kind} counts, at most {@code maxMillis}; the ones left. */
    static List<String> awaitNone(Store store, String kind, Lease mine, long maxMillis) throws StorageException {
        long deadline = System.currentTimeMillis() + maxMillis;
        long pause = 20;
        while (true) {
            List<String> left = active(store, kind, mine);
            if (left.isEmpty() || System.currentTimeMillis() >= deadline) {
                return left;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    private static Map<String, Object> holder(Store store, String key) throws IOException {
        try (InputStream in = store.get(key)) {
            Map<String, Object> m = Json.object(Json.read(in.readAllBytes()));
            return m == null ? Map.of() : m;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException | RuntimeException damaged) {
            return Map.of();
        }
    }

    /** A holder on this host whose process (pid and start time) no longer runs. */
    private static boolean holderIsGone(Store store, String key) throws IOException {
        Map<String, Object> h = holder(store, key);
        if (h == null) {
            return true; // released since the listing
        }
        Long pid = Json.integer(h.get("pid"));
        if (!HOST.equals(h.get("host")) || pid == null) {
            return false;
        }
        Long start = Json.integer(h.get("start"));
        return ProcessHandle.of(pid).filter(p -> start == null || start == 0
            || p.info().startInstant().map(i -> i.toEpochMilli() == start).orElse(true)).isEmpty();
    }

    private static String describe(Store store, String key) throws IOException {
        Map<String, Object> h = holder(store, key);
        return h == null || h.isEmpty() ? key : "process " + h.get("pid") + " on " + h.get("host");
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
