package org.damnit.core;

/**
 * The bases of a read that are aligned to known reference bases, as the read's differences from them
 * (SAM and BAM payload version 5): a count of mismatches, then for each its position and its base, all
 * in the chunk's {@link RangeCoder} stream. A read that matches its reference costs one symbol, and its
 * bases are copied from the reference, not decided one by one. A mismatch's position is coded as the
 * quality there (an adaptive model: sequencing errors fall on low qualities) and its index among the
 * read's later reference-coded positions of that quality (binary decisions on its bits); its base as
 * which of the other three it is, under the reference base.
 *
 * <p>A read's reference codes ({@code codes}: 0-3 the expected base, -1 a base not coded here) are
 * the caller's; so are the bases it does not code (soft clips, insertions, bases outside the stored
 * reference, what is not A, C, G or T), which go through {@link ReadModels.Bases} as before.
 */
final class BaseFeatures {
    /** Counts below this are one symbol; this symbol means the read is dense (see {@link #encode}). */
    private static final int DENSE = 31;
    private static final int STEP = 24;
    private final RangeCoder.Model counts = new RangeCoder.Model(DENSE + 1, STEP);
    private final RangeCoder.Model first;
    private final RangeCoder.Model later;
    private final RangeCoder.Model[] subst = new RangeCoder.Model[4];
    /** The index's bits: per bit count k (1-32) and bit j, one node. */
    private final int[] nodes = new int[33 * 32];
    /** Each quality byte's class (its index in the chunk's quality alphabet); 0 without qualities. */
    private final byte[] classOf = new byte[256];

    BaseFeatures(ReadModels.Alphabet alphabet) {
        int n = alphabet.size();
        for (int s = 0; s < alphabet.symbols(); s++) {
            classOf[alphabet.symbol(s) & 0xFF] = (byte) s;
        }
        first = new RangeCoder.Model(n, STEP);
        later = new RangeCoder.Model(n, STEP);
        for (int b = 0; b < 4; b++) {
            subst[b] = new RangeCoder.Model(3, STEP);
        }
        java.util.Arrays.fill(nodes, RangeCoder.Bit.INITIAL);
    }

    private int cls(byte[] qual, int q, int i) {
        return qual == null ? 0 : classOf[qual[q + i] & 0xFF] & 0xFF;
    }

    /**
     * Codes the bases ({@code bases}: 0-3, the read's) at the positions of [0, len) where {@code codes}
     * holds a reference base; {@code qual} (null: none) holds the read's qualities from {@code q}. False
     * when the read differs from the reference in more than one of {@code 16} such bases (or in {@value
     * #DENSE}): then it is marked dense, and the caller codes all its bases one by one, as version 4 did.
     */
    boolean encode(RangeCoder.Encoder e, byte[] codes, byte[] bases, int len, byte[] qual, int q) {
        int m = 0;
        int n0 = 0;
        for (int i = 0; i < len; i++) {
            if (codes[i] >= 0) {
                n0++;
                if (codes[i] != bases[i]) {
                    m++;
                }
            }
        }
        if (m >= DENSE || m * 16 > n0) {
            counts.encode(e, DENSE);
            return false;
        }
        counts.encode(e, m);
        int prev = -1;
        for (int k = 0; k < m; k++) {
            prev = encodeMismatch(e, k, prev, codes, bases, len, qual, q);
        }
        return true;
    }

    /** The mismatch after {@code prev}, the {@code k}-th: its class, its index among its class's places, its base. */
    private int encodeMismatch(RangeCoder.Encoder e, int k, int prev, byte[] codes, byte[] bases, int len, byte[] qual,
                               int q) {
        int at = prev + 1;
        while (codes[at] < 0 || codes[at] == bases[at]) {
            at++;
        }
        int c = cls(qual, q, at);
        (k == 0 ? first : later).encode(e, c);
        int n = 0;
        int index = 0;
        for (int i = prev + 1; i < len; i++) {
            if (codes[i] >= 0 && cls(qual, q, i) == c) {
                if (i < at) {
                    index++;
                }
                n++;
            }
        }
        int bits = 32 - Integer.numberOfLeadingZeros(n - 1);
        for (int j = bits - 1; j >= 0; j--) {
            e.encodeBit(nodes, bits * 32 + j, index >>> j & 1);
        }
        int x = codes[at] ^ bases[at];
        subst[codes[at]].encode(e, x - 1);
        return at;
    }

    /**
     * Decodes what {@link #encode} coded: {@code codes} then holds the read's bases (0-3) at the
     * positions it held reference bases at; false (and {@code codes} as it was) for a dense read.
     */
    boolean decode(RangeCoder.Decoder d, byte[] codes, int len, byte[] qual, int q) {
        int m = count(d);
        if (m == DENSE) {
            return false;
        }
        places(d, m, codes, len, qual, q);
        return true;
    }

    /** A read's mismatch count, as {@link #decode} reads it first; {@link #DENSE} for a dense read. */
    int count(RangeCoder.Decoder d) {
        return counts.decode(d);
    }

    /** The {@code m} mismatches (below {@link #DENSE}) of a read after {@link #count}, as for {@link #decode}. */
    void places(RangeCoder.Decoder d, int m, byte[] codes, int len, byte[] qual, int q) {
        int prev = -1;
        for (int k = 0; k < m; k++) {
            int c = (k == 0 ? first : later).decode(d);
            int n = 0;
            for (int i = prev + 1; i < len; i++) {
                if (codes[i] >= 0 && cls(qual, q, i) == c) {
                    n++;
                }
            }
            if (n == 0) {
                throw new Columns.Damaged("a mismatch without a place");
            }
            int bits = 32 - Integer.numberOfLeadingZeros(n - 1);
            int index = bits == 0 ? 0 : index(d, bits);
            if (index >= n) {
                throw new Columns.Damaged("a mismatch out of place");
            }
            int at = prev + 1;
            for (int i = prev + 1; i < len; i++) {
                if (codes[i] >= 0 && cls(qual, q, i) == c && index-- == 0) {
                    at = i;
                    break;
                }
            }
            codes[at] = (byte) (codes[at] ^ subst[codes[at]].decode(d) + 1);
            prev = at;
        }
    }

    /** A mismatch's index among the read's places of its class: {@code bits} (at least 1) binary decisions. */
    private int index(RangeCoder.Decoder d, int bits) {
        int index = 0;
        int node = bits * 32;
        for (int j = bits - 1; j >= 0; j--) {
            index |= d.decodeBit(nodes, node + j) << j;
        }
        return index;
    }

    /** Whether {@code m}, as {@link #count} gives it, marks a dense read. */
    static boolean dense(int m) {
        return m == DENSE;
    }

    /**
     * SAM text, a read without mismatches and exceptions: where its CIGAR is one alignment operation
     * over the whole read within {@code span} and the reference is known there, writes the reference's
     * bases as the read's at {@code seq} of {@code out} and returns true; else false.
     */
    static boolean matchesAll(ReferenceSpans.Span span, long pos, byte[] ops, int[] lens, int nops, int len,
                              byte[] out, int seq) {
        if (span == null || nops != 1 || lens[0] != len || ops[0] != 'M' && ops[0] != '=' && ops[0] != 'X'
            || pos < span.from() || pos + len > span.to()) {
            return false;
        }
        byte[] codes = span.codes();
        int at = (int) (pos - span.from());
        int acc = 0;
        for (int i = 0; i < len; i++) {
            int c = codes[at + i];
            acc |= c;
            out[seq + i] = ReadModels.BASES[c & 3];
        }
        return acc >= 0;
    }

    /**
     * SAM text, the general case: a read's reference codes, its {@code m} mismatches (as {@link #count}
     * read them; for a dense read all its bases) and its other bases, written at {@code seq} of {@code
     * out}, where {@code skip} (optional) marks the exceptions already written. The scratch arrays
     * ({@code codes}, {@code qb}, {@code aligned}) hold {@code len} at least.
     */
    static void refText(RangeCoder.Decoder rc, BaseFeatures features, int m, ReferenceSpans.Span span, long pos,
                        byte[] ops, int[] lens, int nops, int len, boolean[] skip, byte[] qual, int q,
                        ReadModels.Alphabet alphabet, ReadModels.Bases bases, int ref, byte[] codes, byte[] qb,
                        int[] aligned, byte[] out, int seq) {
        int known = codes(span, pos, ops, lens, nops, len, codes);
        int other = 0;
        if (skip != null) {
            for (int i = 0; i < len; i++) {
                if (skip[i]) {
                    other++;
                    if (codes[i] >= 0) {
                        codes[i] = -1;
                        known--;
                    }
                }
            }
        }
        boolean dense = dense(m);
        if (!dense) {
            features.places(rc, m, codes, len, qual, q);
        }
        if (dense || known + other < len) {
            if (qual != null) {
                for (int i = 0; i < len; i++) {
                    qb[i] = alphabet.quarterOf(qual[q + i]);
                }
            }
            ReadModels.alignedPositions(pos + 1L, ops, lens, nops, len, aligned);
            if (dense) {
                bases.decode(rc, out, seq, len, skip, aligned, ref, qual != null ? qb : null, codes);
                return;
            }
            bases.decodeRest(rc, out, seq, len, codes, skip, aligned, ref, qual != null ? qb : null);
        }
        for (int i = 0; i < len; i++) {
            if (codes[i] >= 0) {
                out[seq + i] = ReadModels.BASES[codes[i]];
            }
        }
    }

    /** The span of reference {@code ref}, or null. */
    static ReferenceSpans.Span span(ReferenceSpans.Span[] spans, int ref) {
        for (ReferenceSpans.Span s : spans) {
            if (s.ref() == ref) {
                return s;
            }
        }
        return null;
    }

    /**
     * Fills {@code baseCode} with the codes of a read's {@code n} bases at {@code seq[off]} and takes the
     * reference code off every base that has no base code (N, IUPAC); returns how many bases then have a
     * reference code or no base code, from the {@code coded} that {@link #codes} returned.
     */
    static int baseCodes(byte[] seq, int off, int n, byte[] baseCode, byte[] refCode, int coded) {
        int covered = coded;
        for (int i = 0; i < n; i++) {
            byte b = ReadModels.BASE_CODE[seq[off + i] & 0xFF];
            baseCode[i] = b;
            if (b < 0) {
                if (refCode[i] >= 0) {
                    refCode[i] = -1;
                } else {
                    covered++;
                }
            }
        }
        return covered;
    }

    /**
     * The reference codes of a read's {@code len} bases into {@code into} (-1 where none): the bases its
     * CIGAR aligns (M, = and X) to positions of {@code span} from the 0-based {@code pos}; the number of
     * bases given a code.
     */
    static int codes(ReferenceSpans.Span span, long pos, byte[] ops, int[] lens, int nops, int len, byte[] into) {
        java.util.Arrays.fill(into, 0, len, (byte) -1);
        if (span == null || pos < 0 || nops == 0) {
            return 0;
        }
        long ref = pos;
        int i = 0;
        int coded = 0;
        byte[] src = span.codes();
        for (int k = 0; k < nops && i < len; k++) {
            int n = lens[k];
            switch (ops[k]) {
                case 'M', '=', 'X' -> {
                    int take = (int) Math.min(n, len - i);
                    long a = Math.max(ref, span.from());
                    long b = Math.min(ref + take, span.to());
                    if (a < b) {
                        int from = (int) (a - span.from());
                        int to = i + (int) (a - ref);
                        for (int j = 0, c = (int) (b - a); j < c; j++) {
                            byte x = src[from + j];
                            into[to + j] = x;
                            coded += ~x >>> 31;
                        }
                    }
                    i += take;
                    ref += take;
                }
                case 'I', 'S' -> i = (int) Math.min(len, (long) i + n);
                case 'D', 'N' -> ref += n;
                default -> {
                }
            }
        }
        return coded;
    }
}
