package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.damnit.DamnitException;
import org.damnit.FileChangedException;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.ProgressListener;
import org.damnit.StorageException;

/**
 * Reads a file once: the calling thread reads pieces and feeds the whole-file SHA-256 and MD5, worker
 * threads hash, compress and store each piece. At most {@code 2 × workers} pieces are in memory.
 */
final class Ingester implements AutoCloseable {
    /** A file as read: whole-file digests and its pieces. */
    record Result(long size, ObjectId sha256, String md5, List<Node.Piece> pieces, BasicFileAttributes after) {
    }

    private static final int ATTEMPTS = 3;
    private final ObjectDb db;
    private final int pieceSize;
    private final ProgressListener progress;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    final AtomicLong filesRead = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesStored = new AtomicLong();

    Ingester(ObjectDb db, int pieceSize, ProgressListener progress) {
        this.db = db;
        this.pieceSize = pieceSize;
        this.progress = progress;
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "damnit-piece");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(2 * n);
    }

    /**
     * Reads and stores {@code file}. A file that changes while it is read is read again, up to three
     * times, then {@link FileChangedException}.
     */
    Result ingest(Path file, String rel, BasicFileAttributes before) throws DamnitException {
        BasicFileAttributes expected = before;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Result r = readOnce(file, rel);
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

    private Result readOnce(Path file, String rel) throws DamnitException {
        Hasher whole = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5);
        List<Future<Node.Piece>> futures = new ArrayList<>();
        long total = 0;
        filesRead.incrementAndGet();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                byte[] buf = new byte[pieceSize];
                int n = in.readNBytes(buf, 0, pieceSize);
                if (n == 0) {
                    break;
                }
                whole.update(buf, 0, n);
                total += n;
                bytesRead.addAndGet(n);
                inFlight.acquireUninterruptibly();
                final int len = n;
                try {
                    futures.add(workers.submit(() -> {
                        try {
                            ObjectId id = ObjectDb.sha256(buf, 0, len);
                            bytesStored.addAndGet(db.put(ObjectKind.DATA, id, buf, 0, len));
                            return new Node.Piece(id, len);
                        } finally {
                            inFlight.release();
                        }
                    }));
                } catch (RuntimeException e) {
                    inFlight.release();
                    throw e;
                }
                progress.advance(n);
                if (n < pieceSize) {
                    break;
                }
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            List<Node.Piece> pieces = collect(futures);
            Hasher.Digests d = whole.finish();
            return new Result(total, d.sha256(), d.hex(HashAlgorithm.MD5), pieces, after);
        } catch (NoSuchFileException e) {
            cancel(futures);
            throw new FileChangedException(rel + ": the file was deleted while it was read");
        } catch (AccessDeniedException e) {
            cancel(futures);
            throw new DamnitException(rel + ": permission denied; make it readable or add it to .damnitignore");
        } catch (IOException e) {
            cancel(futures);
            throw new DamnitException(rel + ": cannot read: " + e.getMessage(), e);
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
            cancel(futures);
            throw new DamnitException("interrupted", e);
        } catch (ExecutionException e) {
            cancel(futures);
            Throwable c = e.getCause();
            if (c instanceof DamnitException de) {
                throw de;
            }
            throw new StorageException("storing a piece failed: " + c, c);
        }
        return out;
    }

    private static void cancel(List<Future<Node.Piece>> futures) {
        for (Future<Node.Piece> f : futures) {
            f.cancel(false);
        }
        for (Future<Node.Piece> f : futures) {
            try {
                f.get();
            } catch (Exception ignored) {
                // already reported or cancelled
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
