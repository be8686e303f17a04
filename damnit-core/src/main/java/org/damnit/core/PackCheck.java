package org.damnit.core;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/** Whole-pack checks that need no decoding: the trailer's CRC-32C, and the pack id against the index. */
final class PackCheck {
    private PackCheck() {
    }

    /** Streams the pack once: header magic, the CRC-32C of everything before the trailer, the trailer. */
    static byte[] checkPackFile(Store store, String key) throws DamnitException {
        long size;
        try {
            size = store.size(key).orElseThrow(() -> new IOException("missing"));
        } catch (IOException e) {
            throw new CorruptObjectException(key + " is missing");
        }
        if (size < Pack.HEADER + Pack.TRAILER) {
            throw new CorruptObjectException(key + " is truncated");
        }
        CRC32C crc = new CRC32C();
        byte[] trailer = new byte[Pack.TRAILER];
        try (InputStream in = new BufferedInputStream(store.get(key), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            long left = size - Pack.TRAILER;
            byte[] header = in.readNBytes(BinaryFormat.HEADER);
            try {
                Pack.FORMAT.checkHeader(key, header);
            } catch (FormatException e) {
                throw new CorruptObjectException(e.getMessage(), e);
            }
            crc.update(header);
            left -= header.length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new CorruptObjectException(key + " is truncated");
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            if (in.readNBytes(trailer, 0, Pack.TRAILER) != Pack.TRAILER) {
                throw new CorruptObjectException(key + " is truncated");
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
        ByteBuffer t = ByteBuffer.wrap(trailer);
        byte[] m = new byte[4];
        t.get(m);
        t.getInt();
        if (!java.util.Arrays.equals(m, Pack.TRAILER_MAGIC) || t.getInt() != (int) crc.getValue()) {
            throw new CorruptObjectException(key + " is damaged: pack checksum mismatch");
        }
        return trailer;
    }

    /** The pack index must parse and, with the pack's trailer, hash to the pack's id. */
    static void checkIndex(Store store, ObjectId pack) throws DamnitException {
        String key = StoreLayout.PACK_INDEXES.key(pack);
        byte[] raw;
        byte[] trailer = new byte[Pack.TRAILER];
        try {
            try (InputStream in = store.get(key)) {
                raw = in.readAllBytes();
            }
            long size = store.size(StoreLayout.PACKS.key(pack)).orElseThrow(() -> new IOException("its pack is missing"));
            try (InputStream in = store.get(StoreLayout.PACKS.key(pack), size - Pack.TRAILER, Pack.TRAILER)) {
                if (in.readNBytes(trailer, 0, Pack.TRAILER) != Pack.TRAILER) {
                    throw new CorruptObjectException(StoreLayout.PACKS.key(pack) + " is truncated");
                }
            }
        } catch (IOException e) {
            throw new CorruptObjectException(key + " cannot be checked: " + e.getMessage());
        }
        List<Pack.Entry> entries = Pack.decodeIndex(key, pack, raw);
        if (!Pack.packId(entries, trailer).equals(pack)) {
            throw new CorruptObjectException(key + " does not describe its pack (ids differ)");
        }
    }

    /** A pack read record by record without its index: each record's entry and delta bases, and the trailer. */
    record Scan(List<Pack.Entry> entries, List<List<ObjectId>> bases, byte[] trailer) {
        /** Whether the records reproduce the pack's id: then they are exactly what its index said. */
        boolean matches(ObjectId pack) {
            return trailer != null && Pack.packId(entries, trailer).equals(pack);
        }
    }

    /**
     * Reads the record headers of a pack, skipping payloads. Stops at damage or at the trailer; the
     * trailer is null unless the records end exactly at a well-formed trailer that ends the pack.
     */
    static Scan scan(Store store, String key) throws DamnitException {
        List<Pack.Entry> entries = new java.util.ArrayList<>();
        List<List<ObjectId>> bases = new java.util.ArrayList<>();
        byte[] trailer = null;
        try (java.io.DataInputStream in = new java.io.DataInputStream(new BufferedInputStream(store.get(key), 1 << 16))) {
            byte[] magic = in.readNBytes(Pack.HEADER);
            if (magic.length == Pack.HEADER && java.util.Arrays.equals(magic, 0, 4, "DMNP".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), 0, 4)) {
                long offset = Pack.HEADER;
                while (true) {
                    byte[] head = in.readNBytes(4);
                    if (head.length == 4 && java.util.Arrays.equals(head, Pack.TRAILER_MAGIC)) {
                        byte[] rest = in.readNBytes(Pack.TRAILER - 4);
                        if (rest.length == Pack.TRAILER - 4 && in.read() < 0
                            && ByteBuffer.wrap(rest).getInt() == entries.size()) {
                            trailer = ByteBuffer.allocate(Pack.TRAILER).put(head).put(rest).array();
                        }
                        break;
                    }
                    if (head.length < 4 || ChunkCodecs.byId(head[0] & 0xff) == null || (head[2] & 0xff) > Pack.maxBases(head[0] & 0xff)) {
                        break; // damage: keep what was read
                    }
                    byte[] id = new byte[32];
                    in.readFully(id);
                    int raw = in.readInt();
                    int stored = in.readInt();
                    List<ObjectId> b = new java.util.ArrayList<>();
                    for (int i = 0; i < (head[2] & 0xff); i++) {
                        byte[] base = new byte[32];
                        in.readFully(base);
                        b.add(ObjectId.of(base));
                    }
                    if (stored < 0) {
                        break;
                    }
                    in.skipNBytes(stored + (long) Pack.RECORD_FOOTER);
                    int length = Pack.RECORD_HEADER + 32 * b.size() + stored + Pack.RECORD_FOOTER;
                    entries.add(new Pack.Entry(ObjectId.of(id), offset, length, raw, head[0] & 0xff, head[1] & 0xff,
                        b.isEmpty() ? Pack.NO_BASE : b.get(0)));
                    bases.add(b);
                    offset += length;
                }
            }
        } catch (java.io.EOFException e) {
            // truncated: keep what was read
        } catch (IOException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
        return new Scan(entries, bases, trailer);
    }
}
