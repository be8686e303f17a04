package org.damnit.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server's threads, with bounds on how long a client may take to send its request. The JDK server
 * reads a request's headers on one of these threads before any handler runs, and a handler reads the
 * body, so a client that sends slowly holds a thread. A watchdog interrupts a thread that has spent
 * longer than the header time on the headers, or that has received nothing of a body for the body idle
 * time: the blocked socket read then fails and its channel is closed. There are far more threads than
 * upload slots, so uploads that hang never keep the pages from answering.
 */
final class SlowClients implements AutoCloseable {
    private enum Phase { HEADERS, HANDLING, BODY, DONE }

    private static final class Watch {
        volatile Phase phase = Phase.HEADERS;
        volatile long since = System.nanoTime();
        volatile long limit = -1;
    }

    private final long headerNanos;
    private final long bodyIdleNanos;
    private final Map<Thread, Watch> watched = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;

    SlowClients(int maxThreads, Duration headerTime, Duration bodyIdleTime) {
        this.headerNanos = headerTime.toNanos();
        this.bodyIdleNanos = bodyIdleTime.toNanos();
        // threads wait for exchanges from the start and idle ones are kept a minute, so a client's burst of
        // requests (htslib opens several connections per query) is not met by creating threads
        this.pool = new ThreadPoolExecutor(Math.min(8, maxThreads), maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "damnit-web");
            t.setDaemon(true);
            return t;
        }) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                watched.put(t, new Watch());
            }

            @Override
            protected void afterExecute(Runnable r, Throwable failure) {
                watched.remove(Thread.currentThread());
                Thread.interrupted(); // a watchdog interrupt must not outlive its exchange
            }
        };
        pool.prestartAllCoreThreads();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "damnit-web-watchdog");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, Math.min(headerTime.toMillis(), bodyIdleTime.toMillis()) / 4);
        watchdog.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Where the exchanges run: a full pool refuses new connections (the JDK server closes them). */
    java.util.concurrent.Executor executor() {
        return pool;
    }

    private void check() {
        long now = System.nanoTime();
        for (Map.Entry<Thread, Watch> e : watched.entrySet()) {
            Watch w = e.getValue();
            long limit = w.phase == Phase.HEADERS ? headerNanos : w.phase == Phase.BODY ? w.limit : -1;
            if (limit >= 0 && now - w.since > limit) {
                w.phase = Phase.DONE;
                e.getKey().interrupt();
            }
        }
    }

    /** The headers are in; the handler runs (not timed). */
    void handling() {
        set(Phase.HANDLING);
    }

    private void set(Phase p) {
        set(p, bodyIdleNanos);
    }

    private void set(Phase p, long limit) {
        Watch w = watched.get(Thread.currentThread());
        if (w != null && w.phase != Phase.DONE) {
            w.phase = p;
            w.since = System.nanoTime();
            w.limit = limit;
        }
    }

    /**
     * Reads and discards a small body the request has not read, if all of it arrives within
     * {@code within}; false (the connection then closed, or to be closed) otherwise.
     */
    boolean discard(InputStream body, Duration within) {
        set(Phase.BODY, within.toNanos()); // one deadline for the whole body, not per read
        try {
            byte[] buf = new byte[8192];
            while (body.read(buf) >= 0) {
                // discarded
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            set(Phase.HANDLING);
        }
    }

    /** {@code body}, each read of which must receive something within the body idle time. */
    InputStream timed(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                set(Phase.BODY);
                try {
                    return super.read();
                } finally {
                    set(Phase.HANDLING);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                set(Phase.BODY);
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted() || e instanceof java.nio.channels.ClosedByInterruptException) {
                        throw new IOException("the client sent nothing for " + bodyIdleNanos / 1_000_000_000 + " s", e);
                    }
                    throw e;
                } finally {
                    set(Phase.HANDLING);
                }
            }
        };
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        pool.shutdownNow();
    }
}
