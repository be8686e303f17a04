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
     * @param contentCodecs    try the content codec that recognises a file ({@link ContentCodec}) on its
     *                         chunks that no delta wins
     */
    record Settings(boolean deltas, boolean bsdiff, int compressionLevel, boolean contentCodecs) {
        Settings(boolean deltas, boolean bsdiff, int compressionLevel) {
            this(deltas, bsdiff, compressionLevel, true);
        }
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

    /** A content codec that has lost this many of a file's chunks and won none is not tried on the rest. */
    static final int CONTENT_GIVE_UP_AFTER = 4;

    /** After this many chunks of a file in a row whose delta attempts did not pay, stop attempting... */
    static final int GIVE_UP_AFTER = 4;
    /** ...but probe every so many chunks (doubling up to {@link #PROBE_MAX} while probes fail). */
    static final int PROBE_MIN = 8;
    static final int PROBE_MAX = 64;

    /**
     * One file's record of whether delta attempts pay: after {@link #GIVE_UP_AFTER} chunks in a row
     * where they did not (a file regenerated wholesale: a re-alignment, a re-computed table), its chunks
     * are compressed without attempts, except for a probe now and then, so a later edited region is still
     * found; a probe that pays resumes attempting, and so does a chunk of the file that is already
     * stored (the file is not all new there, so an edit may be near). Thread-safe (a file's chunks are
     * encoded in parallel).
     */
    static final class DeltaHistory {
        private int failures;
        private int skipped;
        private int interval = PROBE_MIN;
        /** The content codec that recognised the file's first chunk, or null; set before any chunk is encoded. */
        private volatile ContentCodec content;
        /**
         * What the content codec took from the file's first chunk, or from its first chunks ({@link
         * #readOn}) when it is {@link ContentCodec.Unfinished} after the first.
         */
        private volatile Object contentState;
        private int contentLosses;
        private boolean contentWon;
        /** Whether the content codec is tried on every chunk, however many it lost. */
        private final boolean keepContentCodec;

        DeltaHistory() {
            this(false);
        }

        /**
         * {@code keepContentCodec}: the content codec is tried on every chunk of the file (the deep pass,
         * whose result must not depend on which chunks its threads happen to finish first).
         */
        DeltaHistory(boolean keepContentCodec) {
            this.keepContentCodec = keepContentCodec;
        }

        /** Waits until the chunks handed out so far are stored. */
        interface StoredBefore<E extends Exception> {
            void await() throws E;
        }

        /**
         * Gives the file's next chunk [off, off + len) of {@code b} to an unfinished content state ({@link
         * ContentCodec.Unfinished}; nothing otherwise), on the reading thread in order. Once the state is no
         * longer unfinished, waits for the chunks before to be stored ({@code storedBefore}) and then makes it
         * the state of the chunks not handed out yet: what each chunk is stored as does not depend on which
         * thread finishes first.
         */
        <E extends Exception> void readOn(byte[] b, int off, int len, StoredBefore<E> storedBefore) throws E {
            if (contentState instanceof ContentCodec.Unfinished u) {
                Object state = u.next(b, off, len);
                if (!(state instanceof ContentCodec.Unfinished)) {
                    storedBefore.await();
                }
                contentState = state;
            }
        }

        /** The file's content codec, while it still has a chance: it stops after losing its first few chunks. */
        synchronized ContentCodec content() {
            return content != null && (keepContentCodec || contentWon || contentLosses < CONTENT_GIVE_UP_AFTER)
                ? content : null;
        }

        synchronized void contentResult(boolean won) {
            if (won) {
                contentWon = true;
            } else {
                contentLosses++;
            }
        }

        synchronized boolean shouldTry() {
            if (failures < GIVE_UP_AFTER || ++skipped >= interval) {
                skipped = 0;
                return true;
            }
            return false;
        }

        /** A chunk of the file turned out to be stored already. */
        synchronized void stored() {
            failures = 0;
            interval = PROBE_MIN;
        }

        synchronized void record(boolean paid) {
            if (paid) {
                failures = 0;
                interval = PROBE_MIN;
            } else if (++failures > GIVE_UP_AFTER) {
                interval = Math.min(PROBE_MAX, interval * 2);
            }
        }
    }

    /**
     * What delta attempts cost and saved: CPU time of the attempts (splices, sketch lookups, zstd
     * patch-from, bsdiff, their checks), chunks attempted and won, bytes saved (against the compressed
     * chunk, or the raw one where a delta under {@link #DELTA_CERTAIN} made compressing it unnecessary),
     * and attempts left out by the resemblance estimate and by a file's {@link DeltaHistory}.
     */
    record Stats(long cpuNanos, long attempted, long won, long bytesSaved, long skippedByEstimate,
                 long skippedByHistory) {
    }

    private final java.util.concurrent.atomic.LongAdder cpuNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder attempted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder won = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder saved = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder skippedByEstimate = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder skippedByHistory = new java.util.concurrent.atomic.LongAdder();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Features of recently read delta bases, for the resemblance estimate. */
    private final java.util.Map<ObjectId, long[]> baseFeatures = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<ObjectId, long[]> e) {
                return size() > 4096;
            }
        });

    /**
     * What content codecs did: chunks tried and won, bytes saved (against zstd, or against the raw chunk
     * where the codec left at most {@link #DELTA_CERTAIN} of it and zstd was not run), and CPU time of
     * their encoding and check.
     */
    record ContentStats(long tried, long won, long bytesSaved, long cpuNanos) {
    }

    private final java.util.concurrent.atomic.LongAdder contentTried = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder contentWon = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder contentSaved = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder contentNanos = new java.util.concurrent.atomic.LongAdder();

    private final ChunkReader chunks;
    private final Settings settings;
    private final Path sketchFile;
    private final MemoryBudget budget;
    private final List<ContentCodec> contentCodecs;
    private SketchIndex sketches;
    private volatile References references = References.NONE;

    ChunkEncoder(ChunkReader chunks, Settings settings, Path sketchFile, MemoryBudget budget) {
        this(chunks, settings, sketchFile, budget, ChunkCodecs.content());
    }

    /** With these content codecs instead of the registered ones, in the order they are asked. */
    ChunkEncoder(ChunkReader chunks, Settings settings, Path sketchFile, MemoryBudget budget,
                 List<ContentCodec> contentCodecs) {
        this.chunks = chunks;
        this.settings = settings;
        this.sketchFile = sketchFile;
        this.budget = budget;
        this.contentCodecs = settings.contentCodecs() ? List.copyOf(contentCodecs) : List.of();
    }

    /**
     * Gives the file of {@code history} the first content codec that recognises its first chunk, [off,
     * off + len) of {@code b}; called once per file, before its chunks are encoded.
     */
    void recognise(DeltaHistory history, byte[] b, int off, int len) {
        for (ContentCodec c : contentCodecs) {
            if (c.recognises(b, off, len)) {
                history.contentState = c.fileState(b, off, len);
                history.content = c;
                return;
            }
        }
    }

    /** The reference sequences content codecs may code against (none unless set). */
    void references(References r) {
        references = r;
    }

    ContentStats contentStats() {
        return new ContentStats(contentTried.sum(), contentWon.sum(), contentSaved.sum(), contentNanos.sum());
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
    Stats stats() {
        return new Stats(cpuNanos.sum(), attempted.sum(), won.sum(), saved.sum(), skippedByEstimate.sum(),
            skippedByHistory.sum());
    }

    Encoded encode(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates) throws DamnitException {
        return encode(id, buf, off, len, candidates, null);
    }

    /** Like {@link #encode(ObjectId, byte[], int, int, List)}, as one chunk of a file with this {@code history} (or null). */
    Encoded encode(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates, DeltaHistory history)
        throws DamnitException {
        return encode(id, buf, off, len, candidates, history, settings.compressionLevel());
    }

    /** Like {@link #encode(ObjectId, byte[], int, int, List, DeltaHistory)}, compressing full chunks at {@code level}. */
    Encoded encode(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates, DeltaHistory history,
                   int level) throws DamnitException {
        boolean compressible = Delta.looksCompressible(buf, off, len);
        if (!compressible && (candidates.isEmpty() || !settings.deltas())) {
            // new bytes that do not compress (gzip'd FASTQ, BAM) and nothing to diff against: stored as read
            return new Encoded(ChunkCodecs.RAW, 0, buf, off, len, List.of(), null);
        }
        try (MemoryBudget.Reservation memory = budget.reserve(4L * len)) { // its copy, compressed form and check
            return encode(id, buf, off, len, candidates, compressible, memory, history, level);
        }
    }

    private Encoded encode(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates,
                           boolean compressible, MemoryBudget.Reservation memory, DeltaHistory history, int level)
        throws DamnitException {
        byte[] data = off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
        boolean attempt = settings.deltas() && (history == null || candidates.isEmpty() || history.shouldTry());
        if (settings.deltas() && !attempt) {
            skippedByHistory.increment();
        }
        long cpu = attempt ? cpuNow() : 0;
        // 1. a splice against the previous version's chunks: enough for a local edit, and then the
        //    chunk needs neither a sketch (its base has one) nor compressing to compare
        Encoded delta = attempt ? bestSplice(id, data, candidates, memory) : null;
        long[] sf = null;
        if (settings.deltas() && compressible && (delta == null || delta.length() > data.length * SPLICE_ENOUGH)) {
            // a similar stored chunk under any name: its super-features match. Chunks that do not
            // compress (gzip'd, BGZF, encrypted) are not sketched: an edit rewrites them entirely.
            long[] features = Sketch.features(data);
            sf = Sketch.superFeatures(features);
            if (attempt) {
                ObjectId similar = sketches().find(sf);
                if (similar != null && !similar.equals(id) && candidates.stream().noneMatch(c -> c.contains(similar))) {
                    List<List<ObjectId>> more = new java.util.ArrayList<>(candidates);
                    more.add(List.of(similar));
                    candidates = more;
                    delta = smaller(delta, splice(id, data, similar, memory));
                }
                // 2. zstd with the chunks covering the same range as dictionary; bsdiff for in-place edits
                delta = smaller(delta, patchDelta(id, data, features, candidates, memory));
            }
        }
        if (attempt) {
            cpuNanos.add(cpuNow() - cpu);
        }
        boolean deltaCertain = delta != null && delta.length() <= data.length * DELTA_CERTAIN;
        // the file's content codec, unless a delta leaves next to nothing; what it leaves that small
        // needs no zstd to compare with either
        ContentCodec codec = !deltaCertain && history != null ? history.content() : null;
        Object state = codec == null ? null : history.contentState;
        Encoded content = codec == null ? null : content(id, data, codec, state, memory);
        boolean contentCertain = content != null && content.length() <= data.length * DELTA_CERTAIN;
        Encoded full = null;
        if (!deltaCertain && !contentCertain) {
            // a codec's form is compared with zstd at the configured level; a higher level (the deep form's
            // zstd 19, about 1 MB/s) is run only where that beats the codec
            boolean quick = content != null && level > settings.compressionLevel();
            full = compress(data, compressible, quick ? settings.compressionLevel() : level);
            if (quick && full.length() <= content.length()) {
                full = compress(data, compressible, level);
            }
        }
        Encoded chosen = full;
        if (delta != null && (deltaCertain || (full != null && delta.length() <= full.length() * DELTA_GAIN))) {
            chosen = delta;
        }
        if (codec != null) {
            boolean won = content != null && (chosen == null || content.length() < chosen.length());
            if (won || !(state instanceof ContentCodec.Unfinished)) {
                history.contentResult(won); // a chunk of a header still being read is not a loss
            }
            if (won) {
                contentWon.increment();
                contentSaved.add((full == null ? data.length : full.length()) - content.length());
                chosen = content;
            }
        }
        if (attempt && !candidates.isEmpty()) {
            boolean paid = chosen == delta;
            attempted.increment();
            if (paid) {
                won.increment();
                saved.add((full == null ? data.length : full.length()) - delta.length());
            }
            if (history != null) {
                history.record(paid);
            }
        }
        return chosen.withSketch(sf);
    }

    /**
     * Content codecs hold several working copies of a chunk per worker; in a heap under 128 MiB (the CLI
     * runs in 160 MiB) they are not tried and every chunk takes the plain path.
     */
    static final boolean CONTENT_CODECS_FIT = Runtime.getRuntime().maxMemory() >= 128L << 20;

    /**
     * The chunk encoded by the file's content codec, if that decodes back to it byte for byte; null
     * when there is no codec, it declines, or its result does not round-trip.
     */
    private Encoded content(ObjectId id, byte[] data, ContentCodec codec, Object state,
                            MemoryBudget.Reservation memory) {
        if (!CONTENT_CODECS_FIT) {
            return null;
        }
        long cpu = cpuNow();
        memory.grow(codec.workBytes(data.length));
        Encoded e;
        try {
            ContentCodec.Encoding c = codec.encode(data, settings.compressionLevel(), state, references);
            int depth = c == null || c.bases().isEmpty() ? 0 : depthOf(c.bases(), id);
            if (depth < 0) { // references too deep in delta chains: code the chunk alone
                c = codec.encode(data, settings.compressionLevel(), state, References.NONE);
                depth = 0;
            }
            e = c != null && c.codecOr(codec).roundTrips(c.base(), data, c.payload())
                ? Encoded.whole(c.codecOr(codec), depth, c.payload(), c.bases()) : null;
        } catch (RuntimeException | DamnitException ex) {
            e = null; // a codec that fails on some input leaves the chunk to the plain path
        }
        contentNanos.add(cpuNow() - cpu);
        contentTried.increment();
        return e;
    }

    private static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Whether a delta against {@code bases} has a chance: the chunk's sketch features and theirs share
     * at least one (each matches with the probability that a sampled window of one is in the other, so
     * none of eight matching means they share little). Unknown (too short to sample) counts as a chance.
     */
    private boolean mayResemble(long[] features, List<ObjectId> bases) throws DamnitException {
        if (features == null) {
            return true;
        }
        long[] range = null;
        for (ObjectId b : bases) {
            long[] f = baseFeatures.get(b);
            if (f == null) {
                f = Sketch.features(chunks.readBase(b, 0, null));
                if (f == null) {
                    return true;
                }
                baseFeatures.put(b, f);
            }
            if (range == null) {
                range = f.clone();
            } else {
                for (int k = 0; k < range.length; k++) {
                    range[k] = Math.max(range[k], f[k]);
                }
            }
        }
        for (int k = 0; range != null && k < range.length; k++) {
            if (range[k] == features[k]) {
                return true;
            }
        }
        return false;
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

    private Encoded compress(byte[] data, boolean compressible, int level) {
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
    private Encoded patchDelta(ObjectId id, byte[] data, long[] features, List<List<ObjectId>> candidates,
                               MemoryBudget.Reservation memory) throws DamnitException {
        Encoded best = null;
        for (List<ObjectId> bases : candidates) {
            int depth = depthOf(bases, id);
            if (depth < 0) {
                continue;
            }
            if (!mayResemble(features, bases)) {
                skippedByEstimate.increment();
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
