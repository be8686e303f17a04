package org.damnit.core;

import java.util.Arrays;

/**
 * The byte columns of the read codecs: a growable sink with variable-length integers, a bounded
 * source that reports damage, and a column's entropy coding: adaptive order-1 over bytes (the model
 * of CRAM's arithmetic coder), or from SAM and BAM payload version 5 on static, as a coded column of
 * {@link ColumnStreams} (rANS Nx16 of order 0 or 1, stored or constant, by an entropy estimate).
 */
final class Columns {
    private Columns() {
    }

    /** What a decoder finds when a payload does not hold what it must; reported as a damaged record. */
    static final class Damaged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Damaged(String message) {
            super(message, null, false, false);
        }
    }

    static final class Sink {
        private byte[] buf;
        private int len;

        Sink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        Sink() {
            this(256);
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
        }

        void put(int b) {
            room(1);
            buf[len++] = (byte) b;
        }

        void put(byte[] b, int off, int n) {
            room(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void signed(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        /** A length-prefixed block. */
        void block(byte[] b) {
            varint(b.length);
            put(b, 0, b.length);
        }

        int length() {
            return len;
        }

        byte[] array() {
            return buf;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }

    static final class Source {
        private final byte[] buf;
        private int pos;
        private final int end;

        Source(byte[] buf, int off, int len) {
            this.buf = buf;
            this.pos = off;
            this.end = off + len;
        }

        Source(byte[] buf) {
            this(buf, 0, buf.length);
        }

        boolean atEnd() {
            return pos >= end;
        }

        int get() {
            if (pos >= end) {
                throw new Damaged("column ends early");
            }
            return buf[pos++] & 0xFF;
        }

        void get(byte[] dst, int off, int n) {
            if (n < 0 || n > end - pos) {
                throw new Damaged("column ends early");
            }
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = get();
                v |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return v;
                }
            }
            throw new Damaged("bad variable-length integer");
        }

        /** A variable-length integer in [0, max]. */
        int count(long max) {
            long v = varint();
            if (v < 0 || v > max) {
                throw new Damaged("count out of range: " + v);
            }
            return (int) v;
        }

        long signed() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A length-prefixed block, as a source of its own. */
        Source block() {
            int n = count(end - pos);
            Source s = new Source(buf, pos, n);
            pos += n;
            return s;
        }

        byte[] array() {
            return buf;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return end - pos;
        }
    }

    /** Not a canonical decimal, as {@link #decimal} returns it. */
    static final long NOT_DECIMAL = Long.MIN_VALUE;

    /**
     * The integer that [from, to) of {@code d} spells in canonical decimal (no sign but a '-' where
     * {@code signed}, no leading zero, no "-0", at most 18 digits), or {@link #NOT_DECIMAL}: only text
     * that prints back the same is read as a number.
     */
    static long decimal(byte[] d, int from, int to, boolean signed) {
        boolean neg = signed && from < to && d[from] == '-';
        int p = neg ? from + 1 : from;
        int n = to - p;
        if (n < 1 || n > 18 || d[p] == '0' && (n > 1 || neg)) {
            return NOT_DECIMAL;
        }
        long v = 0;
        for (int i = p; i < to; i++) {
            int x = d[i] - '0';
            if (x < 0 || x > 9) {
                return NOT_DECIMAL;
            }
            v = v * 10 + x;
        }
        return neg ? -v : v;
    }

    /**
     * A column coded as {@link #unpack} reads it with a {@link Budget} of the same coding: static (a
     * coded column of {@link ColumnStreams}) where {@code statics}, else adaptive ({@link #pack(Sink)}).
     */
    static byte[] pack(Sink column, boolean statics) {
        if (!statics) {
            return pack(column);
        }
        ColumnStreams.Out out = new ColumnStreams.Out(column.length() / 2 + 16);
        out.coded(column.array(), column.length());
        return Arrays.copyOf(out.array(), out.size());
    }

    /** Order-1 adaptive coding of a column: its length, then the coded bytes. */
    static byte[] pack(Sink column) {
        int n = column.length();
        Sink out = new Sink(n / 2 + 16);
        out.varint(n);
        if (n > 0) {
            RangeCoder.Encoder enc = new RangeCoder.Encoder(n / 2 + 16);
            RangeCoder.Model[] models = new RangeCoder.Model[256];
            byte[] b = column.array();
            int prev = 0;
            for (int i = 0; i < n; i++) {
                RangeCoder.Model m = models[prev];
                if (m == null) {
                    m = models[prev] = new RangeCoder.Model(256, 24);
                }
                int c = b[i] & 0xFF;
                m.encode(enc, c);
                prev = c;
            }
            byte[] coded = enc.finish();
            out.put(coded, 0, coded.length);
        }
        return out.bytes();
    }

    /**
     * What a payload's columns may decode to together: a damaged payload cannot make its decoder
     * allocate more than a small multiple of the chunk, however many columns it declares.
     */
    static final class Budget {
        private long left;
        /** Whether the columns are static ({@link #pack(Sink, boolean)}), else adaptive. */
        final boolean statics;

        Budget(int rawLength) {
            this(rawLength, false);
        }

        /** The budget of a payload whose columns are static where {@code statics}. */
        Budget(int rawLength, boolean statics) {
            left = 4L * rawLength + 4096;
            this.statics = statics;
        }

        int take(int n) {
            if (n > left) {
                throw new Damaged("columns larger than the chunk allows");
            }
            left -= n;
            return n;
        }
    }

    /**
     * Decodes a column packed by {@link #pack} (static or adaptive as {@code budget} says) of at most
     * {@code max} bytes, taken from {@code budget}.
     */
    static Source unpack(Source packed, long max, Budget budget) {
        if (budget.statics) {
            try {
                ColumnStreams.In in = new ColumnStreams.In("a column", packed.array(), packed.position(),
                    packed.remaining());
                ColumnStreams.In column = in.coded(Math.min(max, budget.left));
                int n = budget.take(column.remaining());
                return new Source(column.buffer(), column.take(n), n);
            } catch (org.damnit.CorruptObjectException e) {
                throw new Damaged(e.getMessage());
            }
        }
        int n = budget.take(packed.count(max));
        byte[] out = new byte[n];
        if (n > 0) {
            RangeCoder.Decoder dec = new RangeCoder.Decoder(packed.array(), packed.position(), packed.remaining());
            RangeCoder.Model[] models = new RangeCoder.Model[256];
            int prev = 0;
            for (int i = 0; i < n; i++) {
                RangeCoder.Model m = models[prev];
                if (m == null) {
                    m = models[prev] = new RangeCoder.Model(256, 24);
                }
                prev = m.decode(dec);
                out[i] = (byte) prev;
            }
        }
        return new Source(out);
    }

    /** Appends to the output with bounds checked. */
    static final class Writer {
        final byte[] out;
        int pos;

        Writer(byte[] out) {
            this.out = out;
        }

        int reserve(int n) {
            if (n > out.length - pos) {
                throw new Columns.Damaged("decodes past its length");
            }
            int at = pos;
            pos += n;
            return at;
        }

        void put(int b) {
            out[reserve(1)] = (byte) b;
        }

        void put(byte[] b, int off, int n) {
            System.arraycopy(b, off, out, reserve(n), n);
        }

        /** An integer in decimal (not Long.MIN_VALUE). */
        void decimal(long v) {
            if (v < 0) {
                put('-');
                v = -v;
            }
            int digits = 1;
            for (long x = v; x >= 10; x /= 10) {
                digits++;
            }
            int at = reserve(digits);
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
        }

        void end(int cr) {
            if (cr != 0) {
                put('\r');
            }
            put('\n');
        }
    }
}
