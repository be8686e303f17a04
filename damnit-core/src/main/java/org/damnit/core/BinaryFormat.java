package org.damnit.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The header and footer every binary format of DAMNIT shares (docs/FORMAT.md), in the manner of
 * Lucene's {@code CodecUtil}: four magic bytes and a one-byte version open the data, a big-endian
 * CRC-32C of everything before it closes it. A reader accepts the versions from {@link #oldest} to
 * {@link #current} and tells damage, too old and too new apart by the exception it throws.
 */
final class BinaryFormat {
    /** Magic and version; every format keeps the three bytes after them for its own use. */
    static final int HEADER = 5;
    static final int FOOTER = 4;

    final String name;
    final int oldest;
    final int current;
    private final byte[] magic;

    /**
     * @param name    what the data is, for messages ("pack index")
     * @param magic   four ASCII characters
     * @param oldest  the oldest version readers still accept
     * @param current the version writers write, the newest readers accept
     */
    BinaryFormat(String name, String magic, int oldest, int current) {
        if (magic.length() != 4 || oldest < 1 || oldest > current || current > 255) {
            throw new IllegalArgumentException("bad format " + name);
        }
        this.name = name;
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.oldest = oldest;
        this.current = current;
    }

    /** Puts the magic and the current version. */
    ByteBuffer putHeader(ByteBuffer b) {
        return b.put(magic).put((byte) current);
    }

    /** The header alone, padded with zeros to {@code length} bytes. */
    byte[] header(int length) {
        return putHeader(ByteBuffer.allocate(length)).array();
    }

    /** Checks the magic and version at the buffer's position, moving past them; returns the version. */
    int checkHeader(String where, ByteBuffer b) throws FormatException {
        if (b.remaining() < HEADER) {
            throw new CorruptFormatException(where + " is truncated");
        }
        byte[] m = new byte[magic.length];
        b.get(m);
        if (!Arrays.equals(m, magic)) {
            throw new CorruptFormatException(where + " is damaged: no " + name + " magic bytes");
        }
        int version = b.get() & 0xff;
        String range = oldest == current ? String.valueOf(current) : oldest + " to " + current;
        if (version > current) {
            throw new FormatTooNewException(where + " is " + name + " format " + version + ", newer than this "
                + "version of DAMNIT reads (" + range + "); upgrade DAMNIT to read it");
        }
        if (version < oldest) {
            throw new FormatTooOldException(where + " is " + name + " format " + version + ", older than this "
                + "version of DAMNIT reads (" + range + ")");
        }
        return version;
    }

    /** Checks the header at the start of {@code data}. */
    int checkHeader(String where, byte[] data) throws FormatException {
        return checkHeader(where, ByteBuffer.wrap(data));
    }

    /** Puts the CRC-32C of everything before the buffer's position (the buffer must be array-backed, from 0). */
    static ByteBuffer putFooter(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        return b.putInt((int) crc.getValue());
    }

    /** Checks that the last four bytes of {@code data} are the CRC-32C of the rest. */
    static void checkFooter(String where, byte[] data) throws CorruptFormatException {
        if (data.length < FOOTER) {
            throw new CorruptFormatException(where + " is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - FOOTER);
        if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - FOOTER, FOOTER).getInt()) {
            throw new CorruptFormatException(where + " is damaged: checksum mismatch");
        }
    }

    @Override
    public String toString() {
        return name + " " + new String(magic, StandardCharsets.US_ASCII) + " v" + oldest + "-" + current;
    }
}
