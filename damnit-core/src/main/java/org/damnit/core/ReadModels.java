package org.damnit.core;

/**
 * The models of sequencing reads shared by the FASTQ and SAM codecs, both coding into one
 * {@link RangeCoder}: bases 2-bit under an order-k context (what is not A, C, G or T is the caller's
 * exception list), qualities under an adaptive context of the previous qualities and the position in
 * the read, in the manner of fqzcomp.
 */
final class ReadModels {
    private ReadModels() {
    }

    /** 0-3 for A, C, G, T; -1 for anything else. */
    static final byte[] BASE_CODE = new byte[256];
    static final byte[] BASES = {'A', 'C', 'G', 'T'};

    static {
        java.util.Arrays.fill(BASE_CODE, (byte) -1);
        for (int i = 0; i < 4; i++) {
            BASE_CODE[BASES[i]] = (byte) i;
        }
    }

    /** Bases under the previous {@code order} bases of the read (hashed into at most 2^{@code bits} contexts). */
    static final class Bases {
        private static final int STEP = 16;
        private static final int LIMIT = (1 << 16) - 64;
        private final char[] counts;
        private final long mask;
        private final int bits;
        private final boolean hashed;

        Bases(int order, int bits) {
            this.mask = order >= 32 ? -1L : (1L << (2 * order)) - 1;
            this.hashed = 2 * order > bits;
            this.bits = hashed ? bits : 2 * order;
            this.counts = new char[4 << this.bits];
        }

        private int slot(long history) {
            long h = history & mask;
            return hashed ? (int) ((h * 0x9E3779B97F4A7C15L) >>> (64 - bits)) << 2 : (int) h << 2;
        }

        /** Codes the A/C/G/T of {@code seq}; other bytes are skipped (the caller records them). */
        void encode(RangeCoder.Encoder e, byte[] seq, int off, int len) {
            long history = 0;
            for (int i = off; i < off + len; i++) {
                int b = BASE_CODE[seq[i] & 0xFF];
                if (b < 0) {
                    history <<= 2;
                    continue;
                }
                int s = slot(history);
                int f0 = counts[s] + 1;
                int f1 = counts[s + 1] + 1;
                int f2 = counts[s + 2] + 1;
                int f3 = counts[s + 3] + 1;
                int cum = b == 0 ? 0 : b == 1 ? f0 : b == 2 ? f0 + f1 : f0 + f1 + f2;
                int f = b == 0 ? f0 : b == 1 ? f1 : b == 2 ? f2 : f3;
                e.encode(cum, f, f0 + f1 + f2 + f3);
                update(s, b, f0 + f1 + f2 + f3);
                history = (history << 2) | b;
            }
        }

        /** Decodes into [off, off + len) of {@code out}, leaving the positions {@code skip} marks alone. */
        void decode(RangeCoder.Decoder d, byte[] out, int off, int len, boolean[] skip) {
            long history = 0;
            for (int i = 0; i < len; i++) {
                if (skip != null && skip[i]) {
                    history <<= 2;
                    continue;
                }
                int s = slot(history);
                int f0 = counts[s] + 1;
                int f1 = counts[s + 1] + 1;
                int f2 = counts[s + 2] + 1;
                int f3 = counts[s + 3] + 1;
                int total = f0 + f1 + f2 + f3;
                int v = d.target(total);
                int b;
                if (v < f0) {
                    b = 0;
                    d.consume(0, f0);
                } else if (v < f0 + f1) {
                    b = 1;
                    d.consume(f0, f1);
                } else if (v < f0 + f1 + f2) {
                    b = 2;
                    d.consume(f0 + f1, f2);
                } else {
                    b = 3;
                    d.consume(f0 + f1 + f2, f3);
                }
                update(s, b, total);
                out[off + i] = BASES[b];
                history = (history << 2) | b;
            }
        }

        private void update(int s, int b, int total) {
            counts[s + b] += STEP;
            if (total + STEP > LIMIT) {
                for (int j = 0; j < 4; j++) {
                    counts[s + j] >>>= 1;
                }
            }
        }
    }

    /**
     * Qualities, as indexes into the chunk's quality alphabet, under the context of the previous
     * quality, the larger of the two before it, and the position in the read.
     */
    static final class Qualities {
        private static final int STEP = 16;
        private final int symbols;
        private final int qbits;
        private final byte[] q2map;
        private final RangeCoder.Model[] models;

        Qualities(int symbols) {
            this.symbols = symbols;
            this.qbits = 32 - Integer.numberOfLeadingZeros(Math.max(1, symbols - 1));
            this.q2map = new byte[1 << qbits];
            for (int i = 0; i < q2map.length; i++) {
                q2map[i] = (byte) Math.min(7, i * 8 / Math.max(1, symbols));
            }
            this.models = new RangeCoder.Model[(1 << (qbits + 3)) * 16];
        }

        private RangeCoder.Model model(int q1, int q2, int q3, int pos) {
            int p = pos < 8 ? 0 : pos < 32 ? 1 + ((pos - 8) >> 3) : Math.min(15, 4 + ((pos - 32) >> 4));
            int ctx = (((p << 3) | q2map[Math.max(q2, q3)]) << qbits) | q1;
            RangeCoder.Model m = models[ctx];
            if (m == null) {
                m = models[ctx] = new RangeCoder.Model(symbols, STEP);
            }
            return m;
        }

        /** Codes {@code len} quality indexes from {@code q}. */
        void encode(RangeCoder.Encoder e, byte[] q, int off, int len) {
            int q1 = 0;
            int q2 = 0;
            int q3 = 0;
            for (int i = 0; i < len; i++) {
                int s = q[off + i] & 0xFF;
                model(q1, q2, q3, i).encode(e, s);
                q3 = q2;
                q2 = q1;
                q1 = s;
            }
        }

        void decode(RangeCoder.Decoder d, byte[] q, int off, int len) {
            int q1 = 0;
            int q2 = 0;
            int q3 = 0;
            for (int i = 0; i < len; i++) {
                int s = model(q1, q2, q3, i).decode(d);
                q[off + i] = (byte) s;
                q3 = q2;
                q2 = q1;
                q1 = s;
            }
        }
    }
}
