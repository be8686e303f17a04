package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Chunks in packs: dedup lookups, encoding (zstd, or a delta against a similar stored chunk when that
 * is much smaller), and reading back with every record's CRC and every chunk's SHA-256 checked.
 */
final class ChunkStore implements AutoCloseable {
    /** A delta chain is never longer than this, so a restore replays at most this many patches. */
    static final int MAX_DEPTH = 4;
    /** Keep a delta only if it is at most this fraction of the compressed chunk. */
    static final double DELTA_GAIN = 0.5;
    /** A delta at most this fraction of the chunk is kept without compressing the chunk to compare. */
    static final double DELTA_CERTAIN = 0.02;
    /**
     * Try bsdiff (about 0.5 s per MiB) only when zstd's delta leaves more than this fraction and the
     * chunk looks like its base with bytes changed in place (same length, few aligned differences):
     * the scattered edits where bsdiff beats zstd.
     */
    static final double BSDIFF_TRY = 0.02;
    /** A splice delta this small (relative to the chunk) is kept without trying the slower codecs. */
    static final double SPLICE_ENOUGH = 0.001;
    /** bsdiff needs about 8 bytes of heap per input byte: only small inputs. */
    static final long BSDIFF_MAX_INPUT = 3L << 20;

    private final Store store;
    private final ChunkIndex index;
    private final Path tmpDir;
    private final Config config;
    private volatile boolean synced;
    /** Recently decoded delta bases: neighbouring chunks of a file share them. */
    private final BaseCache bases = new BaseCache(32L << 20);
    private final Path cacheDir;
    private SketchIndex sketches;

    ChunkStore(Store store, Path cacheDir, Path tmpDir, Config config) {
        this.store = store;
        this.index = new ChunkIndex(cacheDir, store);
        this.tmpDir = tmpDir;
        this.config = config;
        this.cacheDir = cacheDir;
    }

    private synchronized SketchIndex sketches() {
        if (sketches == null) {
            sketches = SketchIndex.load(cacheDir.resolve("sketches"));
        }
        return sketches;
    }

    ChunkIndex index() {
        return index;
    }

    /** Makes sure the dedup index knows every pack in the store. */
    void sync() throws StorageException {
        try {
            index.sync();
            synced = true;
        } catch (IOException e) {
            throw new StorageException("cannot update the chunk index from " + store + ": " + e.getMessage(), e);
        }
    }

    private void ensureSynced() throws StorageException {
        if (!synced) {
            sync();
        }
    }

    Optional<ChunkIndex.Location> locate(ObjectId id) throws StorageException {
        ensureSynced();
        try {
            return index.find(id);
        } catch (IOException e) {
            throw new StorageException("chunk index lookup failed: " + e.getMessage(), e);
        }
    }

    /** Reads, decodes and checks one chunk, applying at most {@link #MAX_DEPTH} deltas. */
    byte[] read(ObjectId id) throws DamnitException {
        return read(id, 0, null);
    }

    /** Like {@link #read(ObjectId)}, adding to {@code fetched} each chunk record read from the store (bases too). */
    byte[] read(ObjectId id, java.util.concurrent.atomic.LongAdder fetched) throws DamnitException {
        return read(id, 0, fetched);
    }

    private byte[] read(ObjectId id, int level, java.util.concurrent.atomic.LongAdder fetched) throws DamnitException {
        if (level > MAX_DEPTH) {
            throw new CorruptObjectException("chunk " + id.abbreviate(12) + ": delta chain longer than " + MAX_DEPTH);
        }
        Optional<ChunkIndex.Location> loc = locate(id);
        if (loc.isEmpty()) {
            sync(); // another writer may have added it since
            loc = locate(id);
        }
        if (loc.isEmpty()) {
            throw new CorruptObjectException("chunk " + id.abbreviate(12) + " is missing: no pack holds it");
        }
        ChunkIndex.Location l = loc.get();
        String where = "chunk " + id.abbreviate(12) + " in " + Pack.packKey(l.pack());
        byte[] rec;
        try (InputStream in = store.get(Pack.packKey(l.pack()), l.offset(), l.recordLength())) {
            rec = in.readNBytes(l.recordLength());
        } catch (NoSuchFileException e) {
            throw new CorruptObjectException(where + " is missing: the pack is gone");
        } catch (IOException e) {
            throw new StorageException("cannot read " + where + ": " + e.getMessage(), e);
        }
        if (rec.length != l.recordLength()) {
            throw new CorruptObjectException(where + " is truncated");
        }
        if (fetched != null) {
            fetched.increment();
        }
        Pack.Parsed p = Pack.parse(where, rec);
        if (!p.id().equals(id)) {
            throw new CorruptObjectException(where + " holds another chunk");
        }
        byte[] data = switch (p.codec()) {
            case Pack.CODEC_RAW -> java.util.Arrays.copyOfRange(rec, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
            case Pack.CODEC_ZSTD -> Delta.unzstd(where, rec, p.payloadOffset(), p.payloadLength(), p.rawLength());
            case Pack.CODEC_ZSTD_DELTA -> Delta.zstdPatchApply(where, readAll(p.bases(), level + 1, fetched), rec,
                p.payloadOffset(), p.payloadLength(), p.rawLength());
            case Pack.CODEC_BSDIFF -> Delta.bspatch(where, readAll(p.bases(), level + 1, fetched), rec, p.payloadOffset(),
                p.payloadLength(), p.rawLength());
            case Pack.CODEC_SPLICE -> Delta.spliceApply(where, readAll(p.bases(), level + 1, fetched), rec, p.payloadOffset(),
                p.payloadLength(), p.rawLength());
            default -> throw new CorruptObjectException(where + " uses unknown codec " + p.codec());
        };
        if (data.length != p.rawLength() || !ObjectDb.sha256(data, 0, data.length).equals(id)) {
            throw new CorruptObjectException(where + " is damaged: its content does not hash to its id");
        }
        return data;
    }

    /** The concatenated content of delta bases. */
    private byte[] readAll(List<ObjectId> ids, int level, java.util.concurrent.atomic.LongAdder fetched)
        throws DamnitException {
        if (ids.size() == 1) {
            return readBase(ids.get(0), level, fetched);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ObjectId b : ids) {
            out.writeBytes(readBase(b, level, fetched));
        }
        return out.toByteArray();
    }

    private byte[] readBase(ObjectId id, int level, java.util.concurrent.atomic.LongAdder fetched)
        throws DamnitException {
        byte[] cached = bases.get(id);
        if (cached != null) {
            return cached;
        }
        byte[] data = read(id, level, fetched);
        bases.put(id, data);
        return data;
    }

    /** A small LRU of decoded chunks, bounded in bytes. Callers must not modify the arrays. */
    private static final class BaseCache {
        private final long capacity;
        private long size;
        private final java.util.LinkedHashMap<ObjectId, byte[]> map = new java.util.LinkedHashMap<>(16, 0.75f, true);

        BaseCache(long capacity) {
            this.capacity = capacity;
        }

        synchronized byte[] get(ObjectId id) {
            return map.get(id);
        }

        synchronized void put(ObjectId id, byte[] data) {
            if (data.length > capacity / 4 || map.containsKey(id)) {
                return;
            }
            map.put(id, data);
            size += data.length;
            var it = map.entrySet().iterator();
            while (size > capacity && it.hasNext()) {
                size -= it.next().getValue().length;
                it.remove();
            }
        }
    }

    /** A chunk's encoding: codec, delta depth, payload and delta bases. */
    private record Encoded(int codec, int depth, byte[] payload, List<ObjectId> bases) {
    }

    /** A write session: chunks go into packs published as they fill; {@link #finish()} publishes the rest. */
    Writer writer() throws StorageException {
        ensureSynced();
        return new Writer(new PackWriter(store, tmpDir, config.packSize(), index));
    }

    final class Writer implements AutoCloseable {
        private final PackWriter packs;
        private final Set<ObjectId> inProgress = ConcurrentHashMap.newKeySet();

        private Writer(PackWriter packs) {
            this.packs = packs;
        }

        /**
         * Stores the chunk [off, off + len) of {@code buf} unless it is already stored (or being stored by
         * another thread of this session); only a chunk that is stored is copied out of {@code buf}.
         *
         * @param candidates chunks that may resemble it, best first
         * @return true if this call wrote it
         */
        boolean store(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates) throws DamnitException {
            if (locate(id).isPresent() || !inProgress.add(id)) {
                return false;
            }
            boolean compressible = Delta.looksCompressible(buf, off, len);
            if (!compressible && (candidates.isEmpty() || !config.deltas())) {
                // new bytes that do not compress (gzip'd FASTQ, BAM) and nothing to diff against: stored as read
                packs.add(Pack.CODEC_RAW, 0, id, len, buf, off, len, List.of());
                syncIfLarge();
                return true;
            }
            byte[] data = off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
            // 1. a splice against the previous version's chunks: enough for a local edit, and then the
            //    chunk needs neither a sketch (its base has one) nor compressing to compare
            Encoded delta = config.deltas() ? bestSplice(id, data, candidates) : null;
            long[] sf = null;
            if (config.deltas() && compressible && (delta == null || delta.payload.length > data.length * SPLICE_ENOUGH)) {
                // a similar stored chunk under any name: its super-features match. Chunks that do not
                // compress (gzip'd, BGZF, encrypted) are not sketched: an edit rewrites them entirely.
                sf = Sketch.superFeatures(data);
                ObjectId similar = sketches().find(sf);
                if (similar != null && !similar.equals(id) && candidates.stream().noneMatch(c -> c.contains(similar))) {
                    List<List<ObjectId>> more = new java.util.ArrayList<>(candidates);
                    more.add(List.of(similar));
                    candidates = more;
                    delta = smaller(delta, splice(id, data, similar));
                }
                // 2. zstd with the chunks covering the same range as dictionary; bsdiff for in-place edits
                delta = smaller(delta, patchDelta(id, data, candidates));
            }
            Encoded full = delta != null && delta.payload.length <= data.length * DELTA_CERTAIN ? null
                : compress(data, compressible);
            Encoded chosen = full;
            if (delta != null && (full == null || delta.payload.length <= full.payload.length * DELTA_GAIN)) {
                chosen = delta;
            }
            packs.add(chosen.codec, chosen.depth, id, data.length, chosen.payload, chosen.payload.length, chosen.bases);
            if (sf != null) {
                sketches().add(sf, id);
            }
            syncIfLarge();
            return true;
        }

        private void syncIfLarge() throws StorageException {
            if (index.pendingSize() > ChunkIndex.BATCH) {
                sync(); // keep the heap bounded on very large commits
            }
        }

        private Encoded compress(byte[] data, boolean compressible) {
            int level = config.compressionLevel();
            if (level > 0 && compressible) {
                byte[] z = Delta.zstd(data, level);
                if (z.length < data.length) {
                    return new Encoded(Pack.CODEC_ZSTD, 0, z, List.of());
                }
            }
            return new Encoded(Pack.CODEC_RAW, 0, data, List.of());
        }

        /**
         * The smallest checked splice against a single candidate chunk (a chunk with a local edit starts
         * and ends like exactly one chunk of the previous version), trying them in the given order and
         * stopping at the first that is small enough.
         */
        private Encoded bestSplice(ObjectId id, byte[] data, List<List<ObjectId>> candidates) throws DamnitException {
            Encoded best = null;
            java.util.Set<ObjectId> singles = new java.util.LinkedHashSet<>();
            candidates.forEach(singles::addAll);
            for (ObjectId b : singles) {
                best = smaller(best, splice(id, data, b));
                if (best != null && best.payload.length <= data.length * SPLICE_ENOUGH) {
                    break;
                }
            }
            return best;
        }

        private Encoded splice(ObjectId id, byte[] data, ObjectId b) throws DamnitException {
            int depth = depthOf(List.of(b), id);
            if (depth < 0) {
                return null;
            }
            byte[] base = readBase(b, 0, null);
            byte[] sp = Delta.splice(base, data);
            return Delta.roundTrips(base, data, sp, Pack.CODEC_SPLICE) ? new Encoded(Pack.CODEC_SPLICE, depth, sp, List.of(b)) : null;
        }

        /** zstd patch-from, or bsdiff for in-place edits, against each candidate range; the smallest, or null. */
        private Encoded patchDelta(ObjectId id, byte[] data, List<List<ObjectId>> candidates) throws DamnitException {
            Encoded best = null;
            for (List<ObjectId> bases : candidates) {
                int depth = depthOf(bases, id);
                if (depth < 0) {
                    continue;
                }
                byte[] base = readAll(bases, 0, null);
                byte[] z = Delta.zstdPatchFrom(base, data);
                if (Delta.roundTrips(base, data, z, Pack.CODEC_ZSTD_DELTA)) {
                    best = smaller(best, new Encoded(Pack.CODEC_ZSTD_DELTA, depth, z, bases));
                }
                if (config.bsdiff() && z.length > data.length * BSDIFF_TRY && Delta.inPlaceEdits(base, data)
                    && (long) base.length + data.length <= BSDIFF_MAX_INPUT) {
                    byte[] bs = Delta.bsdiff(base, data);
                    if (bs != null && (best == null || bs.length < best.payload.length)
                        && Delta.roundTrips(base, data, bs, Pack.CODEC_BSDIFF)) {
                        best = new Encoded(Pack.CODEC_BSDIFF, depth, bs, bases);
                    }
                }
            }
            return best;
        }

        private static Encoded smaller(Encoded a, Encoded b) {
            return a == null || (b != null && b.payload.length < a.payload.length) ? b : a;
        }

        /** The depth a delta against {@code bases} would have, or -1 if they cannot be used. */
        private int depthOf(List<ObjectId> bases, ObjectId id) throws StorageException {
            int depth = 0;
            for (ObjectId b : bases) {
                Optional<ChunkIndex.Location> bl = locate(b);
                if (b.equals(id) || bl.isEmpty() || bl.get().depth() >= MAX_DEPTH) {
                    return -1;
                }
                depth = Math.max(depth, bl.get().depth() + 1);
            }
            return depth;
        }

        /** Publishes the last pack and records every new pack in the on-disk index. */
        void finish() throws StorageException {
            packs.flush();
            sync();
            try {
                sketches().save();
            } catch (IOException e) {
                // a hint only: the next commit finds fewer delta bases
            }
        }

        long bytesPublished() {
            return packs.bytesPublished();
        }

        @Override
        public void close() {
            packs.close();
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
