package org.damnit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;

/**
 * How a new chunk is stored: the delta choice. zstd, or a delta against a similar stored chunk (a
 * candidate the caller names, or one whose resemblance sketch matches) when that is much smaller;
 * every delta is decoded and compared before it is chosen. Bases are read through {@link ChunkReader}.
 * Thread-safe.
 */
final class ChunkEncoder {
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

    /**
     * @param deltas           store a chunk as a delta against a similar stored one when much smaller
     * @param bsdiff           also try bsdiff where zstd's patch-from shows the chunks are similar
     * @param compressionLevel zstd level for full chunks, 0 for none
     */
    record Settings(boolean deltas, boolean bsdiff, int compressionLevel) {
    }

    /**
     * A chunk's encoding: the record's codec, delta depth and bases, and its payload, [offset, offset +
     * length) of {@code payload}; {@code sketch} is the chunk's resemblance sketch when it should be
     * remembered once the record is written.
     */
    record Encoded(ChunkCodec codec, int depth, byte[] payload, int offset, int length, List<ObjectId> bases,
                   long[] sketch) {
        static Encoded whole(ChunkCodec codec, int depth, byte[] payload, List<ObjectId> bases) {
            return new Encoded(codec, depth, payload, 0, payload.length, bases, null);
        }

        Encoded withSketch(long[] sf) {
            return new Encoded(codec, depth, payload, offset, length, bases, sf);
        }
    }

    private final ChunkReader chunks;
    private final Settings settings;
    private final Path sketchFile;
    private final MemoryBudget budget;
    private SketchIndex sketches;

    ChunkEncoder(ChunkReader chunks, Settings settings, Path sketchFile, MemoryBudget budget) {
        this.chunks = chunks;
        this.settings = settings;
        this.sketchFile = sketchFile;
        this.budget = budget;
    }

    private synchronized SketchIndex sketches() {
        if (sketches == null) {
            sketches = SketchIndex.load(sketchFile, budget.sketchCapacity);
        }
        return sketches;
    }

    /**
     * Encodes the chunk [off, off + len) of {@code buf}; only a chunk that is compressed or diffed is
     * copied out of {@code buf}.
     *
     * @param candidates chunks that may resemble it, best first
     */
    Encoded encode(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates) throws DamnitException {
        boolean compressible = Delta.looksCompressible(buf, off, len);
        if (!compressible && (candidates.isEmpty() || !settings.deltas())) {
            // new bytes that do not compress (gzip'd FASTQ, BAM) and nothing to diff against: stored as read
            return new Encoded(ChunkCodecs.RAW, 0, buf, off, len, List.of(), null);
        }
        try (MemoryBudget.Reservation memory = budget.reserve(4L * len)) { // its copy, compressed form and check
            return encode(id, buf, off, len, candidates, compressible, memory);
        }
    }

    private Encoded encode(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates,
                           boolean compressible, MemoryBudget.Reservation memory) throws DamnitException {
        byte[] data = off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
        // 1. a splice against the previous version's chunks: enough for a local edit, and then the
        //    chunk needs neither a sketch (its base has one) nor compressing to compare
        Encoded delta = settings.deltas() ? bestSplice(id, data, candidates, memory) : null;
        long[] sf = null;
        if (settings.deltas() && compressible && (delta == null || delta.length() > data.length * SPLICE_ENOUGH)) {
            // a similar stored chunk under any name: its super-features match. Chunks that do not
            // compress (gzip'd, BGZF, encrypted) are not sketched: an edit rewrites them entirely.
            sf = Sketch.superFeatures(data);
            ObjectId similar = sketches().find(sf);
            if (similar != null && !similar.equals(id) && candidates.stream().noneMatch(c -> c.contains(similar))) {
                List<List<ObjectId>> more = new java.util.ArrayList<>(candidates);
                more.add(List.of(similar));
                candidates = more;
                delta = smaller(delta, splice(id, data, similar, memory));
            }
            // 2. zstd with the chunks covering the same range as dictionary; bsdiff for in-place edits
            delta = smaller(delta, patchDelta(id, data, candidates, memory));
        }
        Encoded full = delta != null && delta.length() <= data.length * DELTA_CERTAIN ? null
            : compress(data, compressible);
        Encoded chosen = full;
        if (delta != null && (full == null || delta.length() <= full.length() * DELTA_GAIN)) {
            chosen = delta;
        }
        return chosen.withSketch(sf);
    }

    /** Called once the chunk's record is written: its sketch (if any) may now lead others to it. */
    void stored(ObjectId id, Encoded e) {
        if (e.sketch() != null) {
            sketches().add(e.sketch(), id);
        }
    }

    /** Saves the sketches; they are a hint only, so a failure just finds fewer delta bases next time. */
    void saveSketches() {
        try {
            sketches().save();
        } catch (IOException e) {
            // a hint only: the next commit finds fewer delta bases
        }
    }

    private Encoded compress(byte[] data, boolean compressible) {
        int level = settings.compressionLevel();
        if (level > 0 && compressible) {
            byte[] z = ChunkCodecs.ZSTD.encode(null, data, level);
            if (z.length < data.length) {
                return Encoded.whole(ChunkCodecs.ZSTD, 0, z, List.of());
            }
        }
        return Encoded.whole(ChunkCodecs.RAW, 0, data, List.of());
    }

    /**
     * The smallest checked splice against a single candidate chunk (a chunk with a local edit starts
     * and ends like exactly one chunk of the previous version), trying them in the given order and
     * stopping at the first that is small enough.
     */
    private Encoded bestSplice(ObjectId id, byte[] data, List<List<ObjectId>> candidates,
                               MemoryBudget.Reservation memory) throws DamnitException {
        Encoded best = null;
        java.util.Set<ObjectId> singles = new java.util.LinkedHashSet<>();
        candidates.forEach(singles::addAll);
        for (ObjectId b : singles) {
            best = smaller(best, splice(id, data, b, memory));
            if (best != null && best.length() <= data.length * SPLICE_ENOUGH) {
                break;
            }
        }
        return best;
    }

    private Encoded splice(ObjectId id, byte[] data, ObjectId b, MemoryBudget.Reservation memory) throws DamnitException {
        int depth = depthOf(List.of(b), id);
        if (depth < 0) {
            return null;
        }
        memory.grow(2L * rawLength(List.of(b))); // the base, and the middle and its check
        byte[] base = chunks.readBase(b, 0, null);
        byte[] sp = ChunkCodecs.SPLICE.encode(base, data, 0);
        return ChunkCodecs.SPLICE.roundTrips(base, data, sp) ? Encoded.whole(ChunkCodecs.SPLICE, depth, sp, List.of(b))
            : null;
    }

    /** zstd patch-from, or bsdiff for in-place edits, against each candidate range; the smallest, or null. */
    private Encoded patchDelta(ObjectId id, byte[] data, List<List<ObjectId>> candidates,
                               MemoryBudget.Reservation memory) throws DamnitException {
        Encoded best = null;
        for (List<ObjectId> bases : candidates) {
            int depth = depthOf(bases, id);
            if (depth < 0) {
                continue;
            }
            memory.grow(2L * rawLength(bases)); // the bases and their concatenation
            byte[] base = chunks.readAll(bases, 0, null);
            byte[] z = ChunkCodecs.ZSTD_DELTA.encode(base, data, 0);
            if (ChunkCodecs.ZSTD_DELTA.roundTrips(base, data, z)) {
                best = smaller(best, Encoded.whole(ChunkCodecs.ZSTD_DELTA, depth, z, bases));
            }
            if (settings.bsdiff() && z.length > data.length * BSDIFF_TRY && Delta.inPlaceEdits(base, data)
                && (long) base.length + data.length <= bsdiffMaxInput()) {
                memory.grow(8L * (base.length + data.length));
                byte[] bs = ChunkCodecs.BSDIFF.encode(base, data, 0);
                if (bs != null && (best == null || bs.length < best.length())
                    && ChunkCodecs.BSDIFF.roundTrips(base, data, bs)) {
                    best = Encoded.whole(ChunkCodecs.BSDIFF, depth, bs, bases);
                }
            }
        }
        return best;
    }

    /** bsdiff's inputs, at most: it needs about 8 bytes of heap per input byte. */
    private long bsdiffMaxInput() {
        return Math.min(BSDIFF_MAX_INPUT, budget.workBytes / 12);
    }

    private long rawLength(List<ObjectId> ids) throws StorageException {
        long n = 0;
        for (ObjectId b : ids) {
            n += chunks.locate(b).map(ChunkIndex.Location::rawLength).orElse(0);
        }
        return n;
    }

    private static Encoded smaller(Encoded a, Encoded b) {
        return a == null || (b != null && b.length() < a.length()) ? b : a;
    }

    /** The depth a delta against {@code bases} would have, or -1 if they cannot be used. */
    private int depthOf(List<ObjectId> bases, ObjectId id) throws StorageException {
        int depth = 0;
        for (ObjectId b : bases) {
            Optional<ChunkIndex.Location> bl = chunks.locate(b);
            if (b.equals(id) || bl.isEmpty() || bl.get().depth() >= ChunkReader.MAX_DEPTH) {
                return -1;
            }
            depth = Math.max(depth, bl.get().depth() + 1);
        }
        return depth;
    }
}
