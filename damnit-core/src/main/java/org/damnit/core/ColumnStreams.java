package org.damnit.core;

import htsjdk.samtools.cram.compression.rans.ransnx16.RANSNx16Decode;
import htsjdk.samtools.cram.compression.rans.ransnx16.RANSNx16Encode;
import htsjdk.samtools.cram.compression.rans.ransnx16.RANSNx16Params;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.damnit.CorruptObjectException;

/**
 * Building blocks of content codecs: growable byte columns with unsigned LEB128 varints ({@link Out}),
 * a bounded reader of them ({@link In}), and the entropy coding of one column ({@link Out#coded},
 * {@link In#coded}): stored, one repeated byte, or rANS Nx16 order 0 or 1 of CRAM 3.1 (htsjdk),
 * whichever an entropy estimate says is smallest. docs/FORMAT.md, "Content codecs", has the layout.
 */
final class ColumnStreams {
    /** How a coded column is stored: its bytes as they are, or rANS Nx16 of order 0 or 1. */
    static final int STORED = 0;
    static final int RANS0 = 1;
    static final int RANS1 = 2;
    /** Every byte the same: that byte once. */
    static final int CONSTANT = 3;
    /** Columns shorter than this are stored: the coder's set-up would outweigh any gain (the estimate prices tables). */
    private static final int MIN_CODED = 32;
    /** The most an order-1 frequency table of rANS Nx16 can take (257 × 257 entries of up to 3 bytes). */
    private static final int MAX_O1_TABLE = 257 * 257 * 3 + 16;

    private static final ThreadLocal<RANSNx16Encode> ENCODERS = ThreadLocal.withInitial(Encoder::new);
    private static final ThreadLocal<RANSNx16Decode> DECODERS = ThreadLocal.withInitial(Decoder::new);
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[256 * 257]);

    private ColumnStreams() {
    }

    /**
     * htsjdk's rANS Nx16 encoder without the reset of its 65,536 symbols before every column, which
     * costs more than coding a small column: each encoding sets every symbol it uses (frequency, bias,
     * reciprocal), and every encoding is decoded by an unaltered decoder and compared before it is kept.
     */
    private static final class Encoder extends RANSNx16Encode {
        private boolean initialised;

        @Override
        protected void initializeRANSEncoder() {
            if (!initialised) {
                super.initializeRANSEncoder();
                initialised = true;
            }
        }
    }

    /**
     * htsjdk's rANS Nx16 decoder that, after the first column, resets only the frequencies it reads
     * tables into (256 × 256 ints) instead of every symbol and lookup table (over a megabyte of stores
     * and 65,536 objects): a stream sets the symbols and the lookup slots of every context it uses, so
     * what an earlier column left elsewhere is reached only by a damaged stream, whose garbage the
     * chunk's check refuses.
     */
    private static final class Decoder extends RANSNx16Decode {
        private boolean initialised;

        @Override
        protected void initializeRANSDecoder() {
            if (!initialised) {
                super.initializeRANSDecoder();
                initialised = true;
                return;
            }
            for (htsjdk.samtools.cram.compression.rans.ArithmeticDecoder d : getD()) {
                Arrays.fill(d.frequencies, 0);
            }
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** A growable byte column. */
    static final class Out {
        private byte[] b;
        private int n;

        Out(int capacity) {
            b = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(n + more, b.length * 2));
            }
        }

        void put(int v) {
            ensure(1);
            b[n++] = (byte) v;
        }

        void putVarint(long v) {
            ensure(10);
            while ((v & ~0x7fL) != 0) {
                b[n++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
        }

        void putBytes(byte[] src, int off, int len) {
            ensure(len);
            System.arraycopy(src, off, b, n, len);
            n += len;
        }

        int size() {
            return n;
        }

        /** The array to write {@code len} more bytes to, from {@link #size} on; then {@link #advance}. */
        byte[] room(int len) {
            ensure(len);
            return b;
        }

        void advance(int len) {
            n += len;
        }

        byte[] array() {
            return b;
        }

        void clear() {
            n = 0;
        }

        /** Appends {@code col} coded: varint length, method, and for rANS varint coded length and the bytes. */
        void coded(Out col) {
            coded(col.b, col.n);
        }

        void coded(byte[] data, int len) {
            putVarint(len);
            if (len > 1 && constant(data, len)) {
                put(CONSTANT);
                put(data[0]);
                return;
            }
            int method = len < MIN_CODED ? STORED : cheapest(data, len);
            if (method != STORED) {
                ByteBuffer in = ByteBuffer.wrap(data, 0, len).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer enc = ENCODERS.get().compress(in, new RANSNx16Params(method == RANS1 ? 1 : 0));
                int encLen = enc.remaining();
                if (encLen < len) {
                    put(method);
                    putVarint(encLen);
                    ensure(encLen);
                    enc.get(b, n, encLen);
                    n += encLen;
                    return;
                }
            }
            put(STORED);
            putBytes(data, 0, len);
        }
    }

    private static boolean constant(byte[] d, int len) {
        byte b = d[0];
        for (int i = 1; i < len; i++) {
            if (d[i] != b) {
                return false;
            }
        }
        return true;
    }

    /**
     * The method an entropy estimate says is smallest: order-0 and order-1 Shannon bounds plus a rough
     * price for each frequency table.
     */
    static int cheapest(byte[] d, int len) {
        double[] e = estimates(d, len);
        if (Math.min(e[0], e[1]) >= len * 0.97) {
            return STORED;
        }
        return e[1] < e[0] ? RANS1 : RANS0;
    }

    /** About how many bytes {@link Out#coded} takes for {@code len} bytes of {@code d}. */
    static double estimatedBytes(byte[] d, int len) {
        if (len < MIN_CODED) {
            return len + 2;
        }
        double[] e = estimates(d, len);
        return Math.min(len, Math.min(e[0], e[1])) + 4;
    }

    /** The estimated sizes of rANS order 0 and order 1 of {@code len} bytes of {@code d}. */
    private static double[] estimates(byte[] d, int len) {
        int[] c = COUNTS.get();
        Arrays.fill(c, 0);
        int prev = 0;
        for (int i = 0; i < len; i++) {
            int s = d[i] & 0xff;
            c[(prev << 8) | s]++;
            c[65536 + s]++;
            prev = s;
        }
        double bits0 = 0;
        int symbols = 0;
        for (int s = 0; s < 256; s++) {
            int k = c[65536 + s];
            if (k > 0) {
                bits0 -= k * log2((double) k / len);
                symbols++;
            }
        }
        double bytes0 = bits0 / 8 + symbols * 2 + 16;
        double bits1 = 0;
        int entries = 0;
        for (int ctx = 0; ctx < 256; ctx++) {
            int total = 0;
            for (int s = 0; s < 256; s++) {
                total += c[(ctx << 8) | s];
            }
            if (total == 0) {
                continue;
            }
            for (int s = 0; s < 256; s++) {
                int k = c[(ctx << 8) | s];
                if (k > 0) {
                    bits1 -= k * log2((double) k / total);
                    entries++;
                }
            }
        }
        double bytes1 = bits1 / 8 + entries * 1.5 + 32;
        return new double[] {bytes0, bytes1};
    }

    private static double log2(double x) {
        return Math.log(x) * 1.4426950408889634;
    }

    /** A bounded reader: every read past the end, and every count out of range, is damage of {@code where}. */
    static final class In {
        private final String where;
        private final byte[] b;
        private int pos;
        private final int end;

        In(String where, byte[] b, int off, int len) {
            this.where = where;
            this.b = b;
            this.pos = off;
            this.end = off + len;
        }

        private CorruptObjectException damaged(String what) {
            return new CorruptObjectException(where + " is damaged: " + what);
        }

        int get() throws CorruptObjectException {
            if (pos >= end) {
                throw damaged("its table payload ends early");
            }
            return b[pos++] & 0xff;
        }

        long varint() throws CorruptObjectException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = get();
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw damaged("a varint is too long");
        }

        /** A varint in [0, max]. */
        int count(long max) throws CorruptObjectException {
            long v = varint();
            if (v < 0 || v > max) {
                throw damaged("a count of " + v + " is out of range");
            }
            return (int) v;
        }

        /** The array this reader reads; see {@link #take}. */
        byte[] buffer() {
            return b;
        }

        /** Skips the next {@code n} bytes and returns where they start in {@link #buffer}. */
        int take(int n) throws CorruptObjectException {
            if (n > end - pos) {
                throw damaged("a column ends early");
            }
            pos += n;
            return pos - n;
        }

        int remaining() {
            return end - pos;
        }

        boolean atEnd() {
            return pos == end;
        }

        /** A coded column of at most {@code max} bytes, decoded; see {@link Out#coded}. */
        In coded(long max) throws CorruptObjectException {
            int len = count(max);
            int method = get();
            if (method == STORED) {
                if (len > end - pos) {
                    throw damaged("a column ends early");
                }
                In col = new In(where, b, pos, len);
                pos += len;
                return col;
            }
            if (method == CONSTANT) {
                byte[] out = new byte[len];
                Arrays.fill(out, (byte) get());
                return new In(where, out, 0, len);
            }
            if (method != RANS0 && method != RANS1) {
                throw damaged("unknown column coding " + method);
            }
            int encLen = count(end - pos);
            checkRansHeader(method, len, pos, encLen);
            if (method == RANS0) {
                byte[] out = Rans0.decode(this, pos, encLen, len);
                pos += encLen;
                return new In(where, out, 0, len);
            }
            ByteBuffer enc = ByteBuffer.wrap(b, pos, encLen).slice().order(ByteOrder.LITTLE_ENDIAN);
            pos += encLen;
            ByteBuffer dec = DECODERS.get().uncompress(enc);
            if (dec.remaining() != len) {
                throw damaged("a column decodes to " + dec.remaining() + " bytes, not " + len);
            }
            byte[] out = new byte[len];
            dec.get(out);
            return new In(where, out, 0, len);
        }

        /**
         * Checks the sizes a rANS Nx16 stream declares before htsjdk allocates by them: its flags are the
         * ones written here, its length is the column's, an order-1 frequency table fits.
         */
        private void checkRansHeader(int method, int len, int at, int encLen) throws CorruptObjectException {
            In h = new In(where, b, at, encLen);
            int flags = h.get();
            if (flags != (method == RANS1 ? 1 : 0) || h.uint7() != len) {
                throw damaged("a rANS column has a bad header");
            }
            if (method == RANS1) {
                int first = h.get();
                if ((first & 1) != 0 && (h.uint7() > MAX_O1_TABLE || h.uint7() > encLen)) {
                    throw damaged("a rANS column has a bad frequency table");
                }
            }
        }

        /** CRAM 3.1's uint7: 7-bit groups, most significant first. */
        private long uint7() throws CorruptObjectException {
            long v = 0;
            for (int i = 0; i < 5; i++) {
                int x = get();
                v = (v << 7) | (x & 0x7f);
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw damaged("a rANS size is too long");
        }

        /** The next {@code len} bytes, copied to {@code dst} at {@code at}. */
        void copy(byte[] dst, int at, int len) throws CorruptObjectException {
            if (len > end - pos || at + len > dst.length) {
                throw damaged("a column ends early");
            }
            System.arraycopy(b, pos, dst, at, len);
            pos += len;
        }
    }

    /**
     * A decoder of the rANS Nx16 order-0 streams htsjdk's encoder writes here (format flags 0: four
     * interleaved states, 12-bit frequencies), several times as fast as htsjdk's own on byte arrays;
     * htsjdk normalises the frequency table, so both read one table the same way.
     */
    static final class Rans0 {
        private static final int SHIFT = 12;
        private static final int MASK = (1 << SHIFT) - 1;
        private static final int LOW = 1 << 15;

        private Rans0() {
        }

        /** The {@code len} bytes of the stream at [at, at + encLen) of {@code in}'s buffer. */
        static byte[] decode(In in, int at, int encLen, int len) throws CorruptObjectException {
            In s = new In(in.where, in.b, at, encLen);
            s.get(); // format flags, checked by the caller
            s.uint7(); // the length, checked by the caller
            boolean[] present = new boolean[256];
            int symbol = s.get();
            int last = symbol;
            int run = 0;
            do {
                present[symbol] = true;
                if (run != 0) {
                    run--;
                    symbol = (symbol + 1) & 0xff;
                } else {
                    symbol = s.get();
                    if (symbol == last + 1) {
                        run = s.get();
                    }
                }
                last = symbol;
            } while (symbol != 0);
            int[] freq = new int[256];
            for (int j = 0; j < 256; j++) {
                if (present[j]) {
                    freq[j] = (int) Math.min(s.uint7(), 1 << 16);
                }
            }
            htsjdk.samtools.cram.compression.rans.Utils.normaliseFrequenciesOrder0Shift(freq, SHIFT);
            int[] start = new int[256];
            byte[] lookup = new byte[1 << SHIFT];
            int cum = 0;
            for (int j = 0; j < 256; j++) {
                if (present[j] && freq[j] > 0) {
                    if (cum + freq[j] > lookup.length) {
                        throw in.damaged("a rANS column has a bad frequency table");
                    }
                    start[j] = cum;
                    Arrays.fill(lookup, cum, cum + freq[j], (byte) j);
                    cum += freq[j];
                }
            }
            byte[] d = s.b;
            int p = s.pos;
            int end = s.end;
            if (end - p < 16) {
                throw in.damaged("a rANS column ends early");
            }
            long x0 = le32(d, p);
            long x1 = le32(d, p + 4);
            long x2 = le32(d, p + 8);
            long x3 = le32(d, p + 12);
            p += 16;
            byte[] out = new byte[len];
            int body = len & ~3;
            for (int i = 0; i < body; i += 4) {
                int c0 = lookup[(int) (x0 & MASK)] & 0xff;
                int c1 = lookup[(int) (x1 & MASK)] & 0xff;
                int c2 = lookup[(int) (x2 & MASK)] & 0xff;
                int c3 = lookup[(int) (x3 & MASK)] & 0xff;
                out[i] = (byte) c0;
                out[i + 1] = (byte) c1;
                out[i + 2] = (byte) c2;
                out[i + 3] = (byte) c3;
                x0 = freq[c0] * (x0 >> SHIFT) + (x0 & MASK) - start[c0];
                x1 = freq[c1] * (x1 >> SHIFT) + (x1 & MASK) - start[c1];
                x2 = freq[c2] * (x2 >> SHIFT) + (x2 & MASK) - start[c2];
                x3 = freq[c3] * (x3 >> SHIFT) + (x3 & MASK) - start[c3];
                if (x0 < LOW) {
                    x0 = (x0 << 16) | le16(d, p, end);
                    p += 2;
                }
                if (x1 < LOW) {
                    x1 = (x1 << 16) | le16(d, p, end);
                    p += 2;
                }
                if (x2 < LOW) {
                    x2 = (x2 << 16) | le16(d, p, end);
                    p += 2;
                }
                if (x3 < LOW) {
                    x3 = (x3 << 16) | le16(d, p, end);
                    p += 2;
                }
            }
            if (p > end) {
                throw in.damaged("a rANS column ends early");
            }
            long[] x = {x0, x1, x2, x3};
            for (int r = 0; body + r < len; r++) {
                out[body + r] = lookup[(int) (x[r] & MASK)]; // each state's last symbol: its state is not needed again
            }
            return out;
        }

        private static long le32(byte[] d, int p) {
            return (d[p] & 0xffL) | (d[p + 1] & 0xffL) << 8 | (d[p + 2] & 0xffL) << 16 | (d[p + 3] & 0xffL) << 24;
        }

        /** Past the stream's end (a damaged one), zeros. */
        private static long le16(byte[] d, int p, int end) {
            return p + 1 < end ? (d[p] & 0xff) | (d[p + 1] & 0xff) << 8 : 0;
        }
    }
}
