package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.Repository;
import org.damnit.store.Store;

/**
 * Not API: the one door into the engine's package-private parts, for the measurements in
 * {@code damnit-bench} that cannot be made through {@link Repository} (a chunker in a JMH loop, the
 * dedup index at 10^7 entries, a commit of a million synthetic entries, the delta counters, a content
 * codec on one chunk). It may change or go in any release; applications must not use it.
 */
public final class Internals {
    private Internals() {
    }

    /**
     * What delta attempts cost and saved in this process, for one repository.
     *
     * @param cpuNanos          CPU time spent on attempts
     * @param attempted         chunks for which a delta was tried
     * @param won               chunks stored as a delta
     * @param bytesSaved        bytes the deltas saved against compressing alone
     * @param skippedByEstimate chunks not tried because their sketches shared too little
     * @param skippedByHistory  chunks not tried because the file's earlier attempts did not pay
     */
    public record DeltaStats(long cpuNanos, long attempted, long won, long bytesSaved, long skippedByEstimate,
                             long skippedByHistory) {
    }

    /**
     * The delta counters of a repository opened by this engine.
     *
     * @param repo a repository from {@link Repository#open} or {@link Repository#init}
     * @return its counters so far
     */
    public static DeltaStats deltaStats(Repository repo) {
        ChunkEncoder.Stats s = ((LocalRepository) repo).chunks().deltaStats();
        return new DeltaStats(s.cpuNanos(), s.attempted(), s.won(), s.bytesSaved(), s.skippedByEstimate(),
            s.skippedByHistory());
    }

    /** A content codec (table, FASTQ, SAM, BAM) on its own, as the commit path runs it on one chunk. */
    public interface ContentCodecView {
        /**
         * Encodes one chunk.
         *
         * @param chunk the chunk's bytes
         * @return the payload, or null when the codec declines the chunk
         */
        byte[] encode(byte[] chunk);

        /**
         * Decodes a payload.
         *
         * @param payload   what {@link #encode} returned
         * @param rawLength the chunk's length
         * @return the chunk's bytes
         * @throws org.damnit.CorruptObjectException if the payload is damaged
         */
        byte[] decode(byte[] payload, int rawLength) throws org.damnit.CorruptObjectException;
    }

    /**
     * The content codec of this name.
     *
     * @param name {@code table}, {@code fastq}, {@code sam} or {@code bam} (BAM records: a BAM file's decompressed content)
     * @return the codec
     */
    public static ContentCodecView contentCodec(String name) {
        ContentCodec c = switch (name) {
            case "table" -> ChunkCodecs.TABLE;
            case "fastq" -> ChunkCodecs.FASTQ;
            case "sam" -> ChunkCodecs.SAM;
            case "bam" -> ChunkCodecs.BAM;
            default -> throw new IllegalArgumentException("no content codec " + name);
        };
        return new ContentCodecView() {
            @Override
            public byte[] encode(byte[] chunk) {
                return c.encode(null, chunk, 3);
            }

            @Override
            public byte[] decode(byte[] payload, int rawLength) throws org.damnit.CorruptObjectException {
                return c.decode("bench", null, payload, 0, payload.length, rawLength);
            }
        };
    }

    /**
     * The content codec of this name coding bases against the sequences of a FASTA file, as a commit
     * does when the file is stored in the repository; per-file state (a BAM header) comes from the first
     * chunk encoded (and the following ones, for a header longer than it; give them in order).
     *
     * @param name  as for {@link #contentCodec(String)}
     * @param fasta a FASTA file's bytes
     * @return the codec
     */
    public static ContentCodecView contentCodec(String name, byte[] fasta) {
        ContentCodec c = switch (name) {
            case "sam" -> ChunkCodecs.SAM;
            case "bam" -> ChunkCodecs.BAM;
            default -> throw new IllegalArgumentException("no reference-coding content codec " + name);
        };
        References refs = StoredReferences.of(fasta);
        Map<byte[], byte[]> bases = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
        return new ContentCodecView() {
            private Object state;
            private boolean first = true;

            @Override
            public byte[] encode(byte[] chunk) {
                if (first) {
                    state = c.fileState(chunk, 0, chunk.length);
                    first = false;
                } else if (state instanceof ContentCodec.Unfinished u) {
                    state = u.next(chunk, 0, chunk.length); // a header longer than the first chunk
                }
                try {
                    ContentCodec.Encoding e = c.encode(chunk, 3, state, refs);
                    if (e == null) {
                        return null;
                    }
                    bases.put(e.payload(), e.base());
                    return e.payload();
                } catch (DamnitException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public byte[] decode(byte[] payload, int rawLength) throws org.damnit.CorruptObjectException {
                return c.decode("bench", bases.get(payload), payload, 0, payload.length, rawLength);
            }
        };
    }

    /** The content-defined chunker: where the next chunk ends. */
    @FunctionalInterface
    public interface Cutter {
        /**
         * The length of the chunk that starts at {@code off}.
         *
         * @param buf the data
         * @param off where the chunk starts
         * @param len the bytes available from {@code off}
         * @return the chunk's length, between 1 and {@code len}
         */
        int cut(byte[] buf, int off, int len);
    }

    /**
     * The commit path's chunker (FastCDC) with these sizes.
     *
     * @param min the smallest chunk
     * @param avg the average chunk
     * @param max the largest chunk
     * @return its cut function
     */
    public static Cutter chunker(int min, int avg, int max) {
        return new Chunker(min, avg, max)::cut;
    }

    /**
     * Commits, as the new tip of {@code main}, a tree of {@code entries} synthetic file entries in
     * {@code entries / 1000} directories ({@code dNNNN/fNNNNNN.bam}, size = number, every 1,000th with
     * metadata {@code sample=S<number>}), written as trees directly: no file content exists.
     *
     * @param repo    a repository of this engine without commits
     * @param entries how many file entries
     * @return the commit
     * @throws DamnitException if the store fails
     */
    public static ObjectId commitSyntheticTree(Repository repo, int entries) throws DamnitException {
        LocalRepository local = (LocalRepository) repo;
        int dirs = Math.max(1, entries / 1000);
        List<Node> top = new ArrayList<>();
        ObjectId chunk = ObjectDb.sha256(new byte[0], 0, 0);
        for (int d = 0; d < dirs; d++) {
            List<Node> files = new ArrayList<>();
            for (int f = 0; f < entries / dirs; f++) {
                int i = d * (entries / dirs) + f;
                byte[] h = new byte[32];
                h[0] = (byte) i;
                h[1] = (byte) (i >> 8);
                h[2] = (byte) (i >> 16);
                Node node = Node.file(String.format("f%06d.bam", i), i, false, 0, ObjectId.of(h),
                    String.format("%032x", i), List.of(new Node.Piece(chunk, i)));
                if (i % 1000 == 0) {
                    TreeMap<String, String> m = new TreeMap<>();
                    m.put("sample", "S" + i);
                    node = node.withMeta(m);
                }
                files.add(node);
            }
            ObjectId t = local.db().put(ObjectKind.TREE, Codec.encodeTree(files), null);
            top.add(Node.directory(String.format("d%04d", d), t));
        }
        ObjectId root = local.db().put(ObjectKind.TREE, Codec.encodeTree(top), null);
        ObjectId commit = local.db().put(ObjectKind.COMMIT, Codec.encodeCommit(root, List.of(),
            new Person("bench", ""), java.time.Instant.now(), "synthetic", Map.of()), null);
        local.context().refs().update("heads/" + LocalRepository.DEFAULT_BRANCH, Optional.empty(), commit);
        return commit;
    }

    /**
     * Publishes a pack index naming {@code chunks} (1,000-byte zstd records, no pack behind them), as a
     * commit would after writing the pack.
     *
     * @param store  the store
     * @param pack   the pack's id
     * @param chunks the chunk ids, in pack order
     * @throws IOException if the store fails
     */
    public static void putPackIndex(Store store, ObjectId pack, List<ObjectId> chunks) throws IOException {
        List<Pack.Entry> entries = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            entries.add(new Pack.Entry(chunks.get(i), 8 + i * 1000L, 1000, 4000, ChunkCodecs.ZSTD.id(), 0, Pack.NO_BASE));
        }
        byte[] idx = Pack.encodeIndex(pack, entries);
        store.put(StoreLayout.PACK_INDEXES.key(pack), new ByteArrayInputStream(idx), idx.length);
    }

    /** The dedup index over a store's pack indexes, as the commit path uses it. */
    public interface ChunkIndexView extends AutoCloseable {
        /**
         * Brings the index up to date with the store's pack indexes (the normal sync path).
         *
         * @throws IOException if the store or the cache fails
         */
        void sync() throws IOException;

        /**
         * Whether a chunk is stored.
         *
         * @param id the chunk's id
         * @return whether the index holds it
         * @throws IOException if the cache cannot be read
         */
        boolean contains(ObjectId id) throws IOException;

        /**
         * How many entries the index holds.
         *
         * @return the count
         */
        long size();

        /**
         * How many sorted runs it has on disk.
         *
         * @return the count
         */
        int runCount();

        @Override
        void close();
    }

    /**
     * Opens the dedup index of {@code store} with its cache in {@code cacheDir}.
     *
     * @param cacheDir where the index's runs are kept
     * @param store    the store whose pack indexes it covers
     * @return the index; the caller closes it
     */
    public static ChunkIndexView chunkIndex(Path cacheDir, Store store) {
        ChunkIndex index = new ChunkIndex(cacheDir, store);
        return new ChunkIndexView() {
            @Override
            public void sync() throws IOException {
                index.sync();
            }

            @Override
            public boolean contains(ObjectId id) throws IOException {
                return index.find(id).isPresent();
            }

            @Override
            public long size() {
                return index.size();
            }

            @Override
            public int runCount() {
                return index.runCount();
            }

            @Override
            public void close() {
                index.close();
            }
        };
    }
}
