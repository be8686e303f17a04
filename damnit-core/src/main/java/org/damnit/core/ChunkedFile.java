package org.damnit.core;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.SeekableFile;
import org.damnit.TreeEntry;

/**
 * A committed file opened for random access: the chunk holding a position is found by binary search over
 * the prefix sums of the tree entry's chunk sizes, then read and checked alone. Decoded chunks come from
 * the repository's shared {@link ChunkCache} (so a chunk read through any open file is not fetched again
 * while it is kept there); each open file also holds on to the last chunk it used, however large, so
 * reading it in small pieces does not fetch it again, softly, so that many open files never run the heap
 * out (the collector drops it first). A chunk the store no longer holds is re-created from the file's
 * container ({@link FileContent}): only the members it overlaps, checked against the chunk id like any.
 */
final class ChunkedFile implements SeekableFile {
    private final ChunkStore chunks;
    private final FileContent content;
    private final TreeEntry entry;
    private final List<Node.Piece> pieces;
    /** offsets[i] is where chunk i starts; offsets[n] is the file size. */
    private final long[] offsets;
    private final LongAdder fetched = new LongAdder();
    private volatile SoftReference<Last> last = new SoftReference<>(null);
    private long position;
    private volatile boolean open = true;

    /** The last chunk used, by index. */
    private record Last(int index, byte[] data) {
    }

    ChunkedFile(ChunkStore chunks, Node file, String path) throws CorruptObjectException {
        this.chunks = chunks;
        this.content = new FileContent(chunks, file, path, true);
        this.entry = Trees.toEntry(path, file);
        this.pieces = file.pieces();
        this.offsets = new long[pieces.size() + 1];
        for (int i = 0; i < pieces.size(); i++) {
            long s = pieces.get(i).size();
            if (s <= 0) {
                throw new CorruptObjectException(path + ": chunk " + i + " has size " + s + " in its tree entry");
            }
            offsets[i + 1] = offsets[i] + s;
        }
        if (offsets[pieces.size()] != file.size()) {
            throw new CorruptObjectException(path + ": its chunks add up to " + offsets[pieces.size()]
                + " bytes, the tree entry says " + file.size());
        }
    }

    @Override
    public TreeEntry entry() {
        return entry;
    }

    @Override
    public long chunksRead() {
        return fetched.sum();
    }

    /** Gzip members and BGZF blocks re-created for the reads so far (0 unless the file is containerised). */
    long membersRecreated() {
        return content.membersRecreated();
    }

    /**
     * At most this many chunks of one read are fetched ahead of the one being copied; one in a heap too
     * small for a shared cache (under 80 MiB), where each decoded chunk held counts.
     */
    private int ahead() {
        return chunks.budget().readCache == 0 ? 1 : ChunkStore.READ_THREADS;
    }

    @Override
    public int read(long pos, ByteBuffer dst) throws IOException {
        ensureOpen();
        if (pos < 0) {
            throw new IllegalArgumentException("negative position " + pos);
        }
        long size = offsets[pieces.size()];
        if (pos >= size) {
            return -1;
        }
        int total = 0;
        int i = chunkAt(pos);
        int lastNeeded = chunkAt(Math.min(size, pos + dst.remaining()) - 1);
        // the further chunks this read spans are fetched on other threads while this one decodes the first
        java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> ahead = new java.util.ArrayDeque<>();
        int next = i + 1;
        int most = ahead();
        try {
            while (dst.hasRemaining() && pos < size) {
                for (; next <= lastNeeded && next - i <= most; next++) {
                    ahead.add(fetchAhead(next));
                }
                java.util.concurrent.Future<byte[]> f = ahead.isEmpty() || total == 0 ? null : ahead.poll();
                byte[] data = f == null ? null : await(f);
                if (data == null) {
                    data = chunk(i); // not fetched ahead: a cached chunk, or one its container re-creates
                }
                int off = (int) (pos - offsets[i]);
                int n = Math.min(dst.remaining(), data.length - off);
                dst.put(data, off, n);
                total += n;
                pos += n;
                i++;
            }
        } finally {
            for (java.util.concurrent.Future<byte[]> f : ahead) {
                f.cancel(false); // never interrupted: an interrupt would close a channel another read shares
            }
        }
        return total;
    }

    /**
     * Chunk {@code i} fetched on a reader thread, or a future of null where that gains nothing: a chunk the
     * cache holds, or one that is re-created from the file's container (re-creation goes forward through
     * the file, one piece after another).
     */
    private java.util.concurrent.Future<byte[]> fetchAhead(int i) {
        Node.Piece p = pieces.get(i);
        if (chunks.cache().contains(p.id()) || content.recreating()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.FutureTask<byte[]> task = new java.util.concurrent.FutureTask<>(
            () -> content.recreating() ? null : chunk(i));
        try {
            chunks.readers().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return task;
    }

    private static byte[] await(java.util.concurrent.Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException(io.getMessage(), io.getCause() != null ? io.getCause() : io);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading");
        }
    }

    /** The index of the chunk holding byte {@code pos} (which is inside the file). */
    private int chunkAt(long pos) {
        int i = java.util.Arrays.binarySearch(offsets, 0, pieces.size(), pos);
        return i >= 0 ? i : -i - 2;
    }

    private byte[] chunk(int i) throws IOException {
        Last l = last.get();
        if (l != null && l.index == i) {
            return l.data;
        }
        Node.Piece p = pieces.get(i);
        byte[] data = chunks.cache().get(p.id(), () -> decode(i));
        if (data.length != p.size()) { // checked on every use: another tree may have put it in the cache
            throw new IOException(new CorruptObjectException(entry.path() + ": chunk " + p.id().abbreviate(12)
                + " holds " + data.length + " bytes, the tree entry says " + p.size()));
        }
        last = new SoftReference<>(new Last(i, data));
        return data;
    }

    private byte[] decode(int i) throws IOException {
        try {
            return content.piece(i, fetched);
        } catch (DamnitException e) {
            throw new IOException(entry.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bytes [from, to) in order, for one reader that goes through them: while it copies one chunk, the
     * next few are fetched and decoded on the reader threads (content codecs decode on every core).
     */
    java.io.InputStream stream(long from, long to) {
        return new Ahead(from, Math.min(to, offsets[pieces.size()]));
    }

    private final class Ahead extends java.io.InputStream {
        private final long end;
        private final java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> ahead = new java.util.ArrayDeque<>();
        /** The chunk index of the first future in {@link #ahead}. */
        private int aheadFrom;
        private long pos;
        private byte[] cur;
        private long curStart;

        Ahead(long from, long end) {
            this.pos = from;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            if (len == 0) {
                return 0;
            }
            if (pos >= end) {
                return -1;
            }
            if (cur == null || pos < curStart || pos >= curStart + cur.length) {
                load(chunkAt(pos));
            }
            int n = (int) Math.min(len, Math.min(curStart + cur.length, end) - pos);
            System.arraycopy(cur, (int) (pos - curStart), b, off, n);
            pos += n;
            return n;
        }

        private void load(int i) throws IOException {
            while (!ahead.isEmpty() && aheadFrom < i) {
                ahead.poll().cancel(false);
                aheadFrom++;
            }
            byte[] data = null;
            if (!ahead.isEmpty() && aheadFrom == i) {
                data = await(ahead.poll());
                aheadFrom++;
            }
            if (ahead.isEmpty()) {
                aheadFrom = i + 1;
            }
            int most = Math.min(ahead(), Runtime.getRuntime().availableProcessors() + 1);
            for (int j = aheadFrom + ahead.size(); j <= i + most && j < pieces.size() && offsets[j] < end; j++) {
                ahead.add(fetchAhead(j));
            }
            cur = data != null ? data : chunk(i);
            curStart = offsets[i];
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - pos));
            pos += k;
            return k;
        }

        @Override
        public void close() {
            ahead.forEach(f -> f.cancel(false));
            ahead.clear();
            cur = null;
        }
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(position, dst);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return offsets[pieces.size()];
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        last.clear();
        content.close();
    }
}
