package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
    /**
     * Try bsdiff only when zstd's patch-from leaves between these fractions of the chunk: similar
     * content that zstd encodes poorly (scattered edits). Below, zstd is good enough; above, the chunk is
     * largely new and bsdiff (about 0.5 s per MiB) cannot win much.
     */
    static final double BSDIFF_TRY = 0.02;
    static final double BSDIFF_UNTIL = 0.2;
    /** A splice delta this small (relative to the chunk) is kept without trying the slower codecs. */
    static final double SPLICE_ENOUGH = 0.001;
    /** bsdiff needs about 8 bytes of heap per input byte: only small inputs. */
    static final long BSDIFF_MAX_INPUT = 3L << 20;

    private final Store store;
    private final ChunkIndex index;
    private final Path tmpDir;
    private final Config config;
    private volatile boolean synced;

    ChunkStore(Store store, Path cacheDir, Path tmpDir, Config config) {
        this.store = store;
        this.index = new ChunkIndex(cacheDir, store);
        this.tmpDir = tmpDir;
        this.config = config;
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
        return read(id, 0);
    }

    private byte[] read(ObjectId id, int level) throws DamnitException {
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
        Pack.Parsed p = Pack.parse(where, rec);
        if (!p.id().equals(id)) {
            throw new CorruptObjectException(where + " holds another chunk");
        }
        byte[] data = switch (p.codec()) {
            case Pack.CODEC_RAW -> java.util.Arrays.copyOfRange(rec, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
            case Pack.CODEC_ZSTD -> Delta.unzstd(where, rec, p.payloadOffset(), p.payloadLength(), p.rawLength());
            case Pack.CODEC_ZSTD_DELTA -> Delta.zstdPatchApply(where, readAll(p.bases(), level + 1), rec,
                p.payloadOffset(), p.payloadLength(), p.rawLength());
            case Pack.CODEC_BSDIFF -> Delta.bspatch(where, readAll(p.bases(), level + 1), rec, p.payloadOffset(),
                p.payloadLength(), p.rawLength());
            case Pack.CODEC_SPLICE -> Delta.spliceApply(where, readAll(p.bases(), level + 1), rec, p.payloadOffset(),
                p.payloadLength(), p.rawLength());
            default -> throw new CorruptObjectException(where + " uses unknown codec " + p.codec());
        };
        if (data.length != p.rawLength() || !ObjectDb.sha256(data, 0, data.length).equals(id)) {
            throw new CorruptObjectException(where + " is damaged: its content does not hash to its id");
        }
        return data;
    }

    /** The concatenated content of delta bases. */
    private byte[] readAll(List<ObjectId> ids, int level) throws DamnitException {
        if (ids.size() == 1) {
            return read(ids.get(0), level);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ObjectId b : ids) {
            out.writeBytes(read(b, level));
        }
        return out.toByteArray();
    }

    /** A write session: chunks go into packs published as they fill; {@link #finish()} publishes the rest. */
    Writer writer() throws StorageException {
        ensureSynced();
        return new Writer(new PackWriter(store, tmpDir, config.packSize(), index));
    }

    final class Writer implements AutoCloseable {
        private final PackWriter packs;
        private final Set<ObjectId> inProgress = ConcurrentHashMap.newKeySet();
        final AtomicLong deltas = new AtomicLong();
        final AtomicLong deltaBytesSaved = new AtomicLong();

        private Writer(PackWriter packs) {
            this.packs = packs;
        }

        /**
         * Stores a chunk unless it is already stored (or being stored by another thread of this session).
         *
         * @param bases chunks that may resemble it, best first
         * @return true if this call wrote it
         */
        boolean store(ObjectId id, byte[] data, List<List<ObjectId>> candidates) throws DamnitException {
            if (locate(id).isPresent() || !inProgress.add(id)) {
                return false;
            }
            int level = config.compressionLevel();
            byte[] full = level > 0 && Delta.looksCompressible(data) ? Delta.zstd(data, level) : data;
            int codec = level > 0 && full.length < data.length ? Pack.CODEC_ZSTD : Pack.CODEC_RAW;
            if (codec == Pack.CODEC_RAW) {
                full = data;
            }
            byte[] best = full;
            int bestCodec = codec;
            List<ObjectId> bestBases = List.of();
            int bestDepth = 0;
            if (config.deltas()) {
                for (List<ObjectId> bases : candidates) {
                    int depth = 0;
                    boolean usable = !bases.contains(id);
                    for (ObjectId b : bases) {
                        Optional<ChunkIndex.Location> bl = locate(b);
                        if (bl.isEmpty() || bl.get().depth() >= MAX_DEPTH) {
                            usable = false;
                            break;
                        }
                        depth = Math.max(depth, bl.get().depth() + 1);
                    }
                    if (!usable) {
                        continue;
                    }
                    byte[] base = readAll(bases, 0);
                    byte[] sp = Delta.splice(base, data);
                    if (sp.length < best.length && Delta.roundTrips(base, data, sp, Pack.CODEC_SPLICE)) {
                        best = sp;
                        bestCodec = Pack.CODEC_SPLICE;
                        bestBases = bases;
                        bestDepth = depth;
                        if (sp.length <= data.length * SPLICE_ENOUGH) {
                            continue; // a local edit: no compressor can gain enough to pay for itself
                        }
                    }
                    byte[] z = Delta.zstdPatchFrom(base, data);
                    if (z.length < best.length && Delta.roundTrips(base, data, z, Pack.CODEC_ZSTD_DELTA)) {
                        best = z;
                        bestCodec = Pack.CODEC_ZSTD_DELTA;
                        bestBases = bases;
                        bestDepth = depth;
                    }
                    if (config.bsdiff() && z.length > data.length * BSDIFF_TRY && z.length < data.length * BSDIFF_UNTIL
                        && (long) base.length + data.length <= BSDIFF_MAX_INPUT) {
                        byte[] bs = Delta.bsdiff(base, data);
                        if (bs != null && bs.length < best.length && Delta.roundTrips(base, data, bs, Pack.CODEC_BSDIFF)) {
                            best = bs;
                            bestCodec = Pack.CODEC_BSDIFF;
                            bestBases = bases;
                            bestDepth = depth;
                        }
                    }
                }
                if (!bestBases.isEmpty() && best.length > full.length * DELTA_GAIN) {
                    best = full; // not worth a dependency on other chunks
                    bestCodec = codec;
                    bestBases = List.of();
                    bestDepth = 0;
                }
                if (!bestBases.isEmpty()) {
                    deltas.incrementAndGet();
                    deltaBytesSaved.addAndGet(full.length - best.length);
                }
            }
            packs.add(bestCodec, bestDepth, id, data.length, best, best.length, bestBases);
            if (index.pendingSize() > ChunkIndex.BATCH) {
                sync(); // keep the heap bounded on very large commits
            }
            return true;
        }

        /** Publishes the last pack and records every new pack in the on-disk index. */
        void finish() throws StorageException {
            packs.flush();
            sync();
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
