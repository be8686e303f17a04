package org.damnit.core;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.damnit.CorruptObjectException;

/**
 * Building blocks of content codecs: growable byte columns with unsigned LEB128 varints ({@link Out}),
 * a bounded reader of them ({@link In}), and the entropy coding of one column ({@link Out#coded},
 * {@link In#coded}): stored, one repeated byte, or rANS Nx16 order 0 or 1 of CRAM 3.1 (the streams
 * htsjdk and htscodecs read, written and read here by own code), whichever an entropy estimate says is
 * smallest. docs/FORMAT.md, "Content codecs", has the layout.
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

    private ColumnStreams() {
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

        /** CRAM 3.1's uint7: 7-bit groups, most significant first. */
        void putUint7(int v) {
            int groups = 1;
            for (int x = v >>> 7; x != 0; x >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                put((v >>> (7 * g) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
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
            coded(data, len, null);
        }

        /** As {@link #coded(byte[], int)}, with the column's {@link #estimates} if already made (else null). */
        void coded(byte[] data, int len, double[] estimates) {
            putVarint(len);
            if (len > 1 && constant(data, len)) {
                put(CONSTANT);
                put(data[0]);
                return;
            }
            int method = len < MIN_CODED ? STORED
                : estimates != null ? cheapest(estimates, len) : cheapest(data, len);
            if (method != STORED) {
                byte[] enc = method == RANS0 ? Rans0.encode(data, len) : Rans0.encode1(data, len);
                int encLen = enc.length;
                if (encLen < len) {
                    put(method);
                    putVarint(encLen);
                    putBytes(enc, 0, encLen);
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
        return cheapest(estimates(d, len), len);
    }

    /** The method that the estimates {@code e} of a column of {@code len} bytes make smallest. */
    static int cheapest(double[] e, int len) {
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
        return estimatedBytes(estimates(d, len), len);
    }

    /** About how many bytes {@link Out#coded} takes for a column of {@code len} bytes with estimates {@code e}. */
    static double estimatedBytes(double[] e, int len) {
        if (len < MIN_CODED) {
            return len + 2;
        }
        return Math.min(len, Math.min(e[0], e[1])) + 4;
    }

    /** The estimated sizes of rANS order 0 and order 1 of {@code len} bytes of {@code d}. */
    static double[] estimates(byte[] d, int len) {
        Estimate e = ESTIMATES.get();
        e.add(d, 0, len);
        return e.finish();
    }

    private static final ThreadLocal<Estimate> ESTIMATES = ThreadLocal.withInitial(Estimate::new);

    /** A thread's counter for {@link #estimate}: one at a time. */
    static Estimate estimate() {
        return ESTIMATES.get();
    }

    /**
     * The order-0 and order-1 counts of a column given in pieces ({@link #add}), and the estimated
     * sizes of its rANS order 0 and order 1 ({@link #finish}, which also clears the counts: only the
     * entries of the symbols seen are visited, not all 65,536 contexts' entries).
     */
    static final class Estimate {
        private final int[] c = new int[256 * 257];
        private final int[] present = new int[257];
        private int prev;
        private int len;

        /** Counts {@code n} more bytes of the column, {@code d[off]} on. */
        void add(byte[] d, int off, int n) {
            int[] c = this.c;
            int p = prev;
            for (int i = off, end = off + n; i < end; i++) {
                int s = d[i] & 0xff;
                c[(p << 8) | s]++;
                c[65536 + s]++;
                p = s;
            }
            prev = p;
            len += n;
        }

        int length() {
            return len;
        }

        /** The estimates of order 0 and 1 (in bytes) of what was added; then the counts start again. */
        double[] finish() {
            int[] c = this.c;
            int n = len;
            double bits0 = 0;
            int symbols = 0;
            for (int s = 0; s < 256; s++) {
                int k = c[65536 + s];
                if (k > 0) {
                    bits0 -= k * log2((double) k / n);
                    present[symbols++] = s;
                }
            }
            double bytes0 = bits0 / 8 + symbols * 2 + 16;
            double bits1 = 0;
            int entries = 0;
            // the contexts are 0 (the first byte's) and the symbols seen, in ascending order as the sums were made
            boolean zero = symbols > 0 && present[0] == 0;
            for (int j = zero ? 0 : -1; j < symbols; j++) {
                int ctx = j < 0 ? 0 : present[j];
                int row = ctx << 8;
                int total = 0;
                for (int i = 0; i < symbols; i++) {
                    total += c[row | present[i]];
                }
                if (total == 0) {
                    continue;
                }
                for (int i = 0; i < symbols; i++) {
                    int k = c[row | present[i]];
                    if (k > 0) {
                        bits1 -= k * log2((double) k / total);
                        entries++;
                        c[row | present[i]] = 0;
                    }
                }
            }
            for (int i = 0; i < symbols; i++) {
                c[65536 + present[i]] = 0;
            }
            prev = 0;
            len = 0;
            double bytes1 = bits1 / 8 + entries * 1.5 + 32;
            return new double[] {bytes0, bytes1};
        }
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
            byte[] out = Rans0.decode1(this, pos, encLen, len);
            pos += encLen;
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
     * Encoders of rANS Nx16 order 0 and 1 ({@link #encode}, {@link #encode1}: several times as fast as
     * htsjdk's on byte arrays), and decoders of such streams (format flags 0 and 1: four
     * states, 12-bit frequencies; order 0 interleaved, order 1 in four quarters of the column, its
     * frequency table itself order-0 coded or not), several times as fast as htsjdk's own on byte
     * arrays: one packed entry per step of the frequencies (symbol, frequency, start of its range) and
     * int states.
     * htsjdk normalises the frequency tables (its own code), so both read one table the same way. A
     * damaged stream decodes to garbage (the chunk's check refuses it), never out of bounds.
     */
    static final class Rans0 {
        private static final int SHIFT = 12;
        private static final int LOW = 1 << 15;
        private static final java.lang.invoke.VarHandle LE16 =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(char[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final ThreadLocal<int[][]> TABLES = ThreadLocal.withInitial(() -> new int[][] {new int[1 << SHIFT]});

        private Rans0() {
        }

        /**
         * The order-0 rANS Nx16 stream (format flags 0, with its size) of {@code len} bytes of {@code data}
         * as htsjdk and htscodecs read it: frequencies normalised to 4,096 here (so that a reader's own
         * normalisation leaves them), four interleaved states.
         */
        static byte[] encode(byte[] data, int len) {
            Out out = new Out(len / 2 + 1100);
            out.put(0); // format flags: order 0, four states
            out.putUint7(len);
            body(data, len, out);
            return Arrays.copyOf(out.b, out.n);
        }

        /** The order-0 stream without its flags and size: the frequency table, the states, the words. */
        private static void body(byte[] data, int len, Out out) {
            int[] f = new int[256];
            for (int i = 0; i < len; i++) {
                f[data[i] & 0xff]++;
            }
            normalise(f, len);
            // the words are written from the end of the buffer back, then the states before them
            byte[] w = new byte[len * 2 + 64];
            int at = w.length;
            int[] start = new int[256];
            for (int j = 0, cum = 0; j < 256; j++) {
                start[j] = cum;
                cum += f[j];
            }
            int body = len & ~3;
            // the last len % 4 symbols, each its state's first: no state yet needs renormalising
            int[] x = {LOW, LOW, LOW, LOW};
            for (int r = len - body - 1; r >= 0; r--) {
                int s = data[body + r] & 0xff;
                x[r] = (x[r] / f[s] << SHIFT) + x[r] % f[s] + start[s];
            }
            at = words0(data, body, f, start, x, w, at);
            table(f, out);
            for (int v : x) {
                out.put(v);
                out.put(v >>> 8);
                out.put(v >>> 16);
                out.put(v >>> 24);
            }
            out.putBytes(w, at, w.length - at);
        }

        /**
         * The order-0 words of the first {@code body} symbols of {@code data}, written back from {@code at}
         * of {@code w} with the states {@code x} (in and out); returns where the words now start. A method
         * of its own, so that the JIT compiles this loop alone and early.
         */
        private static int words0(byte[] data, int body, int[] f, int[] start, int[] x, byte[] w, int at) {
            int x0 = x[0];
            int x1 = x[1];
            int x2 = x[2];
            int x3 = x[3];
            for (int i = body - 4; i >= 0; i -= 4) {
                int s3 = data[i + 3] & 0xff;
                int f3 = f[s3];
                if (x3 >>> 19 >= f3) { // the state would pass 2^31: 16 bits out
                    w[--at] = (byte) (x3 >>> 8);
                    w[--at] = (byte) x3;
                    x3 >>>= 16;
                }
                x3 = (x3 / f3 << SHIFT) + x3 % f3 + start[s3];
                int s2 = data[i + 2] & 0xff;
                int f2 = f[s2];
                if (x2 >>> 19 >= f2) { // the state would pass 2^31: 16 bits out
                    w[--at] = (byte) (x2 >>> 8);
                    w[--at] = (byte) x2;
                    x2 >>>= 16;
                }
                x2 = (x2 / f2 << SHIFT) + x2 % f2 + start[s2];
                int s1 = data[i + 1] & 0xff;
                int f1 = f[s1];
                if (x1 >>> 19 >= f1) { // the state would pass 2^31: 16 bits out
                    w[--at] = (byte) (x1 >>> 8);
                    w[--at] = (byte) x1;
                    x1 >>>= 16;
                }
                x1 = (x1 / f1 << SHIFT) + x1 % f1 + start[s1];
                int s0 = data[i] & 0xff;
                int f0 = f[s0];
                if (x0 >>> 19 >= f0) { // the state would pass 2^31: 16 bits out
                    w[--at] = (byte) (x0 >>> 8);
                    w[--at] = (byte) x0;
                    x0 >>>= 16;
                }
                x0 = (x0 / f0 << SHIFT) + x0 % f0 + start[s0];
            }
            x[0] = x0;
            x[1] = x1;
            x[2] = x2;
            x[3] = x3;
            return at;
        }

        /**
         * The order-1 rANS Nx16 stream (format flags 1, with its size) of {@code len} (at least 4) bytes of
         * {@code data} as htsjdk and htscodecs read it: each context's frequencies normalised to 4,096
         * here, the table order-0 coded where that is shorter, four states over the four quarters.
         */
        static byte[] encode1(byte[] data, int len) {
            int q = len >> 2;
            int[][] f = new int[256][];
            boolean[] used = new boolean[256];
            count1(data, len, q, f, used);
            int[][] start = new int[256][];
            int[][] written = new int[256][];
            for (int c = 0; c < 256; c++) {
                if (f[c] != null) {
                    row1(f[c], start, written, c);
                }
            }
            Out table = table1(f, written, used);
            byte[] w = new byte[len * 2 + 64];
            int[] x = {LOW, LOW, LOW, LOW};
            int at = words1(data, len, q, f, start, x, w);
            Out out = new Out(w.length - at + table.n + 64);
            out.put(1); // format flags: order 1, four states
            out.putUint7(len);
            Out packed = new Out(table.n / 2 + 64);
            body(table.b, table.n, packed);
            if (packed.n < table.n) {
                out.put(SHIFT << 4 | 1);
                out.putUint7(table.n);
                out.putUint7(packed.n);
                out.putBytes(packed.b, 0, packed.n);
            } else {
                out.put(SHIFT << 4);
                out.putBytes(table.b, 0, table.n);
            }
            for (int v : x) {
                out.put(v);
                out.put(v >>> 8);
                out.put(v >>> 16);
                out.put(v >>> 24);
            }
            out.putBytes(w, at, w.length - at);
            return Arrays.copyOf(out.b, out.n);
        }

        /** The order-1 counts of {@code data} ({@code f} by context, made as needed) and the bytes used (and 0). */
        private static void count1(byte[] data, int len, int q, int[][] f, boolean[] used) {
            used[0] = true;
            int prev = 0;
            for (int r = 0; r < 4; r++) {
                // each quarter starts in context 0; the rest after the fourth goes on from it
                int from = r * q;
                int to = r == 3 ? len : from + q;
                if (r > 0) {
                    prev = 0;
                }
                for (int i = from; i < to; i++) {
                    int s = data[i] & 0xff;
                    int[] row = f[prev];
                    if (row == null) {
                        row = f[prev] = new int[256];
                    }
                    row[s]++;
                    used[s] = true;
                    prev = s;
                }
            }
        }

        /** Normalises context {@code c}'s counts {@code f} in place, its frequencies as written and the starts. */
        private static void row1(int[] f, int[][] start, int[][] written, int c) {
            int total = 0;
            int symbols = 0;
            for (int v : f) {
                total += v;
                symbols += v > 0 ? 1 : 0;
            }
            // a row of few counts in fewer bits (a shorter table); a reader scales it to 4,096
            int bits = Math.max(1, Math.min(SHIFT, 32 - Integer.numberOfLeadingZeros(total - 1)));
            while (1 << bits < symbols) {
                bits++;
            }
            normalise(f, total, bits);
            written[c] = f.clone();
            for (int j = 0; j < 256; j++) {
                f[j] <<= SHIFT - bits;
            }
            int[] st = start[c] = new int[256];
            for (int j = 0, cum = 0; j < 256; j++) {
                st[j] = cum;
                cum += f[j];
            }
        }

        /** The table: the alphabet (contexts and symbols alike), then each context's row, zeros run-length coded. */
        private static Out table1(int[][] f, int[][] written, boolean[] used) {
            Out table = new Out(1024);
            int[] present = new int[256];
            for (int j = 0; j < 256; j++) {
                present[j] = used[j] ? 1 : 0;
            }
            alphabet(present, table);
            for (int c = 0; c < 256; c++) {
                if (used[c]) {
                    tableRow1(f[c], written[c], used, table);
                }
            }
            return table;
        }

        private static void tableRow1(int[] fc, int[] wc, boolean[] used, Out table) {
            int run = 0;
            for (int j = 0; j < 256; j++) {
                if (!used[j]) {
                    continue;
                }
                if (run > 0) {
                    run--;
                    continue;
                }
                int v = fc == null ? 0 : wc[j];
                table.putUint7(v);
                if (v == 0) {
                    for (int k = j + 1; k < 256 && run < 255; k++) {
                        if (used[k]) {
                            if ((fc == null ? 0 : fc[k]) != 0) {
                                break;
                            }
                            run++;
                        }
                    }
                    table.put(run);
                }
            }
        }

        /** The order-1 words of {@code data}, written back from the end of {@code w}; returns where they start. */
        private static int words1(byte[] data, int len, int q, int[][] f, int[][] start, int[] x, byte[] w) {
            int at = w.length;
            // decoded last: the rest after the four quarters, by the last state
            for (int i = len - 1; i >= 4 * q; i--) {
                at = put1(x, 3, data[i - 1] & 0xff, data[i] & 0xff, f, start, w, at);
            }
            for (int i = q - 1; i >= 0; i--) {
                for (int r = 3; r >= 0; r--) {
                    int k = r * q + i;
                    at = put1(x, r, i == 0 ? 0 : data[k - 1] & 0xff, data[k] & 0xff, f, start, w, at);
                }
            }
            return at;
        }

        /** Codes symbol {@code s} under context {@code c} with state {@code r}; returns where the words now start. */
        private static int put1(int[] x, int r, int c, int s, int[][] f, int[][] start, byte[] w, int at) {
            int y = x[r];
            int fs = f[c][s];
            if (y >>> 19 >= fs) {
                w[--at] = (byte) (y >>> 8);
                w[--at] = (byte) y;
                y >>>= 16;
            }
            x[r] = (y / fs << SHIFT) + y % fs + start[c][s];
            return at;
        }

        /**
         * Scales the counts {@code f} of {@code len} symbols to frequencies of total 4,096, each symbol
         * seen at least 1, the rounding made up on the most frequent.
         */
        static void normalise(int[] f, int len) {
            normalise(f, len, SHIFT);
        }

        /** As {@link #normalise(int[], int)}, to a total of {@code 1 << bits}. */
        static void normalise(int[] f, int len, int bits) {
            int sum = 0;
            int max = 0;
            for (int j = 0; j < 256; j++) {
                if (f[j] > 0) {
                    f[j] = (int) Math.max(1, (((long) f[j] << bits) + (len >> 1)) / len);
                    sum += f[j];
                    if (f[j] > f[max]) {
                        max = j;
                    }
                }
            }
            int size = 1 << bits;
            if (f[max] + size - sum >= 1) {
                f[max] += size - sum;
                return;
            }
            // many rare symbols raised to 1: take the excess from the others, largest first
            while (sum > size) {
                int big = 0;
                for (int j = 1; j < 256; j++) {
                    if (f[j] > f[big]) {
                        big = j;
                    }
                }
                int take = Math.min(sum - size, f[big] - 1);
                f[big] -= Math.max(1, take / 2);
                sum -= Math.max(1, take / 2);
            }
        }

        /** An order-0 frequency table as CRAM 3.1 writes it: the run-length coded alphabet, then each frequency. */
        private static void table(int[] f, Out out) {
            alphabet(f, out);
            for (int j = 0; j < 256; j++) {
                if (f[j] != 0) {
                    out.putUint7(f[j]);
                }
            }
        }

        /** The symbols whose {@code f} is not 0, run-length coded as CRAM 3.1 writes an alphabet. */
        private static void alphabet(int[] f, Out out) {
            int run = 0;
            for (int j = 0; j < 256; j++) {
                if (f[j] == 0) {
                    continue;
                }
                if (run > 0) {
                    run--;
                    continue;
                }
                out.put(j);
                if (j > 0 && f[j - 1] != 0) {
                    int k = j + 1;
                    while (k < 256 && f[k] != 0) {
                        k++;
                    }
                    run = k - (j + 1);
                    out.put(run);
                }
            }
            out.put(0);
        }

        /** The {@code len} bytes of the order-0 stream at [at, at + encLen) of {@code in}'s buffer. */
        static byte[] decode(In in, int at, int encLen, int len) throws CorruptObjectException {
            In s = new In(in.where, in.b, at, encLen);
            s.get(); // format flags, checked by the caller
            s.uint7(); // the length, checked by the caller
            byte[] out = new byte[len];
            body(s, out, len);
            return out;
        }

        /** Which symbols a frequency table lists (CRAM 3.1's run-length coded alphabet), ascending; their count. */
        private static int alphabet(In s, int[] symbols) throws CorruptObjectException {
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
            int n = 0;
            for (int j = 0; j < 256; j++) {
                if (present[j]) {
                    symbols[n++] = j;
                }
            }
            return n;
        }

        /**
         * Normalises {@code freq} as htsjdk does, checks that the frequencies fit in {@code 1 << shift}, and
         * returns how many low bits of a slot they leave out (all of them multiples of 2 to that power, as
         * htsjdk writes a short column's): the table needs {@code (1 << shift) >> k} entries only.
         */
        private static int normalised(In s, int[] freq, int shift) throws CorruptObjectException {
            htsjdk.samtools.cram.compression.rans.Utils.normaliseFrequenciesOrder0Shift(freq, shift);
            int size = 1 << shift;
            int cum = 0;
            int bits = 0;
            for (int j = 0; j < 256; j++) {
                int f = freq[j];
                if (f > 0) {
                    if (f > size - cum) {
                        throw s.damaged("a rANS column has a bad frequency table");
                    }
                    cum += f;
                    bits |= f;
                }
            }
            return bits == 0 ? shift : Math.min(shift, Integer.numberOfTrailingZeros(bits));
        }

        /**
         * Writes the packed slots of normalised {@code freq} (of total at most {@code 1 << shift}), one per
         * {@code 1 << k} slots, at {@code at} of {@code table}: symbol, frequency - 1 and the start of
         * its range; the rest zeros.
         */
        private static void slots(int[] freq, int shift, int k, int[] table, int at) {
            int cum = 0;
            for (int j = 0; j < 256; j++) {
                int f = freq[j];
                if (f > 0) {
                    int e = j | (f - 1) << 8 | cum << 20;
                    Arrays.fill(table, at + (cum >>> k), at + ((cum + f) >>> k), e);
                    cum += f;
                }
            }
            Arrays.fill(table, at + (cum >>> k), at + ((1 << shift) >>> k), 0);
        }

        /** Reads an order-0 frequency table and the four states from {@code s}, then decodes {@code len} bytes into {@code out}. */
        static void body(In s, byte[] out, int len) throws CorruptObjectException {
            int[] symbols = new int[256];
            int n = alphabet(s, symbols);
            int[] freq = new int[256];
            for (int i = 0; i < n; i++) {
                freq[symbols[i]] = (int) Math.min(s.uint7(), 1 << 16);
            }
            int[] t = TABLES.get()[0];
            int k = normalised(s, freq, SHIFT);
            slots(freq, SHIFT, k, t, 0);
            byte[] d = s.b;
            int p = s.pos;
            int end = s.end;
            if (end - p < 16) {
                throw s.damaged("a rANS column ends early");
            }
            int x0 = le32(d, p);
            int x1 = le32(d, p + 4);
            int x2 = le32(d, p + 8);
            int x3 = le32(d, p + 12);
            p += 16;
            int body = len & ~3;
            int[] x = {x0, x1, x2, x3};
            long done = quarters0(t, k, x, d, p, end, out, body);
            p = (int) done;
            int i = (int) (done >>> 32);
            for (; i < body; i += 4) {
                for (int r = 0; r < 4; r++) {
                    int e = t[(x[r] & 0xfff) >>> k];
                    out[i + r] = (byte) e;
                    int y = ((e >>> 8 & 0xfff) + 1) * (x[r] >>> SHIFT) + (x[r] & 0xfff) - (e >>> 20);
                    if (y < LOW) {
                        y = y << 16 | le16(d, p, end);
                        p += 2;
                    }
                    x[r] = y;
                }
            }
            if (p > end) {
                throw s.damaged("a rANS column ends early");
            }
            for (int r = 0; body + r < len; r++) {
                out[body + r] = (byte) t[(x[r] & 0xfff) >>> k]; // each state's last symbol: its state is not needed again
            }
        }

        /**
         * The order-0 stream's first {@code body} symbols while the stream has the 8 bytes that four symbols
         * can take, without a bounds check per read: the states {@code x} in and out; returns the next
         * stream position (low 32 bits) and how many symbols are done (high). A method of its own, so that
         * the JIT compiles this loop alone and early.
         */
        private static long quarters0(int[] t, int k, int[] x, byte[] d, int p, int end, byte[] out, int body) {
            int x0 = x[0];
            int x1 = x[1];
            int x2 = x[2];
            int x3 = x[3];
            int i = 0;
            // while the stream has the 8 bytes that four symbols can take, without a bounds check per read;
            // a state's renormalisation is masked, not branched on: which states take 16 bits is as good
            // as random, and a mispredicted branch costs more than the read and the shift (20% a symbol)
            for (int safe = end - 8; i < body && p <= safe; i += 4) {
                int e0 = t[(x0 & 0xfff) >>> k];
                int e1 = t[(x1 & 0xfff) >>> k];
                int e2 = t[(x2 & 0xfff) >>> k];
                int e3 = t[(x3 & 0xfff) >>> k];
                out[i] = (byte) e0;
                out[i + 1] = (byte) e1;
                out[i + 2] = (byte) e2;
                out[i + 3] = (byte) e3;
                x0 = ((e0 >>> 8 & 0xfff) + 1) * (x0 >>> SHIFT) + (x0 & 0xfff) - (e0 >>> 20);
                x1 = ((e1 >>> 8 & 0xfff) + 1) * (x1 >>> SHIFT) + (x1 & 0xfff) - (e1 >>> 20);
                x2 = ((e2 >>> 8 & 0xfff) + 1) * (x2 >>> SHIFT) + (x2 & 0xfff) - (e2 >>> 20);
                x3 = ((e3 >>> 8 & 0xfff) + 1) * (x3 >>> SHIFT) + (x3 & 0xfff) - (e3 >>> 20);
                int m0 = x0 - LOW >> 31; // all ones where the state takes the next 16 bits
                x0 = x0 << (16 & m0) | (char) LE16.get(d, p) & m0;
                p += 2 & m0;
                int m1 = x1 - LOW >> 31;
                x1 = x1 << (16 & m1) | (char) LE16.get(d, p) & m1;
                p += 2 & m1;
                int m2 = x2 - LOW >> 31;
                x2 = x2 << (16 & m2) | (char) LE16.get(d, p) & m2;
                p += 2 & m2;
                int m3 = x3 - LOW >> 31;
                x3 = x3 << (16 & m3) | (char) LE16.get(d, p) & m3;
                p += 2 & m3;
            }
            x[0] = x0;
            x[1] = x1;
            x[2] = x2;
            x[3] = x3;
            return (long) i << 32 | p;
        }

        /** The {@code len} bytes of the order-1 stream at [at, at + encLen) of {@code in}'s buffer. */
        static byte[] decode1(In in, int at, int encLen, int len) throws CorruptObjectException {
            In s = new In(in.where, in.b, at, encLen);
            s.get(); // format flags, checked by the caller
            s.uint7(); // the length, checked by the caller
            int first = s.get();
            int shift = first >> 4;
            if (shift < 1 || shift > SHIFT) {
                throw s.damaged("a rANS column has a bad frequency table");
            }
            In table = s;
            if ((first & 1) != 0) {
                long tableLen0 = s.uint7();
                long codedLen0 = s.uint7();
                if (tableLen0 > MAX_O1_TABLE || codedLen0 > s.remaining()) {
                    throw s.damaged("a rANS column has a bad frequency table");
                }
                int tableLen = (int) tableLen0;
                int codedLen = (int) codedLen0;
                byte[] t = new byte[tableLen];
                body(new In(s.where, s.b, s.take(codedLen), codedLen), t, tableLen);
                table = new In(s.where, t, 0, tableLen);
            }
            int[] rowOf = new int[256];
            int k = tables1(s, table, shift, rowOf);
            int[] t = TABLES.get()[0];
            byte[] d = s.b;
            int p = s.pos;
            int end = s.end;
            if (end - p < 16) {
                throw s.damaged("a rANS column ends early");
            }
            int x0 = le32(d, p);
            int x1 = le32(d, p + 4);
            int x2 = le32(d, p + 8);
            int x3 = le32(d, p + 12);
            p += 16;
            byte[] out = new byte[len];
            int q = len >> 2;
            int mask = (1 << shift) - 1;
            int r0 = rowOf[0];
            int[] x = {x0, x1, x2, x3};
            int[] row = {r0, r0, r0, r0};
            long done = quarters1(t, rowOf, x, row, d, p, end, out, q, mask, shift, k);
            p = (int) done;
            int i = (int) (done >>> 32);
            for (; i < q; i++) {
                for (int r = 0; r < 4; r++) {
                    p = step1(t, x, row, r, out, r * q + i, mask, shift, k, d, p, end, rowOf);
                }
            }
            // the rest after the four quarters, by the last state
            for (int j = 4 * q; j < len; j++) {
                p = step1(t, x, row, 3, out, j, mask, shift, k, d, p, end, rowOf);
            }
            if (p > end) {
                throw s.damaged("a rANS column ends early");
            }
            return out;
        }

        /**
         * Reads the order-1 stream's frequency tables ({@code table}, the stream {@code s} itself or its
         * order-0 coded copy) into this thread's packed table, {@code rowOf} each context's row of it;
         * returns the low bits of a slot that the rows leave out.
         */
        private static int tables1(In s, In table, int shift, int[] rowOf) throws CorruptObjectException {
            int[] contexts = new int[256];
            int n = alphabet(table, contexts);
            int[][] freqs = new int[n][256];
            int k = shift;
            for (int c = 0; c < n; c++) {
                int[] freq = freqs[c];
                int run = 0;
                for (int j = 0; j < n; j++) {
                    if (run > 0) {
                        run--;
                    } else {
                        int f = (int) Math.min(table.uint7(), 1 << 16);
                        freq[contexts[j]] = f;
                        if (f == 0) {
                            run = table.get();
                        }
                    }
                }
                k = Math.min(k, normalised(s, freq, shift));
            }
            int size = (1 << shift) >>> k;
            int[][] holder = TABLES.get();
            if (holder[0].length < (n + 1) * size) {
                holder[0] = new int[(n + 1) * size];
            }
            int[] t = holder[0];
            // a context the table does not list (only in a damaged stream) reads the zeroed last row
            Arrays.fill(rowOf, n * size);
            Arrays.fill(t, n * size, (n + 1) * size, 0);
            for (int c = 0; c < n; c++) {
                slots(freqs[c], shift, k, t, c * size);
                rowOf[contexts[c]] = c * size;
            }
            return k;
        }

        /**
         * The order-1 stream's four quarters while the stream has the 8 bytes that four symbols can take,
         * without a bounds check per read: the states {@code x} and rows {@code row} in and out; returns
         * the next stream position (low 32 bits) and how many symbols of each quarter are done (high).
         * A method of its own, so that the JIT compiles this loop alone and early.
         */
        private static long quarters1(int[] t, int[] rowOf, int[] x, int[] row, byte[] d, int p, int end, byte[] out,
                                      int q, int mask, int shift, int k) {
            int x0 = x[0];
            int x1 = x[1];
            int x2 = x[2];
            int x3 = x[3];
            int r0 = row[0];
            int r1 = row[1];
            int r2 = row[2];
            int r3 = row[3];
            int i = 0;
            for (int safe = end - 8; i < q && p <= safe; i++) {
                int e0 = t[r0 + ((x0 & mask) >>> k)];
                int e1 = t[r1 + ((x1 & mask) >>> k)];
                int e2 = t[r2 + ((x2 & mask) >>> k)];
                int e3 = t[r3 + ((x3 & mask) >>> k)];
                out[i] = (byte) e0;
                out[q + i] = (byte) e1;
                out[2 * q + i] = (byte) e2;
                out[3 * q + i] = (byte) e3;
                r0 = rowOf[e0 & 0xff];
                r1 = rowOf[e1 & 0xff];
                r2 = rowOf[e2 & 0xff];
                r3 = rowOf[e3 & 0xff];
                x0 = ((e0 >>> 8 & 0xfff) + 1) * (x0 >>> shift) + (x0 & mask) - (e0 >>> 20);
                x1 = ((e1 >>> 8 & 0xfff) + 1) * (x1 >>> shift) + (x1 & mask) - (e1 >>> 20);
                x2 = ((e2 >>> 8 & 0xfff) + 1) * (x2 >>> shift) + (x2 & mask) - (e2 >>> 20);
                x3 = ((e3 >>> 8 & 0xfff) + 1) * (x3 >>> shift) + (x3 & mask) - (e3 >>> 20);
                if (x0 < LOW) {
                    x0 = x0 << 16 | (d[p] & 0xff) | (d[p + 1] & 0xff) << 8;
                    p += 2;
                }
                if (x1 < LOW) {
                    x1 = x1 << 16 | (d[p] & 0xff) | (d[p + 1] & 0xff) << 8;
                    p += 2;
                }
                if (x2 < LOW) {
                    x2 = x2 << 16 | (d[p] & 0xff) | (d[p + 1] & 0xff) << 8;
                    p += 2;
                }
                if (x3 < LOW) {
                    x3 = x3 << 16 | (d[p] & 0xff) | (d[p + 1] & 0xff) << 8;
                    p += 2;
                }
            }
            x[0] = x0;
            x[1] = x1;
            x[2] = x2;
            x[3] = x3;
            row[0] = r0;
            row[1] = r1;
            row[2] = r2;
            row[3] = r3;
            return (long) i << 32 | p;
        }

        private static int step1(int[] t, int[] x, int[] row, int r, byte[] out, int at, int mask, int shift, int k,
                                 byte[] d, int p, int end, int[] rowOf) {
            int e = t[row[r] + ((x[r] & mask) >>> k)];
            out[at] = (byte) e;
            row[r] = rowOf[e & 0xff];
            int y = ((e >>> 8 & 0xfff) + 1) * (x[r] >>> shift) + (x[r] & mask) - (e >>> 20);
            if (y < LOW) {
                y = y << 16 | le16(d, p, end);
                p += 2;
            }
            x[r] = y;
            return p;
        }

        private static int le32(byte[] d, int p) {
            return (d[p] & 0xff) | (d[p + 1] & 0xff) << 8 | (d[p + 2] & 0xff) << 16 | (d[p + 3] & 0xff) << 24;
        }

        /** Past the stream's end (a damaged one), zeros. */
        private static int le16(byte[] d, int p, int end) {
            return p + 1 < end ? (d[p] & 0xff) | (d[p + 1] & 0xff) << 8 : 0;
        }
    }
}
