package org.damnit.core;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Encodes and decodes stored objects (see docs/FORMAT.md, "Objects"): a 16-byte header (magic, format
 * version, kind, codec, uncompressed length), the payload, and a CRC-32C footer. An object's id is the
 * SHA-256 of its uncompressed payload; every read re-hashes it.
 */
final class ObjectDb {
    static final BinaryFormat FORMAT = new BinaryFormat("object", "DMNO", 1, 1);
    static final int HEADER = 16;
    static final int FOOTER = BinaryFormat.FOOTER;
    static final int CODEC_NONE = 0;
    static final int CODEC_ZSTD = 1;
    /** Objects larger than this are refused on read: no legitimate writer makes them. */
    static final int MAX_OBJECT = 256 << 20;

    private final Store store;
    private final int compressionLevel;

    ObjectDb(Store store, int compressionLevel) {
        this.store = store;
        this.compressionLevel = compressionLevel;
    }

    Store store() {
        return store;
    }

    static ObjectId sha256(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return ObjectId.of(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean has(ObjectKind kind, ObjectId id) throws StorageException {
        try {
            return store.size(kind.key(id)).isPresent();
        } catch (IOException e) {
            throw new StorageException("cannot query the store for " + kind.key(id) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores a payload whose SHA-256 is {@code id} unless an object with that id exists.
     *
     * @return bytes written to the store (0 if the object was already there)
     */
    long put(ObjectKind kind, ObjectId id, byte[] b, int off, int len) throws StorageException {
        String key = kind.key(id);
        if (has(kind, id)) {
            return 0;
        }
        byte[] encoded = encode(kind, b, off, len);
        try {
            store.put(key, new ByteArrayInputStream(encoded), encoded.length);
            return encoded.length;
        } catch (FileAlreadyExistsException e) {
            return 0;
        } catch (IOException e) {
            throw new StorageException("cannot write " + key + " to " + store + ": " + e.getMessage(), e);
        }
    }

    /** Stores a payload, computing its id. */
    ObjectId put(ObjectKind kind, byte[] payload, long[] storedBytes) throws StorageException {
        ObjectId id = sha256(payload, 0, payload.length);
        long n = put(kind, id, payload, 0, payload.length);
        if (storedBytes != null) {
            storedBytes[0] += n;
        }
        return id;
    }

    byte[] encode(ObjectKind kind, byte[] b, int off, int len) {
        byte[] body = null;
        int codec = CODEC_NONE;
        int bodyLen = len;
        if (compressionLevel > 0 && len >= 64) {
            byte[] dst = new byte[(int) Zstd.compressBound(len)];
            long n = Zstd.compressByteArray(dst, 0, dst.length, b, off, len, compressionLevel);
            if (!Zstd.isError(n) && n < len - len / 32) {
                body = dst;
                bodyLen = (int) n;
                codec = CODEC_ZSTD;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + bodyLen + FOOTER);
        FORMAT.putHeader(out).put((byte) kind.code).put((byte) codec).put((byte) 0).putLong(len);
        if (body != null) {
            out.put(body, 0, bodyLen);
        } else {
            out.put(b, off, len);
        }
        return BinaryFormat.putFooter(out).array();
    }

    /** Reads, checks and decodes an object. Missing or damaged objects raise {@link CorruptObjectException}. */
    byte[] read(ObjectKind kind, ObjectId id) throws CorruptObjectException, StorageException {
        String key = kind.key(id);
        byte[] raw;
        try (InputStream in = store.get(key)) {
            raw = in.readNBytes(MAX_OBJECT + HEADER + FOOTER + 1);
        } catch (NoSuchFileException e) {
            throw new CorruptObjectException("object " + key + " is missing from " + store);
        } catch (IOException e) {
            throw new StorageException("cannot read " + key + " from " + store + ": " + e.getMessage(), e);
        }
        byte[] payload = decode(key, kind, raw);
        ObjectId actual = sha256(payload, 0, payload.length);
        if (!actual.equals(id)) {
            throw new CorruptObjectException("object " + key + " is damaged: its content hashes to " + actual.abbreviate(12));
        }
        return payload;
    }

    static byte[] decode(String key, ObjectKind kind, byte[] raw) throws CorruptObjectException {
        if (raw.length < HEADER + FOOTER) {
            throw new CorruptObjectException("object " + key + " is truncated (" + raw.length + " bytes)");
        }
        if (raw.length > MAX_OBJECT + HEADER + FOOTER) {
            throw new CorruptObjectException("object " + key + " is larger than any valid object");
        }
        ByteBuffer in = ByteBuffer.wrap(raw);
        try {
            FORMAT.checkHeader("object " + key, in);
            BinaryFormat.checkFooter("object " + key, raw);
        } catch (FormatException e) {
            throw new CorruptObjectException(e.getMessage(), e);
        }
        int k = in.get() & 0xff;
        if (k != kind.code) {
            throw new CorruptObjectException("object " + key + " is a " + ObjectKind.ofCode(k) + ", expected " + kind);
        }
        int codec = in.get() & 0xff;
        in.get();
        long len = in.getLong();
        int bodyLen = raw.length - HEADER - FOOTER;
        if (len < 0 || len > MAX_OBJECT) {
            throw new CorruptObjectException("object " + key + " declares an impossible length " + len);
        }
        byte[] out = new byte[(int) len];
        switch (codec) {
            case CODEC_NONE -> {
                if (bodyLen != len) {
                    throw new CorruptObjectException("object " + key + " has " + bodyLen + " bytes, declares " + len);
                }
                System.arraycopy(raw, HEADER, out, 0, (int) len);
            }
            case CODEC_ZSTD -> {
                long n = Zstd.decompressByteArray(out, 0, out.length, raw, HEADER, bodyLen);
                if (Zstd.isError(n) || n != len) {
                    throw new CorruptObjectException("object " + key + " does not decompress: "
                        + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " of " + len + " bytes"));
                }
            }
            default -> throw new CorruptObjectException("object " + key + " uses unknown codec " + codec);
        }
        return out;
    }
}
