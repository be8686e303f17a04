package org.damnit.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.SeekableFile;
import org.damnit.TreeEntry;

/**
 * A committed file opened for random access: the chunk holding a position is found by binary search over
 * the prefix sums of the tree entry's chunk sizes, then read and checked alone. Decoded chunks are kept in
 * a small LRU bounded in bytes (always at least the last one, however large), and two threads asking for
 * the same chunk wait for one decode.
 */
final class ChunkedFile implements SeekableFile {
    /** Decoded chunks kept per open file. */
    static final long CACHE_BYTES = 8L << 20;

    private final ChunkStore chunks;
    private final TreeEntry entry;
    private final List<Node.Piece> pieces;
    /** offsets[i] is where chunk i starts; offsets[n] is the file size. */
    private final long[] offsets;
    private final LongAdder fetched = new LongAdder();
    private final LinkedHashMap<Integer, CompletableFuture<byte[]>> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cached;
    private long position;
    private volatile boolean open = true;

    ChunkedFile(ChunkStore chunks, Node file, String path) throws CorruptObjectException {
        this.chunks = chunks;
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
        while (dst.hasRemaining() && pos < size) {
            byte[] data = chunk(i);
            int off = (int) (pos - offsets[i]);
            int n = Math.min(dst.remaining(), data.length - off);
            dst.put(data, off, n);
            total += n;
            pos += n;
            i++;
        }
        return total;
    }

    /** The index of the chunk holding byte {@code pos} (which is inside the file). */
    private int chunkAt(long pos) {
        int i = java.util.Arrays.binarySearch(offsets, 0, pieces.size(), pos);
        return i >= 0 ? i : -i - 2;
    }

    private byte[] chunk(int i) throws IOException {
        CompletableFuture<byte[]> f;
        boolean mine = false;
        synchronized (cache) {
            f = cache.get(i);
            if (f == null) {
                f = new CompletableFuture<>();
                cache.put(i, f);
                mine = true;
            }
        }
        if (mine) {
            try {
                byte[] data = decode(i);
                f.complete(data);
                admit(i, data.length);
            } catch (IOException | RuntimeException e) {
                synchronized (cache) {
                    cache.remove(i, f);
                }
                f.completeExceptionally(e);
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                // a fresh exception for this thread's stack, with the same cause (a CorruptObjectException for damage)
                throw new IOException(io.getMessage(), io.getCause() != null ? io.getCause() : io);
            }
            throw e;
        }
    }

    private byte[] decode(int i) throws IOException {
        Node.Piece p = pieces.get(i);
        byte[] data;
        try {
            data = chunks.read(p.id(), fetched);
        } catch (DamnitException e) {
            throw new IOException(entry.path() + ": " + e.getMessage(), e);
        }
        if (data.length != p.size()) {
            throw new IOException(new CorruptObjectException(entry.path() + ": chunk " + p.id().abbreviate(12)
                + " holds " + data.length + " bytes, the tree entry says " + p.size()));
        }
        return data;
    }

    private void admit(int i, int length) {
        synchronized (cache) {
            cached += length;
            var it = cache.entrySet().iterator();
            while (cached > CACHE_BYTES && cache.size() > 1 && it.hasNext()) {
                var e = it.next();
                if (e.getKey() == i || !e.getValue().isDone()) {
                    continue;
                }
                byte[] d = e.getValue().getNow(null);
                cached -= d == null ? 0 : d.length;
                it.remove();
            }
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
        synchronized (cache) {
            cache.clear();
            cached = 0;
        }
    }
}
