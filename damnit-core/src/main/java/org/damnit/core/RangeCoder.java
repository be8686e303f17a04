package org.damnit.core;

import java.util.Arrays;

/**
 * A byte-wise range coder (the carry-propagating kind of LZMA and fqzcomp) over adaptive frequency
 * models, for the read codecs' columns. Totals are at most 2^16, so a 32-bit range keeps 8 bits of
 * precision for every symbol. A damaged stream decodes to garbage, never out of bounds: the caller
 * bounds what it decodes and the chunk's SHA-256 tells.
 */
final class RangeCoder {
    private static final long TOP = 1L << 24;

    private RangeCoder() {
    }

    /**
     * {@code range / total} for a range below 2^32 and a total below 2^20, in floating point, which is
     * exact there (a quotient that is not whole is at least 2^-20 from the next integer, far more than
     * the rounding error) and faster than a 64-bit integer division.
     */
    static long quotient(long range, int total) {
        return (long) ((double) range / total);
    }

    static final class Encoder {
        private byte[] out;
        private int pos;
        private long low;
        private long range = 0xFFFFFFFFL;
        private int cache;
        private long cacheSize = 1;

        Encoder(int expected) {
            out = new byte[Math.max(16, expected)];
        }

        void encode(int cum, int freq, int total) {
            long r = quotient(range, total);
            low += r * cum;
            range = r * freq;
            while (range < TOP) {
                range <<= 8;
                shiftLow();
            }
        }

        /** Codes {@code bit} under the adaptive binary node {@code nodes[i]} ({@link Bit}), and updates it. */
        void encodeBit(int[] nodes, int i, int bit) {
            int node = nodes[i];
            long bound = (range >>> 16) * (node >>> 16);
            if (bit == 0) {
                range = bound;
            } else {
                low += bound;
                range -= bound;
            }
            nodes[i] = Bit.update(node, bit);
            while (range < TOP) {
                range <<= 8;
                shiftLow();
            }
        }

        private void shiftLow() {
            if (low < 0xFF000000L || low > 0xFFFFFFFFL) {
                int carry = (int) (low >>> 32);
                int temp = cache;
                do {
                    put(temp + carry);
                    temp = 0xFF;
                } while (--cacheSize != 0);
                cache = (int) ((low >>> 24) & 0xFF);
            }
            cacheSize++;
            low = (low & 0x00FFFFFFL) << 8;
        }

        private void put(int b) {
            if (pos == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[pos++] = (byte) b;
        }

        byte[] finish() {
            for (int i = 0; i < 5; i++) {
                shiftLow();
            }
            return Arrays.copyOf(out, pos);
        }
    }

    static final class Decoder {
        private final byte[] in;
        private int pos;
        private final int end;
        private long range = 0xFFFFFFFFL;
        private long code;

        Decoder(byte[] in, int off, int len) {
            this.in = in;
            this.pos = off;
            this.end = off + len;
            for (int i = 0; i < 5; i++) {
                code = ((code << 8) | next()) & 0xFFFFFFFFL;
            }
        }

        private int next() {
            return pos < end ? in[pos++] & 0xFF : 0;
        }

        /**
         * The symbol of a four-symbol model with these frequencies, consumed: found by comparing the
         * code with the scaled bounds (no second division, no branch on the symbol).
         */
        int decode4(int f0, int f1, int f2, int f3) {
            long u = quotient(range, f0 + f1 + f2 + f3);
            long c = code;
            long b1 = u * f0;
            long b2 = b1 + u * f1;
            long b3 = b2 + u * f2;
            // all ones where the code is at or past a bound
            long m1 = (b1 - 1 - c) >> 63;
            long m2 = (b2 - 1 - c) >> 63;
            long m3 = (b3 - 1 - c) >> 63;
            code = c - ((b1 & m1 & ~m2) | (b2 & m2 & ~m3) | (b3 & m3));
            int s = (int) -(m1 + m2 + m3);
            range = u * ((f0 & ~m1) | (f1 & m1 & ~m2) | (f2 & m2 & ~m3) | (f3 & m3));
            normalize();
            return s;
        }

        /** The bit {@link Encoder#encodeBit} coded under {@code nodes[i]}, consumed; updates the node. */
        int decodeBit(int[] nodes, int i) {
            int node = nodes[i];
            long bound = (range >>> 16) * (node >>> 16);
            int bit;
            if (code < bound) {
                range = bound;
                bit = 0;
            } else {
                code -= bound;
                range -= bound;
                bit = 1;
            }
            nodes[i] = Bit.update(node, bit);
            normalize();
            return bit;
        }

        private void normalize() {
            while (range < TOP) {
                code = ((code << 8) | next()) & 0xFFFFFFFFL;
                range <<= 8;
            }
        }
    }

    /**
     * An adaptive binary node in one int: the probability of a 0 in 16 bits (high half) and how many bits
     * it has seen (low half, up to {@link #LIMIT}); each bit moves the probability by 1/(n + 1.5) of
     * the way, as counting would, down to 1/{@code LIMIT}.
     */
    static final class Bit {
        static final int INITIAL = 0x8000 << 16;
        private static final int LIMIT = 255;
        private static final int MIN = 32;
        private static final int MAX = 65536 - 32;
        private static final int[] RATE = new int[LIMIT + 1];

        static {
            for (int n = 0; n <= LIMIT; n++) {
                RATE[n] = (int) (65536 / (n + 1.5));
            }
        }

        private Bit() {
        }

        static int update(int node, int bit) {
            int p = node >>> 16;
            int n = node & 0xFFFF;
            int target = bit == 0 ? 65536 : 0;
            p += (target - p) * RATE[n] >> 16;
            p = Math.max(MIN, Math.min(MAX, p));
            return p << 16 | (n < LIMIT ? n + 1 : n);
        }
    }

    /**
     * An adaptive model of {@code n} symbols: counts grow by a step and halve when their total passes
     * 2^16; symbols are kept in order of frequency so that the search is short.
     */
    static final class Model {
        private static final int LIMIT = (1 << 16) - 64;
        private final int step;
        private final int[] sym;
        private final int[] freq;
        private int total;

        Model(int n, int step) {
            this.step = step;
            sym = new int[n];
            freq = new int[n];
            for (int i = 0; i < n; i++) {
                sym[i] = i;
                freq[i] = 1;
            }
            total = n;
        }

        void encode(Encoder e, int s) {
            int cum = 0;
            int i = 0;
            while (sym[i] != s) {
                cum += freq[i++];
            }
            e.encode(cum, freq[i], total);
            update(i);
        }

        int decode(Decoder d) {
            long u = quotient(d.range, total);
            long c = d.code;
            long lo = 0;
            int i = 0;
            int last = freq.length - 1;
            while (i < last) {
                long hi = lo + u * freq[i];
                if (c < hi) {
                    break;
                }
                lo = hi;
                i++;
            }
            d.code = c - lo;
            d.range = u * freq[i];
            d.normalize();
            int s = sym[i];
            update(i);
            return s;
        }

        private void update(int i) {
            freq[i] += step;
            total += step;
            if (total > LIMIT) {
                total = 0;
                for (int j = 0; j < freq.length; j++) {
                    freq[j] = (freq[j] + 1) >>> 1;
                    total += freq[j];
                }
            }
            int f = freq[i];
            if (i == 0 || f <= freq[i - 1]) {
                return;
            }
            // [0, i) is sorted by falling frequency: the symbol moves before the first that is less frequent
            int lo = 0;
            int hi = i - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (freq[mid] < f) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            int s = sym[i];
            System.arraycopy(freq, lo, freq, lo + 1, i - lo);
            System.arraycopy(sym, lo, sym, lo + 1, i - lo);
            freq[lo] = f;
            sym[lo] = s;
        }
    }
}
