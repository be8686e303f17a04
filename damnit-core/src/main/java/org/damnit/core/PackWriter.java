package org.damnit.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Collects chunk records into a temporary pack file; when it reaches the target size a background
 * thread publishes it (fsync, pack, then pack index, then the entries become visible to the dedup index)
 * while the next pack fills. At most two packs wait to be published. Thread-safe; records are
 * appended under a lock, encoding happens outside it.
 */
final class PackWriter implements AutoCloseable {
    private static final int MAX_QUEUED = 2;
    private final Store store;
    private final Path tmpDir;
    private final long targetSize;
    private final ChunkIndex index;
    private final ExecutorService publisher;
    private final Deque<Future<?>> publishing = new ArrayDeque<>();
    private final AtomicLong bytesPublished = new AtomicLong();
    private final List<ObjectId> published = java.util.Collections.synchronizedList(new ArrayList<>());
    private Path tmp;
    private FileChannel ch;
    private CRC32C crc;
    private long size;
    private List<Pack.Entry> entries = new ArrayList<>();

    PackWriter(Store store, Path tmpDir, long targetSize, ChunkIndex index) {
        this.store = store;
        this.tmpDir = tmpDir;
        this.targetSize = targetSize;
        this.index = index;
        this.publisher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "damnit-publish");
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void add(int codec, int depth, ObjectId id, int rawLength, byte[] payload, int payloadLength,
                          List<ObjectId> bases) throws StorageException {
        add(codec, depth, id, rawLength, payload, 0, payloadLength, bases);
    }

    /** Appends a record whose payload is [payloadOffset, payloadOffset + payloadLength) of {@code payload}. */
    synchronized void add(int codec, int depth, ObjectId id, int rawLength, byte[] payload, int payloadOffset,
                          int payloadLength, List<ObjectId> bases) throws StorageException {
        try {
            if (ch == null) {
                start();
            }
            byte[] header = Pack.recordHeader(codec, depth, id, rawLength, payloadLength, bases);
            CRC32C recCrc = new CRC32C();
            recCrc.update(header);
            recCrc.update(payload, payloadOffset, payloadLength);
            byte[] footer = ByteBuffer.allocate(Pack.RECORD_FOOTER).putInt((int) recCrc.getValue()).array();
            int length = header.length + payloadLength + footer.length;
            entries.add(new Pack.Entry(id, size, length, rawLength, codec, depth,
                bases.isEmpty() ? Pack.NO_BASE : bases.get(0)));
            write(header, 0, header.length);
            write(payload, payloadOffset, payloadLength);
            write(footer, 0, footer.length);
            if (size >= targetSize) {
                handOff();
            }
        } catch (IOException e) {
            abort();
            throw new StorageException("cannot write a pack: " + e.getMessage(), e);
        }
    }

    /** Publishes the open pack, if any, and waits until every pack handed off is published. */
    synchronized void flush() throws StorageException {
        try {
            if (ch != null) {
                handOff();
            }
            while (!publishing.isEmpty()) {
                awaitOldest();
            }
        } catch (IOException e) {
            abort();
            throw new StorageException("cannot publish a pack to " + store + ": " + e.getMessage(), e);
        }
    }

    long bytesPublished() {
        return bytesPublished.get();
    }

    private void start() throws IOException {
        Files.createDirectories(tmpDir);
        tmp = tmpDir.resolve("pack-" + UUID.randomUUID() + ".tmp");
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        crc = new CRC32C();
        size = 0;
        entries = new ArrayList<>();
        write(Pack.header());
    }

    private void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    private void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        crc.update(b, off, len);
        size += len;
    }

    /** Closes the open pack and queues it for publishing. */
    private void handOff() throws IOException {
        byte[] trailer = ByteBuffer.allocate(Pack.TRAILER).put(Pack.TRAILER_MAGIC).putInt(entries.size())
            .putInt((int) crc.getValue()).array();
        write(trailer);
        ch.close();
        ch = null;
        ObjectId packId = Pack.packId(entries, trailer);
        Path file = tmp;
        List<Pack.Entry> packed = entries;
        long total = size;
        tmp = null;
        while (publishing.size() >= MAX_QUEUED) {
            awaitOldest();
        }
        publishing.add(publisher.submit(() -> {
            try {
                publish(packId, file, packed, total);
            } finally {
                Files.deleteIfExists(file);
            }
            return null;
        }));
    }

    private void publish(ObjectId packId, Path file, List<Pack.Entry> packed, long total) throws IOException {
        try {
            store.put(StoreLayout.PACKS.key(packId), file); // the store makes it durable
        } catch (FileAlreadyExistsException e) {
            // identical pack already published
        }
        byte[] idx = Pack.encodeIndex(packId, packed);
        try {
            store.put(StoreLayout.PACK_INDEXES.key(packId), new java.io.ByteArrayInputStream(idx), idx.length);
        } catch (FileAlreadyExistsException e) {
            // identical index already published
        }
        index.addPublished(packId, packed);
        bytesPublished.addAndGet(total + idx.length);
        published.add(packId);
    }

    /** The packs this writer has published so far (with their indexes), in publish order. */
    List<ObjectId> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    private void awaitOldest() throws IOException {
        Future<?> f = publishing.poll();
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing a pack", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
        }
    }

    private void abort() {
        try {
            if (ch != null) {
                ch.close();
            }
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ignored) {
            // a leftover in .damnit/tmp is harmless
        }
        ch = null;
        tmp = null;
        for (Future<?> f : publishing) {
            try {
                f.get();
            } catch (Exception ignored) {
                // the first failure was reported
            }
        }
        publishing.clear();
    }

    @Override
    public synchronized void close() {
        abort();
        publisher.shutdownNow();
    }
}
