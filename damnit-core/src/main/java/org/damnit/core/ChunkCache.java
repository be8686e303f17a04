package org.damnit.core;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.damnit.ObjectId;

/**
 * Verified decoded chunks shared by every reader of one repository, across opens: a long-lived process
 * (the web server, the mount) decodes a BAM's header and index once, not once per client. Keyed by chunk
 * id, which is the SHA-256 of the content, so an entry is never stale. Bounded in bytes: a chunk larger
 * than a quarter of the capacity is not kept. Segmented LRU: a chunk enters on probation and is protected
 * once it is read again, so one long sequential read (a whole-file download) passes through probation
 * without pushing out what is read over and over. Readers of the same chunk wait for one decode.
 * Thread-safe; callers must not modify the arrays.
 */
final class ChunkCache {
    /** Decodes and checks one chunk. */
    interface Loader {
        byte[] load() throws IOException;
    }

    private final long capacity;
    private final long protectedCapacity;
    private final LinkedHashMap<ObjectId, byte[]> probation = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<ObjectId, byte[]> kept = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<ObjectId, CompletableFuture<byte[]>> loading = new HashMap<>();
    private long probationBytes;
    private long keptBytes;

    ChunkCache(long capacity) {
        this.capacity = capacity;
        this.protectedCapacity = capacity * 3 / 4;
    }

    /** The chunk {@code id}, from the cache or from {@code loader} (called by one thread at a time per id). */
    byte[] get(ObjectId id, Loader loader) throws IOException {
        CompletableFuture<byte[]> f;
        synchronized (this) {
            byte[] d = hit(id);
            if (d != null) {
                return d;
            }
            f = loading.get(id);
            if (f == null) {
                loading.put(id, new CompletableFuture<>());
            }
        }
        return f == null ? load(id, loader) : await(f);
    }

    /** Whether the chunk {@code id} is kept (not counted as a use). */
    synchronized boolean contains(ObjectId id) {
        return kept.containsKey(id) || probation.containsKey(id);
    }

    /** The chunk {@code id} if it is kept (counted as a use, like {@link #get}); null otherwise. Never loads. */
    synchronized byte[] peek(ObjectId id) {
        return hit(id);
    }

    private byte[] load(ObjectId id, Loader loader) throws IOException {
        CompletableFuture<byte[]> f;
        try {
            byte[] d = loader.load();
            synchronized (this) {
                f = loading.remove(id);
                admit(id, d);
            }
            f.complete(d);
            return d;
        } catch (IOException | RuntimeException | Error e) {
            synchronized (this) {
                f = loading.remove(id);
            }
            f.completeExceptionally(e);
            throw e;
        }
    }

    private static byte[] await(CompletableFuture<byte[]> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                // a fresh exception for this thread's stack, with the same cause (a CorruptObjectException for damage)
                throw new IOException(io.getMessage(), io.getCause() != null ? io.getCause() : io);
            }
            throw e;
        }
    }

    private byte[] hit(ObjectId id) {
        byte[] d = kept.get(id);
        if (d != null) {
            return d;
        }
        d = probation.remove(id);
        if (d != null) { // read again: protected from now on
            probationBytes -= d.length;
            kept.put(id, d);
            keptBytes += d.length;
            Iterator<Map.Entry<ObjectId, byte[]>> it = kept.entrySet().iterator();
            while (keptBytes > protectedCapacity && it.hasNext()) {
                Map.Entry<ObjectId, byte[]> e = it.next();
                if (e.getKey().equals(id)) {
                    continue;
                }
                it.remove(); // back on probation, as its most recent entry
                keptBytes -= e.getValue().length;
                probation.put(e.getKey(), e.getValue());
                probationBytes += e.getValue().length;
            }
            trim();
        }
        return d;
    }

    private void admit(ObjectId id, byte[] d) {
        if (d.length > capacity / 4 || kept.containsKey(id) || probation.containsKey(id)) {
            return;
        }
        probation.put(id, d);
        probationBytes += d.length;
        trim();
    }

    /** Evicts from probation, oldest first, until the total fits (protected entries never exceed 3/4 of it). */
    private void trim() {
        Iterator<byte[]> it = probation.values().iterator();
        while (probationBytes + keptBytes > capacity && it.hasNext()) {
            probationBytes -= it.next().length;
            it.remove();
        }
    }

    /** Bytes held, for tests. */
    synchronized long bytes() {
        return probationBytes + keptBytes;
    }
}
