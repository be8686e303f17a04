package org.damnit.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Chunks in packs: dedup lookups and the verified read path ({@link ChunkReader}), and write sessions
 * that encode new chunks ({@link ChunkEncoder}) into packs ({@link PackWriter}).
 */
final class ChunkStore implements AutoCloseable {
    /** A delta chain is never longer than this, so a restore replays at most this many patches. */
    static final int MAX_DEPTH = ChunkReader.MAX_DEPTH;

    private final Store store;
    private final ChunkIndex index;
    private final ChunkReader reader;
    private final ChunkCache cache;
    private final ChunkEncoder encoder;
    private final Containers containers;
    private final Path tmpDir;
    private final Path cacheDir;
    private final long packSize;
    /** The large buffers' sizes, from the heap this JVM was given. */
    private final MemoryBudget budget;
    private volatile StoredAlignments alignments;

    ChunkStore(Store store, Path cacheDir, Path tmpDir, long packSize, ChunkEncoder.Settings encoding,
               MemoryBudget budget) {
        this.store = store;
        this.index = new ChunkIndex(cacheDir, store);
        this.cache = new ChunkCache(budget.readCache);
        this.reader = new ChunkReader(store, index, budget.baseCache, cache, cacheDir.resolve("fqbam"));
        this.encoder = new ChunkEncoder(reader, encoding, cacheDir.resolve("sketches"), budget);
        this.containers = new Containers(store);
        this.tmpDir = tmpDir;
        this.cacheDir = cacheDir;
        this.packSize = packSize;
        this.budget = budget;
    }

    /**
     * Lets content codecs code bases against the FASTA files of the current branch's commit, and SAM
     * text against its BAM files' content.
     */
    void referencesFrom(Refs refs, Trees trees) {
        alignments = new StoredAlignments(new StoredReferences(refs, trees, reader), refs, trees, reader,
            containers, cacheDir);
        encoder.references(alignments);
    }

    /** What {@link #referencesFrom} gave the content codecs, or null if it was not called. */
    StoredAlignments alignments() {
        return alignments;
    }

    /** The local cache of BAM records that FASTQ from BAM records reads through. */
    BamRecords bamRecords() {
        return reader.bamRecords();
    }

    MemoryBudget budget() {
        return budget;
    }

    /** Verified decoded chunks shared by this repository's random-access readers. */
    ChunkCache cache() {
        return cache;
    }

    /** What delta attempts have cost and saved in this process. */
    ChunkEncoder.Stats deltaStats() {
        return encoder.stats();
    }

    ChunkEncoder.ContentStats contentStats() {
        return encoder.contentStats();
    }

    ChunkIndex index() {
        return index;
    }

    /** The containers that re-create gzip and BGZF files whose chunks the store no longer holds. */
    Containers containers() {
        return containers;
    }

    /** Makes sure the dedup index knows every pack in the store. */
    void sync() throws StorageException {
        reader.sync();
    }

    Optional<ChunkIndex.Location> locate(ObjectId id) throws StorageException {
        return reader.locate(id);
    }

    /** Reads, decodes and checks one chunk, applying at most {@link #MAX_DEPTH} deltas. */
    byte[] read(ObjectId id) throws DamnitException {
        return reader.read(id);
    }

    /** Like {@link #read(ObjectId)}, adding to {@code fetched} each chunk record read from the store (bases too). */
    byte[] read(ObjectId id, java.util.concurrent.atomic.LongAdder fetched) throws DamnitException {
        return reader.read(id, fetched);
    }

    /** {@link ChunkReader#readInPlace}: for random access, in ranged reads on a remote store. */
    byte[] readInPlace(ObjectId id, java.util.concurrent.atomic.LongAdder fetched) throws DamnitException {
        return reader.readInPlace(id, fetched);
    }

    /** {@link ChunkReader#readForFile}: for a caller that checks the whole file's SHA-256. */
    byte[] readForFile(ObjectId id) throws DamnitException {
        return reader.readForFile(id);
    }

    /**
     * A write session of the commit path: chunks go into packs published as they fill, without content
     * codecs; {@link Writer#finish()} publishes the rest.
     */
    Writer writer() throws StorageException {
        return writer(-1, false);
    }

    /**
     * A write session that compresses full chunks at zstd {@code level} (-1: the configured level) and,
     * if {@code contentCodecs} (the deep form), gives each file the content codec that recognises it when
     * the config allows them.
     */
    Writer writer(int level, boolean contentCodecs) throws StorageException {
        reader.ensureSynced();
        return new Writer(new PackWriter(store, tmpDir, packSize, index), level, contentCodecs);
    }

    final class Writer implements AutoCloseable {
        private final PackWriter packs;
        private final Set<ObjectId> inProgress = ConcurrentHashMap.newKeySet();
        private final int level;
        private final boolean contentCodecs;

        private Writer(PackWriter packs, int level, boolean contentCodecs) {
            this.packs = packs;
            this.level = level;
            this.contentCodecs = contentCodecs;
        }

        /**
         * Stores the chunk [off, off + len) of {@code buf} unless it is already stored (or being stored by
         * another thread of this session); only a chunk that is stored is copied out of {@code buf}.
         *
         * @param candidates chunks that may resemble it, best first
         * @return true if this call wrote it
         */
        boolean store(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates) throws DamnitException {
            return store(id, buf, off, len, candidates, null);
        }

        /** Like {@link #store(ObjectId, byte[], int, int, List)}, as one chunk of a file with this delta history. */
        boolean store(ObjectId id, byte[] buf, int off, int len, List<List<ObjectId>> candidates,
                      ChunkEncoder.DeltaHistory history) throws DamnitException {
            if (locate(id).isPresent() || !inProgress.add(id)) {
                if (history != null) {
                    history.stored();
                }
                return false;
            }
            ChunkEncoder.Encoded e = level < 0 ? encoder.encode(id, buf, off, len, candidates, history)
                : encoder.encode(id, buf, off, len, candidates, history, level);
            packs.add(e.codec().id(), e.depth(), id, len, e.payload(), e.offset(), e.length(), e.bases());
            encoder.stored(id, e);
            if (index.pendingSize() > budget.indexBatch) {
                reader.flushPublished(); // keep the heap bounded on very large commits
            }
            return true;
        }

        /**
         * Writes a second record of a stored chunk: its content codec's form, checked by the caller (the
         * deep repack; gc then keeps the preferred record, see {@link ChunkIndex.Location#preferredTo}).
         */
        void storeAgain(ObjectId id, ContentCodec codec, byte[] payload, int rawLength) throws StorageException {
            packs.add(codec.id(), 0, id, rawLength, payload, payload.length, List.of());
            if (index.pendingSize() > budget.indexBatch) {
                reader.flushPublished();
            }
        }

        /** The packs this session has published so far, in publish order. */
        List<ObjectId> published() {
            return packs.published();
        }

        /**
         * Gives a file its content codec from its first chunk (see {@link ChunkEncoder#recognise}); a
         * session without content codecs leaves it none.
         */
        void recognise(ChunkEncoder.DeltaHistory history, byte[] b, int off, int len) {
            if (contentCodecs) {
                encoder.recognise(history, b, off, len);
            }
        }

        /** Publishes the last pack and records every new pack in the on-disk index (from memory). */
        void finish() throws StorageException {
            packs.flush();
            reader.flushPublished();
            encoder.saveSketches();
        }

        long bytesPublished() {
            return packs.bytesPublished();
        }

        MemoryBudget budget() {
            return budget;
        }

        @Override
        public void close() {
            packs.close();
        }
    }

    /** Threads that fetch the further chunks one random-access read spans while its caller decodes the first. */
    static final int READ_THREADS = 4;
    private volatile java.util.concurrent.ThreadPoolExecutor readers;

    /** The pool for {@link ChunkedFile}'s parallel fetches (created on first use, its threads die when idle). */
    java.util.concurrent.Executor readers() {
        java.util.concurrent.ThreadPoolExecutor r = readers;
        if (r == null) {
            synchronized (this) {
                r = readers;
                if (r == null) {
                    r = new java.util.concurrent.ThreadPoolExecutor(READ_THREADS, READ_THREADS, 30,
                        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), t -> {
                            Thread th = new Thread(t, "damnit-read");
                            th.setDaemon(true);
                            return th;
                        });
                    r.allowCoreThreadTimeOut(true);
                    readers = r;
                }
            }
        }
        return r;
    }

    @Override
    public void close() {
        java.util.concurrent.ThreadPoolExecutor r = readers;
        if (r != null) {
            r.shutdown(); // fetches under way finish; nothing is interrupted (an interrupt closes a shared channel)
        }
        index.close();
    }
}
