package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * The verified read path of chunks: chunk index → one ranged read of a pack record → its codec (from
 * {@link ChunkCodecs}), against its delta bases → bytes, with the record's CRC-32C and the chunk's
 * SHA-256 checked. Thread-safe.
 */
final class ChunkReader {
    /** A delta chain is never longer than this, so a restore replays at most this many patches. */
    static final int MAX_DEPTH = 4;
    /** Records up to this length are read into an array allocated at once (chunkMax is at most 64 MiB). */
    private static final int ONE_READ = 65 << 20;

    private final Store store;
    private final ChunkIndex index;
    private volatile boolean synced;
    /** Recently decoded delta bases: neighbouring chunks of a file share them. */
    private final BaseCache bases;
    /** Chunks random-access readers verified already: a delta base found there is neither read nor hashed again. */
    private final ChunkCache verified;
    private final BamRecords bamRecords;

    ChunkReader(Store store, ChunkIndex index, long baseCacheBytes, ChunkCache verified) {
        this(store, index, baseCacheBytes, verified, null);
    }

    /** @param recordCache where {@link BamRecords} keeps its index and record cache, or null: none */
    ChunkReader(Store store, ChunkIndex index, long baseCacheBytes, ChunkCache verified, java.nio.file.Path recordCache) {
        this.bamRecords = recordCache == null ? null : new BamRecords(recordCache);
        this.store = store;
        this.index = index;
        this.bases = new BaseCache(baseCacheBytes);
        this.verified = verified;
    }

    ChunkIndex index() {
        return index;
    }

    /** Makes sure the dedup index knows every pack in the store. */
    void sync() throws StorageException {
        try {
            index.sync();
            synced = true;
        } catch (IOException e) {
            throw new StorageException("cannot update the chunk index from " + store + ": " + e.getMessage(), e);
        }
    }

    /** Writes the entries of the packs this process published into the on-disk index, from memory. */
    void flushPublished() throws StorageException {
        try {
            index.flushPublished();
        } catch (IOException e) {
            throw new StorageException("cannot update the chunk index: " + e.getMessage(), e);
        }
    }

    void ensureSynced() throws StorageException {
        if (!synced) {
            sync();
        }
    }

    Optional<ChunkIndex.Location> locate(ObjectId id) throws StorageException {
        ensureSynced();
        try {
            return index.find(id);
        } catch (IOException e) {
            throw new StorageException("chunk index lookup failed: " + e.getMessage(), e);
        }
    }

    /** Reads, decodes and checks one chunk, applying at most {@link #MAX_DEPTH} deltas. */
    byte[] read(ObjectId id) throws DamnitException {
        return read(id, 0, null);
    }

    /** Like {@link #read(ObjectId)}, adding to {@code fetched} each chunk record read from the store (bases too). */
    byte[] read(ObjectId id, LongAdder fetched) throws DamnitException {
        return read(id, 0, fetched);
    }

    /**
     * Like {@link #read(ObjectId, LongAdder)} for random access: from a remote store behind a local cache
     * ({@link CachingStore}), the record and its bases' records come in ranged reads of their own rather
     * than as whole packs fetched into the cache.
     */
    byte[] readInPlace(ObjectId id, LongAdder fetched) throws DamnitException {
        return read(id, 0, fetched, true, true);
    }

    /**
     * Like {@link #read(ObjectId)} for a caller that checks the SHA-256 of the whole file the chunk is
     * part of (restore): the record's CRC-32C, id and length and every delta base are checked, the
     * chunk's own SHA-256 is not. If the file's does not match, {@link #read(ObjectId)} names the chunk.
     */
    byte[] readForFile(ObjectId id) throws DamnitException {
        return read(id, 0, null, false, false);
    }

    private byte[] read(ObjectId id, int level, LongAdder fetched) throws DamnitException {
        return read(id, level, fetched, true, false);
    }

    private byte[] read(ObjectId id, int level, LongAdder fetched, boolean hash, boolean inPlace)
        throws DamnitException {
        if (level > MAX_DEPTH) {
            throw new CorruptObjectException("chunk " + id.abbreviate(12) + ": delta chain longer than " + MAX_DEPTH);
        }
        Optional<ChunkIndex.Location> loc = locate(id);
        if (loc.isEmpty()) {
            sync(); // another writer may have added it since
            loc = locate(id);
        }
        if (loc.isEmpty()) {
            throw new CorruptObjectException("chunk " + id.abbreviate(12) + " is missing: no pack holds it");
        }
        ChunkIndex.Location l = loc.get();
        String packKey = StoreLayout.PACKS.key(l.pack());
        String where = "chunk " + id.abbreviate(12) + " in " + packKey;
        byte[] rec;
        int got;
        try (InputStream in = inPlace && store instanceof CachingStore c ? c.getInPlace(packKey, l.offset(), l.recordLength())
            : store.get(packKey, l.offset(), l.recordLength())) {
            if (l.recordLength() <= ONE_READ) { // into one array: a local pack is read in one system call
                rec = new byte[l.recordLength()];
                got = in.readNBytes(rec, 0, rec.length);
            } else { // larger than any record chunkMax allows: a damaged index, so grow only with what arrives
                rec = in.readNBytes(l.recordLength());
                got = rec.length;
            }
        } catch (NoSuchFileException e) {
            throw new CorruptObjectException(where + " is missing: the pack is gone");
        } catch (IOException e) {
            throw new StorageException("cannot read " + where + ": " + e.getMessage(), e);
        }
        if (got != rec.length) {
            throw new CorruptObjectException(where + " is truncated");
        }
        if (fetched != null) {
            fetched.increment();
        }
        Pack.Parsed p = Pack.parse(where, rec);
        if (!p.id().equals(id)) {
            throw new CorruptObjectException(where + " holds another chunk");
        }
        ChunkCodec codec = ChunkCodecs.of(where, p.codec());
        if (codec instanceof FastqFromBam) {
            return fromBam(where, id, p, level, fetched, inPlace);
        }
        // a delta's bases, or the reference chunks a content codec coded against
        byte[] base = p.bases().isEmpty() ? null : readAll(p.bases(), level + 1, fetched, inPlace);
        byte[] data = codec.decode(where, base, rec, p.payloadOffset(), p.payloadLength(), p.rawLength());
        if (data.length != p.rawLength() || hash && !ObjectDb.sha256(data, 0, data.length).equals(id)) {
            throw new CorruptObjectException(where + " is damaged: its content does not hash to its id");
        }
        return data;
    }

    /**
     * A record of FASTQ from BAM records: its BAM records come from the local record cache, which is
     * built from its bases (read one at a time, never concatenated) and trusted only as far as the chunk's
     * SHA-256: on a mismatch the entries are dropped and built again once before the chunk is reported.
     */
    private byte[] fromBam(String where, ObjectId id, Pack.Parsed p, int level, LongAdder fetched, boolean inPlace)
        throws DamnitException {
        if (bamRecords == null) {
            throw new CorruptObjectException(where + " cannot be read here: no cache directory for BAM records");
        }
        BamRecords.Chunks bases = b -> readBase(b, level + 1, fetched, inPlace);
        for (int attempt = 0; ; attempt++) {
            byte[] data = null;
            try {
                data = FastqFromBam.decode(where, p.bases(), bamRecords, bases, p.bytes(), p.payloadOffset(),
                    p.payloadLength(), p.rawLength());
            } catch (CorruptObjectException e) {
                if (attempt > 0) {
                    throw e;
                }
            }
            if (data != null && data.length == p.rawLength() && ObjectDb.sha256(data, 0, data.length).equals(id)) {
                return data;
            }
            if (attempt > 0) {
                throw new CorruptObjectException(where + " is damaged: its content does not hash to its id");
            }
            bamRecords.drop(p.bases());
        }
    }

    /** The local cache of BAM records by place that FASTQ from BAM records reads through, or null. */
    BamRecords bamRecords() {
        return bamRecords;
    }

    /** The concatenated content of delta bases, read at delta depth {@code level}. */
    byte[] readAll(List<ObjectId> ids, int level, LongAdder fetched) throws DamnitException {
        return readAll(ids, level, fetched, false);
    }

    private byte[] readAll(List<ObjectId> ids, int level, LongAdder fetched, boolean inPlace) throws DamnitException {
        if (ids.size() == 1) {
            return readBase(ids.get(0), level, fetched, inPlace);
        }
        byte[][] parts = new byte[ids.size()][];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = readBase(ids.get(i), level, fetched, inPlace);
            n += parts[i].length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A chunk read as a delta base, through the caches of recent bases and of verified chunks. */
    byte[] readBase(ObjectId id, int level, LongAdder fetched) throws DamnitException {
        return readBase(id, level, fetched, false);
    }

    private byte[] readBase(ObjectId id, int level, LongAdder fetched, boolean inPlace) throws DamnitException {
        byte[] cached = bases.get(id);
        if (cached == null && verified != null) {
            cached = verified.peek(id);
        }
        if (cached != null) {
            return cached;
        }
        byte[] data = read(id, level, fetched, true, inPlace);
        bases.put(id, data);
        return data;
    }

    /** A small LRU of decoded chunks, bounded in bytes. Callers must not modify the arrays. */
    private static final class BaseCache {
        private final long capacity;
        private long size;
        private final java.util.LinkedHashMap<ObjectId, byte[]> map = new java.util.LinkedHashMap<>(16, 0.75f, true);

        BaseCache(long capacity) {
            this.capacity = capacity;
        }

        synchronized byte[] get(ObjectId id) {
            return map.get(id);
        }

        synchronized void put(ObjectId id, byte[] data) {
            if (data.length > capacity / 4 || map.containsKey(id)) {
                return;
            }
            map.put(id, data);
            size += data.length;
            var it = map.entrySet().iterator();
            while (size > capacity && it.hasNext()) {
                size -= it.next().getValue().length;
                it.remove();
            }
        }
    }
}
