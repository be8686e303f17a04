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

    /**
     * The columns of [off, off + len) of {@code d} as payload {@code version} (of those this codec still
     * writes, for tests of its readers: by default only the current) has them, or null when the chunk
     * holds no record.
     */
    byte[] columns(byte[] d, int off, int len, int version) {
        if (version != version()) {
            throw new IllegalArgumentException(this + " writes payload version " + version() + " only");
        }
        return columns(d, off, len);
    }

    /** The {@code rawLength} bytes that {@code in} encodes. */
    abstract byte[] decode(Columns.Source in, int rawLength);

    /** Where the next '\n' in [from, end) of {@code d} is, or -1. */
    static int indexOf(byte[] d, int from, int end) {
        for (int i = from; i < end; i++) {
            if (d[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Keeps the line [line[0], line[1]) of {@code d} verbatim: its layout code, varint length and bytes. */
    static void rawLine(Columns.Sink layout, int code, Columns.Sink raw, byte[] d, int[] line) {
        layout.put(code);
        raw.varint(line[1] - line[0]);
        raw.put(d, line[0], line[1] - line[0]);
    }

    /** Writes the next verbatim line of {@code raw} into {@code out} through {@code w}. */
    static void rawLine(Columns.Source raw, Columns.Writer w, byte[] out, int rawLength) {
        int n = raw.count(rawLength);
        raw.get(out, w.reserve(n), n);
    }

    /** Where the {@code \0}-ended name that starts at {@code from} of {@code names} ends. */
    static int nameEnd(byte[] names, int from) {
        int name = from;
        while (name < names.length && names[name] != 0) {
            name++;
        }
        if (name == names.length) {
            throw new Columns.Damaged("names end early");
        }
        return name;
    }


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

    /** The {@code rawLength} bytes that {@code in}, of payload {@code version}, encodes against {@code base}. */
    byte[] decode(Columns.Source in, int rawLength, int version, byte[] base) {
        if (base != null) {
            throw new Columns.Damaged("a record with bases");
        }
        return decode(in, rawLength);
    }

    @Override
    final byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength) {
        return decode(new Columns.Source(payload, off, len), rawLength, version, null);
    }

    @Override
    final byte[] decodeBody(String where, int version, byte[] base, byte[] payload, int off, int len, int rawLength) {
        return decode(new Columns.Source(payload, off, len), rawLength, version, base);
    }
}
