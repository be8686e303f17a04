package org.damnit.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Collects chunk records into a temporary pack file and publishes it when it reaches the target size
 * (or on {@link #flush()}): first the pack, then its index, then the entries become visible to the
 * dedup index. Thread-safe; records are appended under a lock, encoding happens outside it.
 */
final class PackWriter implements AutoCloseable {
    private final Store store;
    private final Path tmpDir;
    private final long targetSize;
    private final ChunkIndex index;
    private Path tmp;
    private FileChannel ch;
    private MessageDigest sha;
    private CRC32C crc;
    private long size;
    private final List<Pack.Entry> entries = new ArrayList<>();
    private long bytesPublished;
    private int packsPublished;

    PackWriter(Store store, Path tmpDir, long targetSize, ChunkIndex index) {
        this.store = store;
        this.tmpDir = tmpDir;
        this.targetSize = targetSize;
        this.index = index;
    }

    synchronized void add(int codec, int depth, ObjectId id, int rawLength, byte[] payload, int payloadLength,
                          List<ObjectId> bases) throws StorageException {
        try {
            if (ch == null) {
                start();
            }
            byte[] rec = Pack.record(codec, depth, id, rawLength, payload, payloadLength, bases);
            entries.add(new Pack.Entry(id, size, rec.length, rawLength, codec, depth,
                bases.isEmpty() ? Pack.NO_BASE : bases.get(0)));
            write(rec);
            if (size >= targetSize) {
                publish();
            }
        } catch (IOException e) {
            abort();
            throw new StorageException("cannot write a pack: " + e.getMessage(), e);
        }
    }

    /** Publishes the open pack, if any. */
    synchronized void flush() throws StorageException {
        if (ch == null) {
            return;
        }
        try {
            publish();
        } catch (IOException e) {
            abort();
            throw new StorageException("cannot publish a pack to " + store + ": " + e.getMessage(), e);
        }
    }

    synchronized long bytesPublished() {
        return bytesPublished;
    }

    synchronized int packsPublished() {
        return packsPublished;
    }

    private void start() throws IOException {
        Files.createDirectories(tmpDir);
        tmp = tmpDir.resolve("pack-" + UUID.randomUUID() + ".tmp");
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        crc = new CRC32C();
        size = 0;
        entries.clear();
        write(Pack.header());
    }

    private void write(byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        sha.update(b);
        crc.update(b);
        size += b.length;
    }

    private void publish() throws IOException {
        byte[] trailer = ByteBuffer.allocate(Pack.TRAILER).put(Pack.TRAILER_MAGIC).putInt(entries.size())
            .putInt((int) crc.getValue()).array();
        write(trailer);
        ch.force(true);
        ObjectId packId = ObjectId.of(sha.digest());
        long total = size;
        try {
            store.put(Pack.packKey(packId), tmp);
        } catch (FileAlreadyExistsException e) {
            // identical pack already published
        }
        byte[] idx = Pack.encodeIndex(packId, entries);
        try {
            store.put(Pack.indexKey(packId), new java.io.ByteArrayInputStream(idx), idx.length);
        } catch (FileAlreadyExistsException e) {
            // identical index already published
        }
        for (Pack.Entry e : entries) {
            index.addPending(e.id(), new ChunkIndex.Location(packId, e.offset(), e.recordLength(), e.rawLength(),
                e.codec(), e.depth()));
        }
        bytesPublished += total + idx.length;
        packsPublished++;
        closeTmp();
    }

    private void closeTmp() {
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
        entries.clear();
    }

    private void abort() {
        closeTmp();
    }

    @Override
    public synchronized void close() {
        abort();
    }
}
