package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * The deep form of stored content that no gzip container covers (docs/FORMAT.md, "Content codecs"): the
 * chunks of a file whose first chunk a content codec recognises are stored again through that codec, a
 * second record of the same chunk id, wherever that record is shorter than the one stored. Each encoding
 * is decoded and compared with the chunk before it is written, and every record written is read back
 * from the store and compared with what was checked before the session ends; the old record stays until
 * gc, which keeps the preferred (here: the shorter, never deeper) record of each chunk. A chunk whose
 * record is already a content codec's (or, in a container's content, a delta: its encoder tried the codec
 * and found the delta shorter) is left as it is, so a second run writes nothing.
 */
final class Recoder {
    /**
     * What one file's pass did.
     *
     * @param chunks      distinct chunks looked at
     * @param already     chunks whose record was already a content codec's
     * @param recoded     chunks given a content codec's record by this pass
     * @param bytesSaved  record bytes the new records save over the ones they supersede
     * @param bytesStored bytes of packs published
     */
    record Outcome(long chunks, long already, long recoded, long bytesSaved, long bytesStored) {
        static final Outcome NONE = new Outcome(0, 0, 0, 0, 0);
    }

    private Recoder() {
    }

    /** The first registered content codec that recognises a file starting with {@code first}, or null. */
    static ContentCodec recognise(byte[] first) {
        if (!ChunkEncoder.CONTENT_CODECS_FIT) {
            return null;
        }
        for (ContentCodec c : ChunkCodecs.content()) {
            if (c.recognises(first, 0, first.length)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Whether a chunk's record needs no recoding: a content codec's, or (when {@code deltasDecided}: a
     * container's content, whose encoder tried the codec on every chunk and found a delta shorter) a delta.
     */
    static boolean decided(ChunkIndex.Location l, boolean deltasDecided) {
        return ChunkCodecs.byId(l.codec()) instanceof ContentCodec || deltasDecided && l.depth() > 0;
    }

    /**
     * Re-stores the chunks {@code pieces} (a file's, or a container's content stream) through
     * {@code codec}, on the threads of {@code pool}; see {@link #decided} for {@code deltasDecided}.
     */
    static Outcome recode(ChunkStore chunks, Store store, Config config, List<Node.Piece> pieces, ContentCodec codec,
                          Object fileState, boolean deltasDecided, ExecutorService pool, int threads, String path)
        throws DamnitException {
        Set<ObjectId> ids = new LinkedHashSet<>();
        pieces.forEach(p -> ids.add(p.id()));
        long already = 0;
        List<ObjectId> todo = new ArrayList<>();
        for (ObjectId id : ids) {
            Optional<ChunkIndex.Location> l = chunks.locate(id);
            if (l.isEmpty()) {
                continue; // re-created by a container: its content is what gets recoded
            }
            if (decided(l.get(), deltasDecided)) {
                already++;
            } else {
                todo.add(id);
            }
        }
        if (todo.isEmpty()) {
            return new Outcome(ids.size(), already, 0, 0, 0);
        }
        Map<ObjectId, byte[]> written = new ConcurrentHashMap<>(); // id -> SHA-256 of the checked payload
        AtomicLong saved = new AtomicLong();
        long stored;
        try (ChunkStore.Writer writer = chunks.writer(-1, true)) {
            Semaphore inFlight = new Semaphore(2 * threads);
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < todo.size(); i++) {
                    ObjectId id = todo.get(i);
                    if (i == ChunkEncoder.CONTENT_GIVE_UP_AFTER) {
                        // the first few decide whether to go on (waiting for them keeps the outcome the
                        // same whatever the order the threads finish in, so a second run finds nothing to do)
                        for (Future<?> f : futures) {
                            f.get();
                        }
                        if (written.isEmpty()) {
                            break; // the codec lost the file's first chunks and won none
                        }
                    }
                    inFlight.acquire();
                    futures.add(pool.submit(() -> {
                        try {
                            recodeOne(chunks, writer, codec, fileState, config, id, written, saved);
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("deep repack of " + path + " interrupted", e);
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(false));
                throw rethrow(e.getCause(), path);
            }
            writer.finish();
            stored = writer.bytesPublished();
            String bad = readBack(store, writer.published(), written);
            if (bad != null) {
                withdraw(store, writer.published());
                chunks.sync();
                throw new CorruptObjectException("deep repack of " + path + ": " + bad
                    + "; the records written were withdrawn and the file stays as it was");
            }
        }
        return new Outcome(ids.size(), already, written.size(), saved.get(), stored);
    }

    /** Encodes, checks and (if shorter than its stored record) writes one chunk; false if the codec lost. */
    private static boolean recodeOne(ChunkStore chunks, ChunkStore.Writer writer, ContentCodec codec, Object fileState,
                                     Config config, ObjectId id, Map<ObjectId, byte[]> written, AtomicLong saved)
        throws DamnitException {
        Optional<ChunkIndex.Location> l = chunks.locate(id);
        if (l.isEmpty()) {
            return true;
        }
        int raw = l.get().rawLength();
        try (MemoryBudget.Reservation memory = chunks.budget().reserve(2L * raw + codec.workBytes(raw))) {
            byte[] data = chunks.read(id); // its SHA-256 checked
            byte[] p;
            try {
                // coded alone (no reference bases): a second record has depth 0, so gc prefers it
                ContentCodec.Encoding e = codec.encode(data, config.compressionLevel(), fileState, References.NONE);
                p = e == null || !e.bases().isEmpty() || !codec.roundTrips(null, data, e.payload()) ? null : e.payload();
            } catch (RuntimeException | DamnitException e) {
                p = null; // a codec that fails on some input leaves the chunk as it is
            }
            long record = (long) Pack.RECORD_HEADER + (p == null ? 0 : p.length) + Pack.RECORD_FOOTER;
            if (p == null || record >= l.get().recordLength()) {
                return false;
            }
            writer.storeAgain(id, codec, p, data.length);
            written.put(id, sha256(p, 0, p.length));
            saved.addAndGet(l.get().recordLength() - record);
            return true;
        }
    }

    /** Reads every record of the published packs back from the store; null if each is the payload checked. */
    private static String readBack(Store store, List<ObjectId> packs, Map<ObjectId, byte[]> written)
        throws DamnitException {
        int found = 0;
        for (ObjectId pack : packs) {
            String indexKey = StoreLayout.PACK_INDEXES.key(pack);
            String packKey = StoreLayout.PACKS.key(pack);
            try {
                byte[] idx;
                try (InputStream in = store.get(indexKey)) {
                    idx = in.readAllBytes();
                }
                for (Pack.Entry e : Pack.decodeIndex(indexKey, pack, idx)) {
                    byte[] rec;
                    try (InputStream in = store.get(packKey, e.offset(), e.recordLength())) {
                        rec = in.readAllBytes();
                    }
                    Pack.Parsed r = Pack.parse(packKey + " at " + e.offset(), rec);
                    byte[] want = written.get(r.id());
                    if (want == null || !MessageDigest.isEqual(want, sha256(r.bytes(), r.payloadOffset(), r.payloadLength()))) {
                        return "the record of chunk " + r.id().abbreviate(12) + " read back from " + packKey
                            + " is not the one checked";
                    }
                    found++;
                }
            } catch (IOException e) {
                throw new StorageException("cannot read back " + packKey + ": " + e.getMessage(), e);
            }
        }
        return found == written.size() ? null : "only " + found + " of " + written.size() + " records were published";
    }

    /** Deletes packs this pass published (index first) whose records did not read back: the old records stand. */
    private static void withdraw(Store store, List<ObjectId> packs) {
        for (ObjectId pack : packs) {
            try {
                store.delete(StoreLayout.PACK_INDEXES.key(pack));
                store.delete(StoreLayout.PACKS.key(pack));
            } catch (IOException ignored) {
                // what stays is a valid pack of duplicate records, or one without an index: gc removes it
            }
        }
    }

    private static byte[] sha256(byte[] b, int off, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, off, len);
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DamnitException rethrow(Throwable t, String path) {
        if (t instanceof DamnitException d) {
            return d;
        }
        if (t instanceof OutOfMemoryError o) {
            throw o;
        }
        return new StorageException("deep repack of " + path + " failed: " + t, t);
    }
}
