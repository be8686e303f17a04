package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.damnit.DamnitException;
import org.damnit.FileChangedException;
import org.damnit.ObjectId;
import org.damnit.ProgressListener;
import org.damnit.StorageException;

/**
 * Reads a file once as a pipeline over all cores: the calling thread reads and finds content-defined
 * chunk boundaries; one thread each keeps the whole-file SHA-256 and MD5 (so the two digests run in
 * parallel over the same chunks); worker threads hash each chunk, look it up in the dedup index and
 * store it (compressed, or as a delta against the chunk at the same relative place in the previous
 * version of the file). Files are read into a few large {@link Slab}s that the chunks, the digests and
 * the workers share without copying; a slab is refilled only when everything cut from it is done, so
 * memory is fixed (two to four slabs, from {@link MemoryBudget}) whatever the file size, and a chunk that is already stored
 * (most of them, in an incremental commit) is never copied.
 */
final class Ingester implements AutoCloseable {
    /** A file as read: whole-file digests and its chunks. */
    record Result(long size, ObjectId sha256, String md5, List<Node.Piece> pieces, BasicFileAttributes after) {
    }

    private static final int ATTEMPTS = 3;
    /** Read buffers in use at once: one being filled, the others held by chunks in flight. */
    private final int slabs;
    private final ChunkStore.Writer chunks;
    private final Chunker chunker;
    private final ProgressListener progress;
    private final ExecutorService workers;
    private final ExecutorService shaThread;
    private final ExecutorService md5Thread;
    private final Semaphore inFlight;
    private final Semaphore digestQueue = new Semaphore(16);
    private final int slabSize;
    private final java.util.concurrent.BlockingQueue<Slab> freeSlabs = new java.util.concurrent.LinkedBlockingQueue<>();
    private int slabsMade;
    /** The slab being filled (kept across files, so small files share one) and how far it is filled. */
    private Slab current;
    private int currentFilled;
    final AtomicLong filesRead = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();

    Ingester(ChunkStore.Writer chunks, Chunker chunker, ProgressListener progress) {
        this.chunks = chunks;
        this.chunker = chunker;
        this.progress = progress;
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(n, daemon("damnit-chunk"));
        this.shaThread = Executors.newSingleThreadExecutor(daemon("damnit-sha256"));
        this.md5Thread = Executors.newSingleThreadExecutor(daemon("damnit-md5"));
        this.inFlight = new Semaphore(2 * n + 2);
        MemoryBudget budget = chunks.budget();
        this.slabSize = Math.max(budget.slabSize, 2 * chunker.max);
        this.slabs = budget.slabs;
    }

    /** A read buffer; back in the pool when the reader and every chunk and digest cut from it let go. */
    private final class Slab {
        final byte[] bytes = new byte[slabSize];
        private final java.util.concurrent.atomic.AtomicInteger refs = new java.util.concurrent.atomic.AtomicInteger();

        Slab retain() {
            refs.incrementAndGet();
            return this;
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                freeSlabs.add(this);
            }
        }
    }

    /** A free slab, retained once for the reader; waits while all of them are in use. */
    private Slab takeSlab() {
        Slab s = freeSlabs.poll();
        if (s == null && slabsMade < slabs) {
            slabsMade++;
            s = new Slab();
        }
        while (s == null) {
            try {
                s = freeSlabs.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
        }
        return s.retain();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Reads and stores {@code file}. {@code previous} is the committed entry of the same path (or null),
     * whose chunks are delta bases. A file that changes while it is read is read again, up to three
     * times, then {@link FileChangedException}.
     *
     * <p>{@code twin} (or null) is a committed file of the same size that this one probably repeats (a
     * rename, or a file merely touched). Its whole-file digests are then deferred: if every chunk comes
     * out as the twin's, the bytes are the twin's and so are its SHA-256 and MD5; at the first chunk that
     * differs, the digests catch up by reading the part already chunked again (from the page cache,
     * normally) and then go along with the chunks.
     */
    Result ingest(Path file, String rel, BasicFileAttributes before, Node previous, Node twin) throws DamnitException {
        BasicFileAttributes expected = before;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Result r;
            try {
                r = readOnce(file, rel, expected.size(), previous,
                    twin != null && twin.size() == expected.size() ? twin : null);
            } catch (Reread changed) {
                expected = attributes(file, rel);
                continue;
            }
            BasicFileAttributes after = r.after;
            if (r.size == expected.size() && r.size == after.size()
                && after.lastModifiedTime().equals(expected.lastModifiedTime())) {
                return r;
            }
            expected = after;
        }
        throw new FileChangedException(rel + ": the file kept changing while it was read (" + ATTEMPTS
            + " attempts); commit again when it is complete");
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's bytes differ from what was just chunked: it changed while it was read. */
    private static final class Reread extends Exception {
        private static final long serialVersionUID = 1L;

        Reread() {
            super(null, null, false, false);
        }
    }

    private static BasicFileAttributes attributes(Path file, String rel) throws DamnitException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new FileChangedException(rel + ": the file was deleted while it was read");
        }
    }

    private Result readOnce(Path file, String rel, long expectedSize, Node previous, Node twinCandidate)
        throws DamnitException, Reread {
        Node twin = twinCandidate;
        int checked = 0; // chunks compared with the twin's so far
        MessageDigest sha = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        List<Future<Node.Piece>> futures = new ArrayList<>();
        List<Future<?>> digestTasks = new ArrayList<>();
        ChunkEncoder.DeltaHistory history = new ChunkEncoder.DeltaHistory();
        long[] previousStarts = previous == null ? null : starts(previous);
        long offset = 0;
        filesRead.incrementAndGet();
        if (current == null) {
            current = takeSlab();
            currentFilled = 0;
        }
        int pos = currentFilled; // this file's unchunked bytes are [pos, currentFilled) of the current slab
        boolean eof = false;
        try (InputStream in = RegularFiles.open(file)) {
            while (true) {
                while (!eof && currentFilled - pos < chunker.max) { // a cut needs max bytes, or the end of the file
                    if (currentFilled == slabSize) {
                        // the slab is full: carry the unchunked tail over to a fresh one
                        Slab next = takeSlab();
                        System.arraycopy(current.bytes, pos, next.bytes, 0, currentFilled - pos);
                        currentFilled -= pos;
                        pos = 0;
                        current.release();
                        current = next;
                    }
                    // at most 1 MiB per call: the JDK reads through a temporary native buffer of the size asked for
                    int n = in.read(current.bytes, currentFilled, Math.min(slabSize - currentFilled, 1 << 20));
                    if (n < 0) {
                        eof = true;
                    } else {
                        currentFilled += n;
                        bytesRead.addAndGet(n);
                        progress.advance(n);
                    }
                }
                if (pos == currentFilled) {
                    break;
                }
                int len = chunker.cut(current.bytes, pos, currentFilled - pos);
                final Slab slab = current;
                final int off = pos;
                pos += len;
                if (twin != null) {
                    for (; checked < futures.size() && futures.get(checked).isDone(); checked++) {
                        if (!sameAsTwin(futures.get(checked), twin, checked)) {
                            catchUp(file, futures, sha, md5, digestTasks);
                            twin = null;
                            break;
                        }
                    }
                }
                if (twin == null) {
                    digest(slab, slab.bytes, off, len, sha, md5, digestTasks);
                }
                if (offset == 0) {
                    chunks.recognise(history, slab.bytes, off, len);
                } else {
                    history.readOn(slab.bytes, off, len, () -> collect(futures)); // a BAM header longer than the first chunk
                }
                List<List<ObjectId>> bases = bases(previous, previousStarts, offset, len, expectedSize);
                offset += len;
                inFlight.acquireUninterruptibly();
                slab.retain();
                try {
                    futures.add(workers.submit(() -> {
                        try {
                            ObjectId id = ObjectDb.sha256(slab.bytes, off, len);
                            chunks.store(id, slab.bytes, off, len, bases, history);
                            return new Node.Piece(id, len);
                        } finally {
                            slab.release();
                            inFlight.release();
                        }
                    }));
                } catch (RuntimeException e) {
                    slab.release();
                    inFlight.release();
                    throw e;
                }
            }
            List<Node.Piece> pieces = collect(futures);
            if (twin != null && !pieces.equals(twin.pieces())) {
                catchUp(file, futures, sha, md5, digestTasks);
                twin = null;
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (twin != null) {
                return new Result(offset, twin.sha256(), twin.md5(), pieces, after);
            }
            waitAll(digestTasks);
            return new Result(offset, ObjectId.of(sha.digest()), HexFormat.of().formatHex(md5.digest()), pieces, after);
        } catch (NoSuchFileException e) {
            cancel(futures, digestTasks);
            throw new FileChangedException(rel + ": the file was deleted while it was read");
        } catch (AccessDeniedException e) {
            cancel(futures, digestTasks);
            throw new DamnitException(rel + ": permission denied; make it readable or add it to .damnitignore");
        } catch (IOException e) {
            cancel(futures, digestTasks);
            throw new DamnitException(rel + ": cannot read: " + e.getMessage(), e);
        } catch (DamnitException | RuntimeException | Reread e) {
            cancel(futures, digestTasks);
            throw e;
        }
    }

    /** Feeds [off, off + len) of {@code b} to both digests on their threads; {@code slab} (or null) owns b. */
    private void digest(Slab slab, byte[] b, int off, int len, MessageDigest sha, MessageDigest md5, List<Future<?>> tasks) {
        digestQueue.acquireUninterruptibly(2);
        for (MessageDigest d : List.of(sha, md5)) {
            if (slab != null) {
                slab.retain();
            }
            try {
                tasks.add((d == sha ? shaThread : md5Thread).submit(() -> {
                    try {
                        d.update(b, off, len);
                    } finally {
                        if (slab != null) {
                            slab.release();
                        }
                        digestQueue.release();
                    }
                }));
            } catch (RuntimeException e) {
                if (slab != null) {
                    slab.release();
                }
                digestQueue.release();
                throw e;
            }
        }
    }

    private static boolean sameAsTwin(Future<Node.Piece> f, Node twin, int index) {
        try {
            return index < twin.pieces().size() && f.get().equals(twin.pieces().get(index));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false; // the failure is reported when the chunks are collected
        }
    }

    /**
     * Feeds the chunks already cut to the digests, reading them again from the file; each is checked
     * against its chunk id, so the digests describe exactly the bytes that were stored.
     */
    private void catchUp(Path file, List<Future<Node.Piece>> cut, MessageDigest sha, MessageDigest md5,
                         List<Future<?>> tasks) throws IOException, DamnitException, Reread {
        List<Node.Piece> pieces = collect(cut);
        List<Integer> queued = new ArrayList<>(); // where each block's digest tasks end, so at most two blocks wait
        try (InputStream in = RegularFiles.open(file)) {
            for (Node.Piece p : pieces) {
                byte[] block = in.readNBytes((int) p.size());
                if (block.length != p.size() || !ObjectDb.sha256(block, 0, block.length).equals(p.id())) {
                    throw new Reread();
                }
                digest(null, block, 0, block.length, sha, md5, tasks);
                queued.add(tasks.size());
                if (queued.size() > 2) {
                    int end = queued.get(queued.size() - 3); // its two tasks (SHA-256, MD5) end there
                    waitAll(tasks.subList(end - 2, end));
                }
            }
        }
    }

    /**
     * Delta base candidates for the chunk at [{@code offset}, {@code offset + length}) of a file of
     * {@code size} bytes: the previous version's chunks covering the same relative range (up to
     * {@link Pack#MAX_BASES}, used together), then those covering the same absolute range.
     */
    static List<List<ObjectId>> bases(Node previous, long offset, int length, long size) {
        return bases(previous, previous == null ? null : starts(previous), offset, length, size);
    }

    /** Where each of {@code n}'s pieces starts, and (last) its size. */
    static long[] starts(Node n) {
        long[] s = new long[n.pieces().size() + 1];
        for (int i = 0; i < n.pieces().size(); i++) {
            s[i + 1] = s[i] + n.pieces().get(i).size();
        }
        return s;
    }

    /** As {@link #bases(Node, long, int, long)}, with {@code previous}'s {@link #starts}. */
    static List<List<ObjectId>> bases(Node previous, long[] starts, long offset, int length, long size) {
        if (previous == null || previous.pieces().isEmpty()) {
            return List.of();
        }
        double scale = size <= 0 ? 1 : (double) previous.size() / size;
        List<List<ObjectId>> out = new ArrayList<>(2);
        List<ObjectId> relative = covering(previous, starts, (long) (offset * scale), (long) ((offset + length) * scale));
        if (!relative.isEmpty()) {
            out.add(relative);
        }
        List<ObjectId> absolute = covering(previous, starts, offset, offset + length);
        if (!absolute.isEmpty() && !absolute.equals(relative)) {
            out.add(absolute);
        }
        return out;
    }

    /** The pieces of {@code n} overlapping [from, to) (the one holding {@code from} if empty); found by binary search. */
    private static List<ObjectId> covering(Node n, long[] starts, long from, long to) {
        List<ObjectId> out = new ArrayList<>(Pack.MAX_BASES);
        int lo = 0;
        int hi = n.pieces().size(); // the first piece ending after from is in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid + 1] > from) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long until = Math.max(to, from + 1);
        for (int i = lo; i < n.pieces().size() && starts[i] < until; i++) {
            ObjectId id = n.pieces().get(i).id();
            if (!out.contains(id)) {
                out.add(id);
                if (out.size() == Pack.MAX_BASES) {
                    break;
                }
            }
        }
        return out;
    }

    private static void waitAll(List<Future<?>> tasks) throws DamnitException {
        try {
            for (Future<?> f : tasks) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DamnitException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err; // out of memory, above all: the caller reports it as such
            }
            throw new DamnitException("hashing failed: " + e.getCause(), e.getCause());
        }
    }

    private static List<Node.Piece> collect(List<Future<Node.Piece>> futures) throws DamnitException {
        List<Node.Piece> out = new ArrayList<>(futures.size());
        try {
            for (Future<Node.Piece> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DamnitException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DamnitException de) {
                throw de;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new StorageException("storing a chunk failed: " + c, c);
        }
        return out;
    }

    private static void cancel(List<Future<Node.Piece>> futures, List<Future<?>> digests) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception ignored) {
                // draining: the first failure is what gets reported
            }
        }
        for (Future<?> f : digests) {
            try {
                f.get();
            } catch (Exception ignored) {
                // draining
            }
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.release();
            current = null;
        }
        workers.shutdownNow();
        shaThread.shutdownNow();
        md5Thread.shutdownNow();
    }
}
