package org.damnit.core;

/**
 * The MD and NM tags of a BAM record as its bases, CIGAR and the reference give them (BAM payload
 * version 7): an aligner writes them from the same alignment, so a record whose tags equal what this
 * computes keeps them as a mark in its tag signature and no value. The computation is that of htslib's
 * {@code calmd}: along the CIGAR, a read base equal to the reference's (or {@code =}) extends the count
 * of matches; another base writes the count and the reference base; a deletion writes the count, {@code
 * ^} and the deleted reference bases; NM counts the mismatches and the inserted and deleted bases. A
 * record is not derivable where a reference base it needs is unknown (outside the span, not A, C, G or
 * T) or its CIGAR runs past its bases.
 */
final class DerivedTags {
    /** The type byte of a signature key whose MD:Z value is derived. */
    static final int MD = 1;
    /** The type byte of a derived NM: this plus the index of its integer type in {@link #INT_TYPES}. */
    static final int NM = 0x10;
    static final byte[] INT_TYPES = {'c', 'C', 's', 'S', 'i', 'I'};
    private static final byte[] LETTERS = {'A', 'C', 'G', 'T'};
    private static final byte[] CODE_NIBBLE = {1, 2, 4, 8};

    private byte[] md = new byte[64];
    private int mdLength;
    private int nm;

    /**
     * Computes MD and NM of the read whose {@code lseq} 4-bit bases are at {@code seq} of {@code d},
     * aligned from the 0-based {@code pos} by the CIGAR; false if they cannot be derived.
     */
    boolean compute(ReferenceSpans.Span span, long pos, byte[] ops, int[] lens, int nops, byte[] d, int seq,
                    int lseq) {
        if (span == null || pos < 0 || nops == 0) {
            return false;
        }
        byte[] codes = span.codes();
        long x = pos;
        long y = 0;
        int u = 0;
        nm = 0;
        mdLength = 0;
        for (int k = 0; k < nops; k++) {
            int l = lens[k];
            switch (ops[k]) {
                case 'M', '=', 'X' -> {
                    if (y + l > lseq || x < span.from() || x + l > span.to()) {
                        return false;
                    }
                    int at = (int) (x - span.from());
                    for (int j = 0; j < l; j++) {
                        int i = (int) y + j;
                        int c1 = d[seq + (i >> 1)] >> ((~i & 1) << 2) & 0xF;
                        int r = codes[at + j];
                        if (r < 0) {
                            return false;
                        }
                        if (c1 == CODE_NIBBLE[r] || c1 == 0) {
                            u++;
                        } else {
                            number(u);
                            put(LETTERS[r]);
                            u = 0;
                            nm++;
                        }
                    }
                    x += l;
                    y += l;
                }
                case 'D' -> {
                    if (x < span.from() || x + l > span.to()) {
                        return false;
                    }
                    number(u);
                    put('^');
                    int at = (int) (x - span.from());
                    for (int j = 0; j < l; j++) {
                        int r = codes[at + j];
                        if (r < 0) {
                            return false;
                        }
                        put(LETTERS[r]);
                    }
                    u = 0;
                    x += l;
                    nm += l;
                }
                case 'I' -> {
                    y += l;
                    nm += l;
                }
                case 'S' -> y += l;
                case 'N' -> x += l;
                default -> {
                }
            }
        }
        number(u);
        return true;
    }

    /**
     * What {@link #compute} gives for a read of {@code len} bases that one alignment operation aligns
     * to reference bases that are all known and all its own: MD the length, NM 0.
     */
    void perfect(int len) {
        nm = 0;
        mdLength = 0;
        number(len);
    }

    private void put(int b) {
        if (mdLength == md.length) {
            md = java.util.Arrays.copyOf(md, md.length * 2);
        }
        md[mdLength++] = (byte) b;
    }

    private void number(int v) {
        if (v >= 10) {
            number(v / 10);
        }
        put('0' + v % 10);
    }

    /** Whether the MD computed last equals the {@code n} bytes at {@code off} of {@code d}. */
    boolean mdEquals(byte[] d, int off, int n) {
        return java.util.Arrays.equals(md, 0, mdLength, d, off, off + n);
    }

    /** The MD computed last, without a NUL, into {@code out} at {@code at}; its length. */
    int mdInto(byte[] out, int at) {
        System.arraycopy(md, 0, out, at, mdLength);
        return mdLength;
    }

    int mdLength() {
        return mdLength;
    }

    /** The NM computed last. */
    int nm() {
        return nm;
    }

    /** The index of integer type {@code t} in {@link #INT_TYPES}, or -1. */
    static int intType(byte t) {
        for (int i = 0; i < INT_TYPES.length; i++) {
            if (INT_TYPES[i] == t) {
                return i;
            }
        }
        return -1;
    }
}
