package org.damnit.core;

import java.io.ByteArrayOutputStream;

/** What the FASTQ and SAM codecs share as content codecs: a body of columns, decoded within a budget. */
abstract class ReadCodec extends ContentCodec {
    /** Heap beyond the chunk's copies: models and context tables. */
    private final long work;

    ReadCodec(int id, String name, int version, long work) {
        super(id, name, version);
        this.work = work;
    }

    /** The columns of [off, off + len) of {@code d}, or null when the chunk holds no record. */
    abstract byte[] columns(byte[] d, int off, int len);

    /** The {@code rawLength} bytes that {@code in} encodes. */
    abstract byte[] decode(Columns.Source in, int rawLength);

    @Override
    final long workBytes(int length) {
        return work + 12L * length;
    }

    @Override
    final boolean encodeBody(byte[] data, ByteArrayOutputStream out) {
        byte[] body = columns(data, 0, data.length);
        if (body == null) {
            return false;
        }
        out.writeBytes(body);
        return true;
    }

    @Override
    final byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength) {
        return decode(new Columns.Source(payload, off, len), rawLength);
    }
}
