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

    /** The quality bytes a chunk uses, in ascending order: qualities are coded as indexes into it. */
    static final class Alphabet {
        private final int[] index = new int[256];
        private final byte[] symbols = new byte[256];
        /** Each index's quarter of the alphabet (0-3), the bases' quality context. */
        private final byte[] quarters = new byte[256];
        /** Each quality byte's quarter; -1 for a byte not in the alphabet. */
        private final byte[] byteQuarters = new byte[256];
        private int size;

        Alphabet() {
            java.util.Arrays.fill(index, -1);
        }

        void mark(byte[] d, int from, int to) {
            for (int i = from; i < to; i++) {
                index[d[i] & 0xFF] = 0;
            }
        }

        /** Numbers the marked bytes; returns how many there are (at least 1, for the models). */
        int seal() {
            for (int b = 0; b < 256; b++) {
                if (index[b] == 0) {
                    index[b] = size;
                    symbols[size++] = (byte) b;
                }
            }
            fillQuarters();
            return size();
        }

        private void fillQuarters() {
            java.util.Arrays.fill(byteQuarters, (byte) -1);
            for (int s = 0; s < 256; s++) {
                quarters[s] = (byte) (s * 4 / size());
                if (s < size) {
                    byteQuarters[symbols[s] & 0xFF] = quarters[s];
                }
            }
        }

        /** The quarter of quality byte {@code b}, which must be in the alphabet. */
        byte quarterOf(byte b) {
            byte q = byteQuarters[b & 0xFF];
            if (q < 0) {
                throw new Columns.Damaged("quality out of alphabet");
            }
            return q;
        }

        /** The quarter (0-3) of the alphabet that index {@code s} (below {@link #size()}) falls in. */
        byte quarter(int s) {
            return quarters[s];
        }

        int index(byte b) {
            return index[b & 0xFF];
        }

        /** The number of quality bytes in the alphabet (0 when no record has qualities). */
        int symbols() {
            return size;
        }

        /** The number of symbols, at least 1 (for the models). */
        int size() {
            return Math.max(1, size);
        }

        byte symbol(int s) {
            if (s >= size) {
                throw new Columns.Damaged("quality out of alphabet");
            }
            return symbols[s];
        }

        void write(Columns.Sink out) {
            out.varint(size);
            out.put(symbols, 0, size);
        }

        static Alphabet read(Columns.Source in) {
            Alphabet a = new Alphabet();
            a.size = in.count(256);
            in.get(a.symbols, 0, a.size);
            a.fillQuarters();
            return a;
        }
    }

    /**
     * Bases under the previous {@code order} bases of the read (hashed into at most 2^{@code bits}
     * contexts), or, for a base aligned to a reference position that earlier reads of the chunk covered,
     * under the base they showed there (a pileup: the consensus, how sure it is, and the base's quality),
     * so that overlapping reads of a sorted alignment cost little more than their differences.
     *
     * <p>Payload versions up to 2 code each base with four adaptive counts per context and keep the
     * pileup in a hash table; version 3 ({@code binary}) keeps it in a ring by reference position (the
     * reads of a sorted chunk walk it in order) and codes each base as binary decisions without a
     * division: whether it is the context's expected base (the reference's, the pileup's; A where there
     * is none), and if not, which of the other three.
     */
    static final class Bases {
        private static final int STEP = 16;
        private static final int LIMIT = (1 << 16) - 64;
        private static final int PILE_BITS = 18;
        private final char[] counts;
        /** Version 3: per context three binary nodes, each a probability of 0 (high 16 bits) and a count. */
        private final int[] nodes;
        private final long mask;
        private final int bits;
        private final boolean hashed;
        private final int pileBase;
        /** Contexts of bases aligned to a known reference base: it, the quality quarter, pileup or not. */
        private final int refBase;
        private final boolean binary;
        private int[] pileKey;
        private byte[] pileBaseOf;
        private byte[] pileConf;
        private long history;
        /** The expected base of the last context: what version 3 codes against. */
        private int expected;

        Bases(int order, int bits) {
            this(order, bits, false);
        }

        Bases(int order, int bits, boolean binary) {
            this.binary = binary;
            this.mask = order >= 32 ? -1L : (1L << (2 * order)) - 1;
            this.hashed = 2 * order > bits;
            this.bits = hashed ? bits : 2 * order;
            this.pileBase = 4 << this.bits;
            this.refBase = pileBase + 4 * 64;
            int size = refBase + 4 * 32;
            this.counts = binary ? null : new char[size];
            this.nodes = binary ? new int[size] : null;
            if (binary) {
                java.util.Arrays.fill(nodes, RangeCoder.Bit.INITIAL);
            }
        }

        private int slot(long h) {
            h &= mask;
            return hashed ? (int) ((h * 0x9E3779B97F4A7C15L) >>> (64 - bits)) << 2 : (int) h << 2;
        }

        private int pileIndex(int key, int pos) {
            return binary ? pos & ((1 << PILE_BITS) - 1) : (key * 0x9E3779B1) >>> (32 - PILE_BITS);
        }

        private static int pileKey(int ref, int pos) {
            return (pos + 1) * 0x01000193 ^ ref;
        }

        /**
         * The context of base {@code i}: where the read is aligned to a known reference base ({@code
         * refCode}, 0-3; -1 unknown), that base's, unless the pileup of earlier reads confidently shows
         * another (a variant); else the pileup's where earlier reads covered the position; else the
         * previous bases'. Sets {@link #expected}.
         */
        private int context(int[] refPos, int ref, byte[] qb, byte[] refCode, int i) {
            int q = qb == null ? 0 : qb[i];
            int rc = refCode == null ? -1 : refCode[i];
            if (refPos != null && refPos[i] >= 0 && pileKey != null) {
                int key = pileKey(ref, refPos[i]);
                int x = pileIndex(key, refPos[i]);
                if (pileKey[x] == key) {
                    if (rc >= 0 && (pileBaseOf[x] == rc || pileConf[x] == 0)) {
                        expected = rc;
                        return refBase + ((rc * 4 + q) * 2 + 1) * 4;
                    }
                    expected = pileBaseOf[x];
                    return pileBase + ((pileBaseOf[x] * 4 + pileConf[x]) * 4 + q) * 4;
                }
            }
            if (rc >= 0) {
                expected = rc;
                return refBase + (rc * 4 + q) * 2 * 4;
            }
            expected = 0;
            return slot(history);
        }

        private void learn(int s, int b, int total, int[] refPos, int ref, int i) {
            if (!binary) {
                counts[s + b] += STEP;
                if (total + STEP > LIMIT) {
                    for (int j = 0; j < 4; j++) {
                        counts[s + j] >>>= 1;
                    }
                }
            }
            history = (history << 2) | b;
            if (refPos != null && refPos[i] >= 0) {
                if (pileKey == null) {
                    pileKey = new int[1 << PILE_BITS];
                    pileBaseOf = new byte[1 << PILE_BITS];
                    pileConf = new byte[1 << PILE_BITS];
                }
                int key = pileKey(ref, refPos[i]);
                int x = pileIndex(key, refPos[i]);
                if (pileKey[x] != key) {
                    pileKey[x] = key;
                    pileBaseOf[x] = (byte) b;
                    pileConf[x] = 0;
                } else if (pileBaseOf[x] == b) {
                    pileConf[x] = (byte) Math.min(3, pileConf[x] + 1);
                } else if (pileConf[x] > 0) {
                    pileConf[x]--;
                } else {
                    pileBaseOf[x] = (byte) b;
                }
            }
        }

        /** Version 3: base {@code b} in context {@code s} as up to three binary decisions. */
        private void encodeBinary(RangeCoder.Encoder e, int s, int b) {
            int x = b ^ expected;
            e.encodeBit(nodes, s, x == 0 ? 0 : 1);
            if (x != 0) {
                e.encodeBit(nodes, s + 1, x >> 1);
                if (x > 1) {
                    e.encodeBit(nodes, s + 2, x & 1);
                }
            }
        }

        private int decodeBinary(RangeCoder.Decoder d, int s) {
            if (d.decodeBit(nodes, s) == 0) {
                return expected;
            }
            int x = d.decodeBit(nodes, s + 1) == 0 ? 1 : 2 | d.decodeBit(nodes, s + 2);
            return x ^ expected;
        }

        void encode(RangeCoder.Encoder e, byte[] seq, int off, int len) {
            encode(e, seq, off, len, null, 0, null);
        }

        /**
         * Codes the A/C/G/T of {@code seq}; other bytes are skipped (the caller records them). {@code
         * refPos} gives each base's aligned reference position on reference {@code ref} (-1: none), and
         * {@code qb} each base's quality quarter (0-3), both optional.
         */
        void encode(RangeCoder.Encoder e, byte[] seq, int off, int len, int[] refPos, int ref, byte[] qb) {
            encode(e, seq, off, len, refPos, ref, qb, null);
        }

        /** Like the above, with each base's reference base code ({@code refCode}: 0-3, -1 unknown; optional). */
        void encode(RangeCoder.Encoder e, byte[] seq, int off, int len, int[] refPos, int ref, byte[] qb,
                    byte[] refCode) {
            history = 0;
            for (int i = 0; i < len; i++) {
                int b = BASE_CODE[seq[off + i] & 0xFF];
                if (b < 0) {
                    history <<= 2;
                    continue;
                }
                int s = context(refPos, ref, qb, refCode, i);
                if (binary) {
                    encodeBinary(e, s, b);
                    learn(s, b, 0, refPos, ref, i);
                    continue;
                }
                int f0 = counts[s] + 1;
                int f1 = counts[s + 1] + 1;
                int f2 = counts[s + 2] + 1;
                int f3 = counts[s + 3] + 1;
                int cum = b == 0 ? 0 : b == 1 ? f0 : b == 2 ? f0 + f1 : f0 + f1 + f2;
                int f = b == 0 ? f0 : b == 1 ? f1 : b == 2 ? f2 : f3;
                e.encode(cum, f, f0 + f1 + f2 + f3);
                learn(s, b, f0 + f1 + f2 + f3, refPos, ref, i);
            }
        }

        void decode(RangeCoder.Decoder d, byte[] out, int off, int len, boolean[] skip) {
            decode(d, out, off, len, skip, null, 0, null);
        }

        /** Decodes into [off, off + len) of {@code out}, leaving the positions {@code skip} marks alone. */
        void decode(RangeCoder.Decoder d, byte[] out, int off, int len, boolean[] skip, int[] refPos, int ref,
                    byte[] qb) {
            decode(d, out, off, len, skip, refPos, ref, qb, null);
        }

        void decode(RangeCoder.Decoder d, byte[] out, int off, int len, boolean[] skip, int[] refPos, int ref,
                    byte[] qb, byte[] refCode) {
            history = 0;
            for (int i = 0; i < len; i++) {
                if (skip != null && skip[i]) {
                    history <<= 2;
                    continue;
                }
                int s = context(refPos, ref, qb, refCode, i);
                int b;
                if (binary) {
                    b = decodeBinary(d, s);
                    learn(s, b, 0, refPos, ref, i);
                } else {
                    int f0 = counts[s] + 1;
                    int f1 = counts[s + 1] + 1;
                    int f2 = counts[s + 2] + 1;
                    int f3 = counts[s + 3] + 1;
                    b = d.decode4(f0, f1, f2, f3);
                    learn(s, b, f0 + f1 + f2 + f3, refPos, ref, i);
                }
                out[off + i] = BASES[b];
            }
        }
        /**
         * Version 5: codes the A/C/G/T of {@code seq} at the positions where {@code coded} holds no
         * reference base (-1), those where it does being coded by {@link BaseFeatures} (they still make
         * the context of the bases after them); other bytes are skipped. {@code refPos} and {@code qb}
         * as for {@link #encode(RangeCoder.Encoder, byte[], int, int, int[], int, byte[])}.
         */
        void encodeRest(RangeCoder.Encoder e, byte[] seq, int off, int len, byte[] coded, int[] refPos, int ref,
                        byte[] qb) {
            history = 0;
            for (int i = 0; i < len; i++) {
                int b = BASE_CODE[seq[off + i] & 0xFF];
                if (b < 0) {
                    history <<= 2;
                } else if (coded[i] >= 0) {
                    history = history << 2 | b;
                } else {
                    int s = context(refPos, ref, qb, null, i);
                    encodeBinary(e, s, b);
                    learn(s, b, 0, refPos, ref, i);
                }
            }
        }

        /**
         * Version 5: decodes what {@link #encodeRest} coded into [off, off + len) of {@code out}, which
         * holds the bases {@code coded} marks (not -1) and those {@code skip} (optional) marks.
         */
        void decodeRest(RangeCoder.Decoder d, byte[] out, int off, int len, byte[] coded, boolean[] skip,
                        int[] refPos, int ref, byte[] qb) {
            history = 0;
            for (int i = 0; i < len; i++) {
                if (skip != null && skip[i]) {
                    history <<= 2;
                } else if (coded[i] >= 0) {
                    history = history << 2 | coded[i];
                } else {
                    int s = context(refPos, ref, qb, null, i);
                    int b = decodeBinary(d, s);
                    learn(s, b, 0, refPos, ref, i);
                    out[off + i] = BASES[b];
                }
            }
        }
    }

    /**
     * The reference position each of {@code len} read bases is aligned to (-1 for soft clips and
     * insertions, and past the CIGAR's end), from the 1-based {@code pos} and the CIGAR's operations.
     */
    static int[] alignedPositions(long pos, byte[] ops, int[] lens, int nops, int len, int[] into) {
        int[] r = into.length >= len ? into : new int[len];
        java.util.Arrays.fill(r, 0, len, -1);
        if (pos <= 0 || nops == 0) {
            return r;
        }
        long ref = pos - 1;
        int i = 0;
        for (int k = 0; k < nops && i < len; k++) {
            int n = lens[k];
            switch (ops[k]) {
                case 'M', '=', 'X' -> {
                    for (int j = 0; j < n && i < len; j++) {
                        r[i++] = (int) Math.min(Integer.MAX_VALUE, ref++);
                    }
                }
                case 'I', 'S' -> i = (int) Math.min(len, (long) i + n);
                case 'D', 'N' -> ref += n;
                default -> {
                }
            }
        }
        return r;
    }

    /**
     * Qualities, as indexes into the chunk's quality alphabet, under the context of the position in the
     * read (in steps of two) and the previous quality: instruments' qualities depend on both. Payload
     * versions up to 2 code each with an adaptive frequency model per context; version 3 ({@code
     * binary}) codes its bits, high to low, each under the binary node of the context and the bits above.
     */
    static final class Qualities {
        private static final int STEP = 16;
        private final int symbols;
        private final int qbits;
        private final RangeCoder.Model[] models;
        private final int[] nodes;
        /** Version 3: the previous quality's high bits and the position's that make the context (at most 2^20 nodes). */
        private final int q1Bits;
        private final int posBits;

        Qualities(int symbols) {
            this(symbols, false);
        }

        Qualities(int symbols, boolean binary) {
            this.symbols = symbols;
            this.qbits = 32 - Integer.numberOfLeadingZeros(Math.max(1, symbols - 1));
            this.models = binary ? null : new RangeCoder.Model[128 << qbits];
            this.q1Bits = Math.min(qbits, 6);
            this.posBits = Math.min(7, 20 - q1Bits - qbits);
            this.nodes = binary ? new int[1 << posBits + q1Bits + qbits] : null;
            if (binary) {
                java.util.Arrays.fill(nodes, RangeCoder.Bit.INITIAL);
            }
        }

        private RangeCoder.Model model(int q1, int pos) {
            int ctx = (Math.min(pos, 255) >> 1) << qbits | q1;
            RangeCoder.Model m = models[ctx];
            if (m == null) {
                m = models[ctx] = new RangeCoder.Model(symbols, STEP);
            }
            return m;
        }

        /** Version 3: the first of the {@code 2^qbits} nodes of this context (node 0 unused). */
        private int nodesAt(int q1, int pos) {
            return ((Math.min(pos, 255) >> 8 - posBits) << q1Bits | q1 >> qbits - q1Bits) << qbits;
        }

        /**
         * Codes {@code len} quality indexes from {@code q}, in the order they were read: last to first
         * where {@code reversed} (a read aligned to the reverse strand).
         */
        void encode(RangeCoder.Encoder e, byte[] q, int off, int len, boolean reversed) {
            int q1 = 0;
            for (int i = 0; i < len; i++) {
                int s = q[reversed ? off + len - 1 - i : off + i] & 0xFF;
                if (nodes != null) {
                    int at = nodesAt(q1, i);
                    int node = 1;
                    for (int k = qbits - 1; k >= 0; k--) {
                        int bit = s >>> k & 1;
                        e.encodeBit(nodes, at + node, bit);
                        node = node << 1 | bit;
                    }
                } else {
                    model(q1, i).encode(e, s);
                }
                q1 = s;
            }
        }

        void decode(RangeCoder.Decoder d, byte[] q, int off, int len, boolean reversed) {
            int q1 = 0;
            for (int i = 0; i < len; i++) {
                int s;
                if (nodes != null) {
                    int at = nodesAt(q1, i);
                    int node = 1;
                    for (int k = 0; k < qbits; k++) {
                        node = node << 1 | d.decodeBit(nodes, at + node);
                    }
                    s = node - (1 << qbits);
                    if (s >= symbols) {
                        throw new Columns.Damaged("quality out of alphabet");
                    }
                } else {
                    s = model(q1, i).decode(d);
                }
                q[reversed ? off + len - 1 - i : off + i] = (byte) s;
                q1 = s;
            }
        }
    }

    /** Records the bytes of a sequence that are not A, C, G or T: count, then (gap, byte) pairs. */
    static void exceptions(byte[] d, int seq, int len, Columns.Sink out) {
        int count = 0;
        for (int i = seq; i < seq + len; i++) {
            if (ReadModels.BASE_CODE[d[i] & 0xFF] < 0) {
                count++;
            }
        }
        out.varint(count);
        int last = 0;
        for (int i = 0; i < len && count > 0; i++) {
            if (ReadModels.BASE_CODE[d[seq + i] & 0xFF] < 0) {
                out.varint(i - last);
                out.put(d[seq + i]);
                last = i;
                count--;
            }
        }
    }

    /** Reads one sequence's exceptions into {@code out} and marks them in {@code skip}; false if none. */
    static boolean exceptions(Columns.Source in, byte[] out, int off, int len, boolean[] skip) {
        int count = in.count(len);
        if (count == 0) {
            return false;
        }
        java.util.Arrays.fill(skip, 0, len, false);
        int pos = 0;
        for (int k = 0; k < count; k++) {
            pos += in.count(len);
            if (pos >= len) {
                throw new Columns.Damaged("sequence exception out of range");
            }
            skip[pos] = true;
            out[off + pos] = (byte) in.get();
        }
        return true;
    }

}
