package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.damnit.CorruptObjectException;
import org.damnit.core.deflate.GzipRestorer;
import org.damnit.core.deflate.GzipWalker;

/**
 * Re-creates a containerised file's bytes from its {@link Container}: from any position on, streaming,
 * member by member. A BGZF block or small member is re-created in memory; a large gzip member streams
 * through a bounded pipe from a thread of its own (a pigz member's blocks re-created on every core).
 * Members a read skips whole are not re-created. The
 * container's streams are read through the verified chunk path; the bytes produced are checked by the
 * caller against the tree's chunk ids and file digests ({@link FileContent}).
 */
final class ContainerReader implements AutoCloseable {
    /** Members up to this long are re-created into memory at once; longer gzip members stream. */
    static final int IN_MEMORY = 4 << 20;
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** BGZF blocks re-created ahead at most, when a read goes on in order. */
    private static final int AHEAD_MAX = Math.min(64, 8 * THREADS);
    /** Every core re-creates BGZF blocks for every reader; idle threads end after a while. */
    private static final java.util.concurrent.ExecutorService POOL = pool();

    private static java.util.concurrent.ExecutorService pool() {
        java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(THREADS, THREADS, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "damnit-recreate");
                t.setDaemon(true);
                return t;
            });
        p.allowCoreThreadTimeOut(true);
        return p;
    }
    private static final int PIPE_BLOCK = 256 << 10;
    private static final int PIPE_DEPTH = 4;

    private final Container c;
    private final GzipRestorer.Known known;
    private final String where;
    private final ChunkedFile content;
    private final ChunkedFile literals;
    private final ChunkedFile members;
    private final java.util.concurrent.atomic.LongAdder recreated = new java.util.concurrent.atomic.LongAdder();

    ContainerReader(ChunkStore chunks, Container c, String path) throws CorruptObjectException {
        this(chunks, c, path, null);
    }

    /**
     * A reader whose BGZF blocks take their DEFLATE bytes from {@code known} where it has them, instead of
     * compressing their content again (the content is still read from the store and checked against each
     * block's CRC-32 and length): for {@link Containerizer}'s check of a container its walk just made.
     */
    ContainerReader(ChunkStore chunks, Container c, String path, GzipRestorer.Known known) throws CorruptObjectException {
        this.known = known;
        this.c = c;
        this.where = path + " (" + Containers.key(c.sha256()) + ")";
        this.content = new ChunkedFile(chunks, c.content().asNode("content"), where + " content");
        this.literals = new ChunkedFile(chunks, c.literals().asNode("literals"), where + " literals");
        this.members = new ChunkedFile(chunks, c.members().asNode("members"), where + " members");
    }

    Container container() {
        return c;
    }

    /** Members and blocks re-created so far (raw regions are copied, not counted). */
    long membersRecreated() {
        return recreated.sum();
    }

    /** Chunk records fetched from the store for the container's streams. */
    long chunksRead() {
        return content.chunksRead() + literals.chunksRead() + members.chunksRead();
    }

    private CorruptObjectException corrupt(String what) {
        return new CorruptObjectException(where + " is damaged: " + what);
    }

    Container.Member member(long i) throws IOException {
        byte[] b = new byte[Container.MEMBER];
        readFully(members, i * Container.MEMBER, b, b.length);
        try {
            return Container.Member.decode(where, b, 0);
        } catch (CorruptObjectException e) {
            throw new IOException(e);
        }
    }

    /** The index of the member holding file position {@code pos} (0 ≤ pos < size). */
    long memberAt(long pos) throws IOException {
        long lo = 0;
        long hi = c.memberCount() - 1;
        if (hi < 0) {
            throw new IOException(corrupt("it has no members"));
        }
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (member(mid).fileOffset() <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static void readFully(ChunkedFile f, long pos, byte[] b, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        while (bb.hasRemaining()) {
            if (f.read(pos + bb.position(), bb) < 0) {
                throw new IOException(new CorruptObjectException(f.entry().path() + " ends early"));
            }
        }
    }

    /** A sequential reader of the file from {@code pos} on. */
    Cursor open(long pos) throws IOException {
        return new Cursor(pos);
    }

    @Override
    public void close() {
        content.close();
        literals.close();
        members.close();
    }

    /** Where the restorer writes: the current member's buffer or pipe. */
    private static final class Switch extends OutputStream {
        OutputStream to;

        @Override
        public void write(int b) throws IOException {
            to.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            to.write(b, off, len);
        }
    }

    /** A bounded pipe from the thread re-creating a large member to the reader. */
    private static final class Pipe extends InputStream {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PIPE_DEPTH);
        private final Thread thread;
        private byte[] buf = new byte[0];
        private int at;
        private boolean ended;
        private volatile boolean cancelled;

        Pipe(GzipRestorer restorer, Switch out, GzipWalker.Member m) {
            OutputStream sink = new OutputStream() {
                private byte[] block = new byte[PIPE_BLOCK];
                private int n;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    while (len > 0) {
                        int k = Math.min(len, block.length - n);
                        System.arraycopy(b, off, block, n, k);
                        n += k;
                        off += k;
                        len -= k;
                        if (n == block.length) {
                            flush();
                        }
                    }
                }

                @Override
                public void flush() throws IOException {
                    if (n > 0) {
                        hand(java.util.Arrays.copyOf(block, n));
                        n = 0;
                    }
                }
            };
            out.to = sink;
            thread = new Thread(() -> {
                try {
                    restorer.write(m);
                    restorer.finish();
                    sink.flush();
                    hand(END);
                } catch (IOException | RuntimeException e) {
                    try {
                        hand(e);
                    } catch (IOException stopped) {
                        // the reader is gone
                    }
                }
            }, "damnit-recreate");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Hands a block to the reader; throws once the reader has gone. The thread is never interrupted: an
         * interrupt during a file channel read would close the channel (the chunk index's) for everyone.
         */
        private void hand(Object o) throws IOException {
            try {
                while (cancelled || !queue.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        throw new IOException("re-creation stopped: nobody reads it");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("re-creation stopped");
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (at == buf.length) {
                if (ended) {
                    return -1;
                }
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
                if (o instanceof Exception e) {
                    ended = true;
                    throw e instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(e);
                }
                buf = (byte[]) o;
                at = 0;
                if (buf == END) {
                    ended = true;
                    join();
                    return -1;
                }
            }
            int n = Math.min(len, buf.length - at);
            System.arraycopy(buf, at, b, off, n);
            at += n;
            return n;
        }

        private void join() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }

        /** Stops the thread and waits until it has let go of the content stream. */
        @Override
        public void close() throws IOException {
            if (!ended) {
                cancelled = true;
                queue.clear();
                join();
                ended = true;
            }
        }
    }

    /**
     * Reads the file's bytes in order from a position; not thread-safe. While it reads on in order, BGZF
     * blocks are re-created ahead on every core, as many more each time (up to {@link #AHEAD_MAX}), so a
     * random read re-creates only the block it needs and a restore keeps every core busy.
     */
    final class Cursor extends InputStream {
        private final Switch out = new Switch();
        private final GzipRestorer restorer;
        private GzipRestorer ahead;
        /** Re-created blocks not read yet, from member {@link #nextReady} on. */
        private final java.util.ArrayDeque<byte[]> ready = new java.util.ArrayDeque<>();
        private long nextReady = -1;
        private int window = 1;
        private InputStream contentIn;
        private long contentPos = -1;
        private long index;
        private long pos;
        private InputStream current;
        private long currentEnd;

        private final InputStream contentProxy = new InputStream() {
            @Override
            public int read() throws IOException {
                return contentIn.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return contentIn.read(b, off, len);
            }
        };

        private Cursor(long at) throws IOException {
            GzipRestorer.RawSource raws = m -> {
                throw new IOException("raw regions are read from the literals");
            };
            // on every core for a pigz member's blocks (the only kind it re-creates off one thread here)
            restorer = (THREADS > 1 ? new GzipRestorer(contentProxy, raws, out, POOL)
                : new GzipRestorer(contentProxy, raws, out)).known(known);
            if (at >= c.size()) {
                index = c.memberCount();
                pos = c.size();
                return;
            }
            index = memberAt(at);
            pos = member(index).fileOffset();
            skipTo(at);
        }

        long position() {
            return pos;
        }

        /** Where the member being read ends (the position itself between members). */
        long memberEnd() {
            return current == null ? pos : currentEnd;
        }

        /** Moves forward to {@code target}; members skipped whole are not re-created. */
        void skipTo(long target) throws IOException {
            while (pos < target) {
                if (current == null && !openNext(target)) {
                    throw new IOException(corrupt("its members end at " + pos + ", before " + target));
                }
                if (current == null) {
                    continue; // skipped a whole member
                }
                long k = current.skip(Math.min(target, currentEnd) - pos);
                if (k <= 0) {
                    if (current.read() < 0) {
                        throw new IOException(corrupt("a member ends early at " + pos));
                    }
                    k = 1;
                }
                advance(k);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current == null) {
                if (pos == c.size()) {
                    return -1;
                }
                if (!openNext(pos)) {
                    throw new IOException(corrupt("its members end at " + pos + ", the file has " + c.size()
                        + " bytes"));
                }
            }
            int n = current.read(b, off, (int) Math.min(len, currentEnd - pos));
            if (n < 0) {
                throw new IOException(corrupt("a member ends early at " + pos));
            }
            advance(n);
            return n;
        }

        private void advance(long n) throws IOException {
            pos += n;
            if (pos == currentEnd) {
                current.close();
                current = null;
            }
        }

        /**
         * Opens the next member; when it ends at or before {@code target}, passes over it without
         * re-creating it (current stays null). False when there is none.
         */
        private boolean openNext(long target) throws IOException {
            if (index >= c.memberCount()) {
                return false;
            }
            Container.Member m = member(index);
            if (m.fileOffset() != pos || m.length() <= 0 || pos + m.length() > c.size()) {
                throw new IOException(corrupt("member " + index + " is not where the one before it ends"));
            }
            index++;
            if (pos + m.length() <= target) {
                pos += m.length();
                return true;
            }
            currentEnd = pos + m.length();
            if (m.kind() == Container.KIND_RAW) {
                current = literals.stream(m.literalOffset(), m.literalOffset() + m.literalLength());
                return true;
            }
            if (THREADS > 1 && aheadable(m)) {
                current = new ByteArrayInputStream(ahead(index - 1, m));
                return true;
            }
            byte[] header = new byte[(int) m.literalLength()];
            readFully(literals, m.literalOffset(), header, header.length);
            if (contentIn == null || contentPos != m.contentOffset()) {
                if (contentIn != null) {
                    contentIn.close();
                }
                contentIn = content.stream(m.contentOffset(), c.content().length());
            }
            contentPos = m.contentOffset() + m.contentLength();
            recreated.increment();
            GzipWalker.Member wm;
            try {
                wm = c.toWalker(m, header);
            } catch (CorruptObjectException e) {
                throw new IOException(e);
            }
            if (m.length() <= IN_MEMORY) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream((int) m.length());
                out.to = buf;
                try {
                    restorer.write(wm);
                    restorer.finish();
                } catch (IOException | RuntimeException e) {
                    dropContent();
                    if (e.getCause() instanceof org.damnit.DamnitException) {
                        throw e; // reading the container's chunks failed
                    }
                    throw new IOException(corrupt("member " + (index - 1) + " does not re-create: " + e.getMessage()));
                }
                if (buf.size() != m.length()) {
                    throw new IOException(corrupt("member " + (index - 1) + " re-creates " + buf.size() + " bytes, not "
                        + m.length()));
                }
                current = new ByteArrayInputStream(buf.toByteArray());
            } else {
                current = new Pipe(restorer, out, wm); // its thread reads contentIn until the member ends
            }
            return true;
        }

        private boolean aheadable(Container.Member m) {
            return m.kind() == Container.KIND_BGZF && m.contentLength() <= 1 << 16 && m.length() <= IN_MEMORY;
        }

        /** The re-created bytes of BGZF block {@code i}: from those made ahead, else made with the next ones. */
        private byte[] ahead(long i, Container.Member m) throws IOException {
            if (ready.isEmpty() || nextReady != i) {
                window = ready.isEmpty() && nextReady == i ? Math.min(AHEAD_MAX, window * 2) : 1;
                ready.clear();
                nextReady = i;
                try {
                    if (ahead == null) {
                        ahead = new GzipRestorer(contentProxy, r -> {
                            throw new IOException("raw regions are read from the literals");
                        }, new OutputStream() {
                            @Override
                            public void write(int b) {
                                throw new UnsupportedOperationException("whole blocks only");
                            }

                            @Override
                            public void write(byte[] b, int off, int len) {
                                ready.add(java.util.Arrays.copyOfRange(b, off, off + len));
                            }
                        }, POOL).known(known);
                    }
                    Container.Member mj = m;
                    for (long j = i; j < i + window && j < c.memberCount(); j++) {
                        mj = j == i ? m : member(j);
                        if (!aheadable(mj)) {
                            break;
                        }
                        byte[] header = new byte[(int) mj.literalLength()];
                        readFully(literals, mj.literalOffset(), header, header.length);
                        if (contentIn == null || contentPos != mj.contentOffset()) {
                            if (contentIn != null) {
                                contentIn.close();
                            }
                            contentIn = content.stream(mj.contentOffset(), c.content().length());
                        }
                        contentPos = mj.contentOffset() + mj.contentLength();
                        ahead.write(c.toWalker(mj, header));
                        recreated.increment();
                    }
                    ahead.finish();
                } catch (IOException | RuntimeException | CorruptObjectException e) {
                    dropAhead();
                    dropContent();
                    if (e.getCause() instanceof org.damnit.DamnitException || e instanceof CorruptObjectException) {
                        throw e instanceof IOException io ? io : new IOException(e);
                    }
                    throw new IOException(corrupt("block " + i + " or one after it does not re-create: " + e.getMessage()));
                }
            }
            byte[] b = ready.poll();
            nextReady = i + 1;
            if (b == null || b.length != m.length()) {
                dropAhead();
                throw new IOException(corrupt("member " + i + " re-creates " + (b == null ? 0 : b.length)
                    + " bytes, not " + m.length()));
            }
            return b;
        }

        private void dropAhead() {
            if (ahead != null) {
                ahead.close();
                ahead = null;
            }
            ready.clear();
            nextReady = -1;
        }

        @Override
        public void close() throws IOException {
            dropAhead();
            if (current != null) {
                current.close();
                current = null;
            }
            restorer.close();
            dropContent();
        }

        /** Lets go of the content stream (and the chunks it fetches ahead). */
        private void dropContent() throws IOException {
            if (contentIn != null) {
                contentIn.close();
                contentIn = null;
            }
        }
    }
}
