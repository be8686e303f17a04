package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.DamnitException;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.core.deflate.Compressor;
import org.damnit.core.deflate.GzipRestorer;
import org.damnit.core.deflate.GzipWalker;
import org.damnit.core.deflate.Positional;

/**
 * Makes the container of one gzip or BGZF file (docs/FORMAT.md, "Containers"): walks it
 * ({@link GzipWalker}), stores its decompressed content, literals and member records as chunks, publishes
 * those packs, re-creates the whole file from the store and compares it byte for byte with the original
 * and with the tree entry's SHA-256 and MD5, and only then publishes the container. A file that does not
 * re-create, or in which nothing re-creates, gets no container and stays as it is.
 */
final class Containerizer {
    /** Steps of a conversion, for tests that stop it between them. */
    enum Step { PACKS_PUBLISHED, VERIFIED, PUBLISHED }

    /** Called at each step; a test throws from it to stop the conversion there. */
    interface Hook {
        Hook NONE = step -> { };

        void reached(Step step) throws DamnitException;
    }

    /**
     * What one conversion did.
     *
     * @param container the published container, or null when the file stays as it is
     * @param why       why there is none (null when there is)
     * @param summary   what the walk found (null when the file was not walked)
     * @param bytesStored bytes of packs published for it
     */
    record Outcome(Container container, String why, GzipWalker.Summary summary, long bytesStored) {
    }

    /**
     * zstd level of the container's chunks: the deep form is written off the commit path, so it affords
     * the level that makes decompressed content smaller than the DEFLATE it came from (BAM, FASTQ).
     */
    static final int LEVEL = 19;

    /**
     * gzip files smaller than this stay in their plain form: a container, its three streams' records and
     * the pack of its own that a repack writes for it cost about 650 bytes more than the file's one
     * record, more than re-compressing a file this small gains (the series' 1 KB VCF.gz files stored
     * 1.18× deep).
     */
    static final long SMALLEST = 64 << 10;
    /** {@link #SMALLEST}, lowered by tests that convert small files. */
    static volatile long smallest = SMALLEST;

    private Containerizer() {
    }

    /** Whether these bytes (the start of a file) begin a gzip member. */
    static boolean looksLikeGzip(byte[] head) {
        return GzipWalker.looksLikeGzip(head, head.length);
    }

    /**
     * Converts {@code file}, whose content should be that of {@code node}.
     *
     * @param previous the container of the file's previous version, whose chunks are tried as delta bases
     */
    static Outcome convert(ChunkStore chunks, Config config, Path file, Node node, String path, Container previous,
                           Hook hook) throws DamnitException, IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return convert(chunks, config, Positional.of(ch), node, path, previous, hook);
        }
    }

    /** Converts the file read by position from {@code ch} (a working-tree file, or the stored file itself). */
    static Outcome convert(ChunkStore chunks, Config config, Positional ch, Node node, String path, Container previous,
                           Hook hook) throws DamnitException, IOException {
        Chunker chunker = config.chunker();
        if (ch.size() != node.size()) {
            return new Outcome(null, "its size is not the committed one", null, 0);
        }
        GzipWalker.Summary summary;
        Container c;
        long stored;
        // the DEFLATE streams of the BGZF blocks the walk re-created and compared, in file order
        MessageDigest walkedBlocks = sha256();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "damnit-deep-store");
            t.setDaemon(true);
            return t;
        });
        try (ChunkStore.Writer writer = chunks.writer(config.compressionLevel() == 0 ? 0 : LEVEL, true)) {
            Sink content = new Sink(writer, chunker, previous == null ? null : previous.content(), pool, threads);
            content.recognise = config.contentCodecs(); // FASTQ, VCF, BAM records: through their codec
            Sink literals = new Sink(writer, chunker, previous == null ? null : previous.literals(), pool, threads);
            Sink members = new Sink(writer, chunker, previous == null ? null : previous.members(), pool, threads);
            Map<Compressor, Integer> compressors = new LinkedHashMap<>();
            long[] contentAt = {0};
            long[] gzipMembers = {0};
            summary = GzipWalker.walk(ch, content, new GzipWalker.Listener() {
                @Override
                public void blockVerified(GzipWalker.Member m, byte[] block) {
                    walked(walkedBlocks, m.compressor(), block, m.header().length, (int) m.deflateLength());
                }

                @Override
                public void member(GzipWalker.Member m) throws IOException {
                    Container.Member r;
                    if (m.recreated()) {
                        Integer idx = compressors.get(m.compressor());
                        if (idx == null) {
                            idx = compressors.size();
                            if (idx >= 255) {
                                throw new IOException("more than 254 compressors in one file");
                            }
                            compressors.put(m.compressor(), idx);
                        }
                        int kind = m.kind() == GzipWalker.Kind.BGZF_BLOCK ? Container.KIND_BGZF : Container.KIND_GZIP;
                        gzipMembers[0] += kind == Container.KIND_GZIP ? 1 : 0;
                        r = new Container.Member(kind, idx, m.offset(), contentAt[0], m.contentLength(), literals.written,
                            m.header().length, m.deflateLength(), m.trailer());
                        literals.write(m.header());
                        contentAt[0] += m.contentLength();
                    } else {
                        r = new Container.Member(Container.KIND_RAW, 0xFF, m.offset(), contentAt[0], 0, literals.written,
                            m.length(), 0, new byte[8]);
                        copy(ch, m.offset(), m.length(), literals);
                    }
                    members.write(r.encode());
                }
            }, threads);
            if (summary.recreated() == 0) {
                for (Sink sink : List.of(content, literals, members)) {
                    sink.drain(); // nothing is published: only let the encoders finish
                }
                return new Outcome(null, "no member re-creates", summary, 0);
            }
            if (content.written != contentAt[0]) {
                throw new IOException("the walk gave " + content.written + " bytes of content, its members "
                    + contentAt[0]);
            }
            c = new Container(node.size(), node.sha256(), node.md5(), List.copyOf(compressors.keySet()),
                new Container.Counts(summary.members(), summary.recreated(), summary.rawFallbacks(),
                    summary.rawBytes(), gzipMembers[0]),
                content.finish(), literals.finish(), members.finish());
            writer.finish();
            stored = writer.bytesPublished();
        } finally {
            pool.shutdownNow();
        }
        hook.reached(Step.PACKS_PUBLISHED);
        String mismatch = compare(chunks, c, ch, node, path, walkedBlocks.digest());
        if (mismatch != null) {
            return new Outcome(null, mismatch, summary, stored);
        }
        hook.reached(Step.VERIFIED);
        chunks.containers().publish(c);
        hook.reached(Step.PUBLISHED);
        return new Outcome(c, null, summary, stored);
    }

    /**
     * Re-creates the file from the store through the container and compares it with the original and
     * with the tree entry's digests; null when all match, else what differs.
     */
    static String compare(ChunkStore chunks, Container c, Positional original, Node node, String path)
        throws DamnitException, IOException {
        return compare(chunks, c, original, node, path, (byte[]) null);
    }

    /**
     * {@link #compare(ChunkStore, Container, Positional, Node, String)}, for a container whose walk has just
     * re-created each BGZF block's DEFLATE stream from the block's content and compared it byte for byte
     * with the file: {@code walkedBlocks} is the SHA-256 of those streams as the walk read them, each after
     * the compressor that made it ({@link #walked}), in file order (null: every block is compressed again).
     * The container is first encoded and decoded, and must decode to itself: the file is re-created through
     * the record as a later restore reads it, whose compressor table names each block's compressor. Each block is still re-created from the store (its
     * content decoded and checked against the content's chunk ids, its CRC-32 and length against its
     * trailer, its header from the literals, its compressor and lengths from the member records, all as
     * the walk recorded them); only its DEFLATE stream, the same compressor's output on the same content,
     * is not compressed a second time: it is read from the original, and the SHA-256 of all of them, each
     * after the compressor the stored record names for it, must be the walk's. The whole re-created file is compared byte for byte and with the entry's digests.
     */
    static String compare(ChunkStore chunks, Container c, Positional original, Node node, String path,
                          byte[] walkedBlocks) throws DamnitException, IOException {
        // the record as it is stored and as a later restore decodes it, not the one in memory
        byte[] encoded = c.encode();
        Container stored;
        try {
            stored = Container.decode(path, c.sha256(), encoded);
        } catch (org.damnit.CorruptObjectException e) {
            return "its container record does not decode: " + e.getMessage();
        }
        if (!stored.equals(c) || !java.util.Arrays.equals(stored.encode(), encoded)) {
            return "its container record does not decode to itself";
        }
        MessageDigest used = sha256();
        GzipRestorer.Known known = walkedBlocks == null ? null : m -> {
            byte[] d = new byte[(int) m.deflateLength()];
            ByteBuffer bb = ByteBuffer.wrap(d);
            long at = m.offset() + m.header().length;
            while (bb.hasRemaining()) {
                if (original.read(bb, at + bb.position()) <= 0) {
                    throw new IOException("the file ended while it was read");
                }
            }
            // the compressor the stored record names for the block, which a restore compresses it with
            walked(used, m.compressor(), d, 0, d.length);
            return d;
        };
        String mismatch = recreate(chunks, stored, original, node, path, known);
        if (mismatch == null && walkedBlocks != null && !MessageDigest.isEqual(walkedBlocks, used.digest())) {
            return "the file's BGZF blocks are not the ones its walk re-created";
        }
        return mismatch;
    }

    private static String recreate(ChunkStore chunks, Container c, Positional original, Node node, String path,
                                   GzipRestorer.Known known) throws DamnitException, IOException {
        Hasher h = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5);
        byte[] a = new byte[1 << 16];
        byte[] b = new byte[1 << 16];
        long pos = 0;
        try (ContainerReader r = new ContainerReader(chunks, c, path, known);
             InputStream re = r.open(0);
             InputStream in = original.stream(0, node.size())) {
            while (true) {
                int n = re.readNBytes(a, 0, a.length);
                int m = in.readNBytes(b, 0, n == 0 ? 1 : n);
                if (n == 0 && m == 0) {
                    break;
                }
                if (n != m || !java.util.Arrays.equals(a, 0, n, b, 0, n)) {
                    return "the re-created file differs from the original near byte " + pos;
                }
                h.update(a, 0, n);
                pos += n;
            }
        }
        Hasher.Digests d = h.finish();
        if (!d.sha256().equals(node.sha256()) || !d.hex(HashAlgorithm.MD5).equals(node.md5())) {
            return "the re-created file does not match the committed SHA-256/MD5";
        }
        return null;
    }

    /**
     * Adds a re-created BGZF block to a digest of the walk's or the check's: the compressor (name, version,
     * level) that makes its DEFLATE stream, then the stream, so that the check also finds the compressor
     * each member record names to be the one whose output the walk compared.
     */
    static void walked(MessageDigest d, Compressor c, byte[] b, int off, int len) {
        d.update(c.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(b, off, len);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Positional ch, long from, long len, OutputStream out) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate((int) Math.min(len, 1 << 16));
        long pos = from;
        while (pos < from + len) {
            bb.clear().limit((int) Math.min(bb.capacity(), from + len - pos));
            int n = ch.read(bb, pos);
            if (n <= 0) {
                throw new IOException("the file ended while it was read");
            }
            out.write(bb.array(), 0, n);
            pos += n;
        }
    }

    /**
     * A stream cut into content-defined chunks (on the writing thread) and stored as it is written, the
     * chunks encoded on the threads of a pool, a few at a time.
     */
    private static final class Sink extends OutputStream {
        private final ChunkStore.Writer writer;
        private final Chunker chunker;
        private final Node previous;
        // the content codec on every chunk: what the deep form stores must not depend on which chunks the
        // threads finish first (a codec given up after a few lost chunks would leave the rest to a later pass)
        private final ChunkEncoder.DeltaHistory history = new ChunkEncoder.DeltaHistory(true);
        private final List<Node.Piece> pieces = new ArrayList<>();
        private final java.util.concurrent.ExecutorService pool;
        private final java.util.concurrent.Semaphore inFlight;
        private final java.util.ArrayDeque<java.util.concurrent.Future<?>> stores = new java.util.ArrayDeque<>();
        private final byte[] buf;
        private int filled;
        /** Bytes stored as chunks so far, and bytes written (stored or buffered). */
        private long length;
        long written;
        /** Whether the stream's first chunk is shown to the content codecs (the decompressed content). */
        boolean recognise;

        Sink(ChunkStore.Writer writer, Chunker chunker, Container.Stream previous,
             java.util.concurrent.ExecutorService pool, int threads) {
            this.writer = writer;
            this.chunker = chunker;
            this.previous = previous == null ? null : previous.asNode("previous");
            this.buf = new byte[chunker.max * 2];
            this.pool = pool;
            this.inFlight = new java.util.concurrent.Semaphore(threads + 1);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            while (len > 0) {
                int k = Math.min(len, buf.length - filled);
                System.arraycopy(b, off, buf, filled, k);
                filled += k;
                off += k;
                len -= k;
                if (filled == buf.length) {
                    cut(false);
                }
            }
        }

        /** Stores chunks while a whole one is buffered (all that is buffered at the end). */
        private void cut(boolean end) throws IOException {
            int at = 0;
            while (filled - at >= (end ? 1 : chunker.max)) {
                int n = chunker.cut(buf, at, filled - at);
                store(at, n);
                at += n;
            }
            System.arraycopy(buf, at, buf, 0, filled - at);
            filled -= at;
        }

        private void store(int off, int len) throws IOException {
            ObjectId id = ObjectDb.sha256(buf, off, len);
            if (recognise && pieces.isEmpty()) {
                writer.recognise(history, buf, off, len); // before any of the stream's chunks is encoded
            } else { // a BAM header longer than the first chunk
                history.readOn(buf, off, len, () -> {
                    while (!stores.isEmpty()) {
                        await(stores.poll());
                    }
                });
            }
            List<List<ObjectId>> bases = Ingester.bases(previous, length, len, previous == null ? 0 : previous.size());
            byte[] chunk = java.util.Arrays.copyOfRange(buf, off, off + len);
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while storing");
            }
            stores.add(pool.submit(() -> {
                try {
                    writer.store(id, chunk, 0, chunk.length, bases, history);
                } finally {
                    inFlight.release();
                }
                return null;
            }));
            while (stores.peek() != null && stores.peek().isDone()) {
                await(stores.poll()); // a failure shows at once
            }
            pieces.add(new Node.Piece(id, len));
            length += len;
        }

        private static void await(java.util.concurrent.Future<?> f) throws IOException {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while storing");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof DamnitException d) {
                    throw new IOException(d.getMessage(), d);
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
            }
        }

        /** Waits until the chunks handed to the pool are stored (or failed), without storing the rest. */
        void drain() {
            while (!stores.isEmpty()) {
                try {
                    await(stores.poll());
                } catch (IOException | RuntimeException ignored) {
                    // nothing of this stream is kept
                }
            }
        }

        /** Stores what is buffered and waits until every chunk of the stream is stored. */
        Container.Stream finish() throws IOException {
            cut(true);
            while (!stores.isEmpty()) {
                await(stores.poll());
            }
            return new Container.Stream(length, pieces);
        }
    }

    /** The DamnitException an IOException carries (from storing), or a StorageException saying what failed. */
    static DamnitException unwrap(IOException e, String what) {
        return e.getCause() instanceof DamnitException d ? d : new StorageException(what + " failed: " + e.getMessage(), e);
    }
}
