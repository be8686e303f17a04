package org.damnit.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * A BAM record printed as the SAM line {@code samtools view} (htslib's {@code sam_format1}) prints for it,
 * without its line end: the read name as its {@code l_read_name − 1} bytes, FLAG, RNAME (or {@code *}),
 * POS + 1, MAPQ, the CIGAR (or {@code *}), RNEXT ({@code *}, {@code =} when it is RNAME's, else its
 * name), PNEXT + 1, TLEN, SEQ spelt {@code =ACMGRSVTWYHKDBN} and QUAL + 33 ({@code *} for no sequence, QUAL
 * {@code *} when its first byte is 0xFF), then each aux field while at least four bytes are left: integers
 * of every width as {@code i}, {@code f} and {@code d} as C's {@code %g}, {@code A}, {@code Z}, {@code H}
 * and {@code B} arrays. Whoever relies on it compares the result with the text it stands for: a record
 * printed differently from what samtools printed is simply not matched.
 */
final class SamText {
    private static final byte[] BASES = "=ACMGRSVTWYHKDBN".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OPS = "MIDNSHP=XB".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The fixed part of a record after {@code block_size}. */
    static final int FIXED = 32;
    /** A record's {@code block_size} is at most this (as BAM records, codec 10, model them). */
    static final int MAX_BLOCK = 1 << 24;

    private SamText() {
    }

    /** Reference names by BAM reference id. */
    interface Names {
        /** The name of reference {@code id} (0 or more), or null when there is none. */
        byte[] name(int id);
    }

    /** {@link BamCodec#le32}, by the name the SAM from BAM code and the alignment index call it. */
    static int int32(byte[] b, int p) {
        return BamCodec.le32(b, p);
    }

    /** {@link BamCodec#le16}, likewise. */
    static int uint16(byte[] b, int p) {
        return BamCodec.le16(b, p);
    }

    /** The end of the BAM header at the start of {@code b}; -1 if {@code b} ends within it, -2 if not one. */
    static int headerEnd(byte[] b) {
        if (b.length < 4) {
            return -1;
        }
        if (!(b[0] == 'B' && b[1] == 'A' && b[2] == 'M' && b[3] == 1)) {
            return -2;
        }
        if (b.length < 12) {
            return -1;
        }
        long lText = SamText.int32(b, 4) & 0xFFFFFFFFL;
        long p = 8 + lText;
        if (p + 4 > b.length) {
            return lText > SamText.MAX_BLOCK ? -2 : -1;
        }
        long nRef = SamText.int32(b, (int) p) & 0xFFFFFFFFL;
        p += 4;
        for (long i = 0; i < nRef; i++) {
            if (p + 4 > b.length) {
                return -1;
            }
            long lName = SamText.int32(b, (int) p) & 0xFFFFFFFFL;
            p += 4 + lName + 4;
            if (lName < 1 || p > b.length) {
                return lName < 1 || lName > SamText.MAX_BLOCK ? -2 : -1;
            }
        }
        return (int) p;
    }

    /**
     * Where the record that starts at {@code p} (at its {@code block_size}) ends, or -1 when [p, end) does
     * not hold a whole record of a plausible size.
     */
    static int recordEnd(byte[] b, int p, int end) {
        if (end - p < 4 + FIXED) {
            return -1;
        }
        int size = BamCodec.le32(b, p);
        if (size < FIXED || size > MAX_BLOCK || size > end - p - 4) {
            return -1;
        }
        return p + 4 + size;
    }

    /** The hash that finds a record by the SAM fields QNAME, FLAG, RNAME and POS (as text, POS 1-based). */
    static long key(byte[] qname, int qa, int qb, long flag, byte[] rname, int ra, int rb, long pos) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = qa; i < qb; i++) {
            h = (h ^ (qname[i] & 0xFF)) * 0x100000001B3L;
        }
        h = (h ^ 0x1FF) * 0x100000001B3L;
        for (int i = ra; i < rb; i++) {
            h = (h ^ (rname[i] & 0xFF)) * 0x100000001B3L;
        }
        h = (h ^ 0x2FF ^ flag << 12) * 0x9E3779B97F4A7C15L;
        h ^= pos * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ h >>> 32;
    }

    /** The key of the record at {@code p} (whole, as {@link #recordEnd} checked), or 0 when its RNAME is unknown. */
    static long key(byte[] b, int p, Names names) {
        int tid = BamCodec.le32(b, p + 4);
        byte[] rname = tid < 0 ? STAR : names.name(tid);
        int lName = b[p + 12] & 0xFF;
        if (rname == null || lName < 1) {
            return 0;
        }
        long pos = (long) BamCodec.le32(b, p + 8) + 1;
        return key(b, p + 36, p + 36 + lName - 1, BamCodec.le16(b, p + 18), rname, 0, rname.length, pos);
    }

    private static final byte[] STAR = {'*'};

    /**
     * A growable byte buffer; {@link #limit} (none by default) bounds what it holds, beyond the slack of
     * the room a printer asks for before it knows how much it writes (a number's 20 bytes).
     */
    static final class Out {
        /** What a printer asks room for beyond what it writes, at most. */
        static final int SLACK = 64;
        byte[] buf = new byte[1024];
        int len;
        private long limit = Long.MAX_VALUE - SLACK;

        /** Clears the buffer, without a limit. */
        void clear() {
            clear(Long.MAX_VALUE - SLACK);
        }

        /**
         * Clears the buffer for a text of at most {@code max} bytes: asked for more room than that (and the
         * slack), it throws {@link Columns.Damaged} instead of growing, so a text is never built larger than
         * where it goes; whoever sets the limit checks {@link #len} against it after the text is printed.
         */
        void clear(long max) {
            len = 0;
            limit = max;
        }

        void room(int n) {
            if (len + n > buf.length) {
                if (len + (long) n > limit + SLACK) {
                    throw new Columns.Damaged("a record's text longer than its place");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(Math.max(len + n, buf.length * 2L), Math.max(len + n,
                    Math.min(Integer.MAX_VALUE - 8, limit + SLACK))));
            }
        }

        void put(int c) {
            room(1);
            buf[len++] = (byte) c;
        }

        void put(byte[] b, int off, int n) {
            room(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void decimal(long v) {
            room(20);
            if (v < 0) {
                buf[len++] = '-';
                if (v == Long.MIN_VALUE) {
                    put("9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 19);
                    return;
                }
                v = -v;
            }
            int start = len;
            do {
                buf[len++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
            for (int i = start, j = len - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i));
            }
        }
    }

    /**
     * Appends the SAM line of the record [p, end) (end as {@link #recordEnd} gave it) to {@code out};
     * false, with {@code out} then holding anything, when samtools would refuse to print it (a reference
     * id without a name, a damaged aux field) or this printer does not know how.
     */
    static boolean print(byte[] b, int p, int end, Names names, Out out) {
        int tid = BamCodec.le32(b, p + 4);
        long pos = BamCodec.le32(b, p + 8);
        int lName = b[p + 12] & 0xFF;
        int mapq = b[p + 13] & 0xFF;
        int nCigar = BamCodec.le16(b, p + 16);
        int flag = BamCodec.le16(b, p + 18);
        int lSeq = BamCodec.le32(b, p + 20);
        int mtid = BamCodec.le32(b, p + 24);
        long mpos = BamCodec.le32(b, p + 28);
        long tlen = BamCodec.le32(b, p + 32);
        int name = p + 36;
        int cigar = name + lName;
        int seq = cigar + 4 * nCigar;
        if (lName < 1 || lSeq < 0 || tid < -1 || mtid < -1 || (long) seq + (lSeq + 1L) / 2 + lSeq > end) {
            return false;
        }
        int qual = seq + (lSeq + 1) / 2;
        int aux = qual + lSeq;
        out.put(b, name, lName - 1);
        out.put('\t');
        out.decimal(flag);
        out.put('\t');
        if (!reference(tid, names, out)) {
            return false;
        }
        out.put('\t');
        out.decimal(pos + 1);
        out.put('\t');
        out.decimal(mapq);
        out.put('\t');
        if (nCigar == 0) {
            out.put('*');
        }
        for (int i = 0; i < nCigar; i++) {
            int c = BamCodec.le32(b, cigar + 4 * i);
            int op = c & 0xF;
            if (op >= OPS.length) {
                return false;
            }
            out.decimal(c >>> 4);
            out.put(OPS[op]);
        }
        out.put('\t');
        if (mtid >= 0 && mtid == tid) {
            out.put('=');
        } else if (!reference(mtid, names, out)) {
            return false;
        }
        out.put('\t');
        out.decimal(mpos + 1);
        out.put('\t');
        out.decimal(tlen);
        out.put('\t');
        if (lSeq == 0) {
            out.put('*');
            out.put('\t');
            out.put('*');
        } else {
            out.room(2 * lSeq + 1);
            byte[] o = out.buf;
            int at = out.len;
            for (int i = 0; i < lSeq; i++) {
                int x = b[seq + (i >> 1)];
                o[at++] = BASES[(i & 1) == 0 ? x >> 4 & 0xF : x & 0xF];
            }
            o[at++] = '\t';
            if ((b[qual] & 0xFF) == 0xFF) {
                o[at++] = '*';
            } else {
                for (int i = 0; i < lSeq; i++) {
                    o[at++] = (byte) (b[qual + i] + 33);
                }
            }
            out.len = at;
        }
        return aux(b, aux, end, out);
    }

    private static boolean reference(int id, Names names, Out out) {
        if (id < 0) {
            out.put('*');
            return true;
        }
        byte[] n = names.name(id);
        if (n == null) {
            return false;
        }
        out.put(n, 0, n.length);
        return true;
    }

    private static boolean aux(byte[] b, int s, int end, Out out) {
        while (end - s >= 4) {
            out.put('\t');
            out.put(b[s]);
            out.put(b[s + 1]);
            out.put(':');
            int type = b[s + 2];
            s += 3;
            switch (type) {
                case 'A' -> {
                    out.put('A');
                    out.put(':');
                    out.put(b[s++]);
                }
                case 'c', 'C', 's', 'S', 'i', 'I' -> {
                    int size = size(type);
                    if (end - s < size) {
                        return false;
                    }
                    out.put('i');
                    out.put(':');
                    out.decimal(integer(b, s, type));
                    s += size;
                }
                case 'f', 'd' -> {
                    int size = type == 'f' ? 4 : 8;
                    if (end - s < size) {
                        return false;
                    }
                    out.put(type);
                    out.put(':');
                    general(real(b, s, type), out);
                    s += size;
                }
                case 'Z', 'H' -> {
                    out.put(type);
                    out.put(':');
                    int z = s;
                    while (z < end && b[z] != 0) {
                        z++;
                    }
                    if (z >= end) {
                        return false;
                    }
                    out.put(b, s, z - s);
                    s = z + 1;
                }
                case 'B' -> {
                    int sub = b[s++];
                    int size = sub == 'f' ? 4 : size(sub);
                    if (size == 0 || end - s < 4) {
                        return false;
                    }
                    long n = BamCodec.le32(b, s) & 0xFFFFFFFFL;
                    s += 4;
                    if ((end - s) / size < n) {
                        return false;
                    }
                    out.put('B');
                    out.put(':');
                    out.put(sub);
                    for (long i = 0; i < n; i++) {
                        out.put(',');
                        if (sub == 'f') {
                            general(real(b, s, 'f'), out);
                        } else {
                            out.decimal(integer(b, s, sub));
                        }
                        s += size;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static int size(int type) {
        return switch (type) {
            case 'c', 'C' -> 1;
            case 's', 'S' -> 2;
            case 'i', 'I' -> 4;
            default -> 0;
        };
    }

    private static long integer(byte[] b, int s, int type) {
        return switch (type) {
            case 'c' -> b[s];
            case 'C' -> b[s] & 0xFF;
            case 's' -> (short) BamCodec.le16(b, s);
            case 'S' -> BamCodec.le16(b, s);
            case 'i' -> BamCodec.le32(b, s);
            default -> BamCodec.le32(b, s) & 0xFFFFFFFFL;
        };
    }

    private static double real(byte[] b, int s, int type) {
        if (type == 'f') {
            return Float.intBitsToFloat(BamCodec.le32(b, s));
        }
        return Double.longBitsToDouble(BamCodec.le32(b, s) & 0xFFFFFFFFL | (long) BamCodec.le32(b, s + 4) << 32);
    }

    private static final MathContext SIX = new MathContext(6, RoundingMode.HALF_EVEN);

    /** {@code v} as C's {@code printf("%g")} writes it: six significant digits, trailing zeros removed. */
    static void general(double v, Out out) {
        if (Double.isNaN(v)) {
            out.ascii((Double.doubleToRawLongBits(v) < 0 ? "-" : "") + "nan");
            return;
        }
        if (Double.isInfinite(v)) {
            out.ascii(v < 0 ? "-inf" : "inf");
            return;
        }
        if (v == 0) {
            out.ascii(1 / v < 0 ? "-0" : "0");
            return;
        }
        BigDecimal d = new BigDecimal(v).round(SIX);
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
            if (v < 0) {
                out.put('-');
            }
            out.put(digits.charAt(0));
            if (digits.length() > 1) {
                out.put('.');
                out.ascii(digits.substring(1));
            }
            out.put('e');
            out.put(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                out.put('0');
            }
            out.decimal(e);
        } else {
            String s = d.stripTrailingZeros().toPlainString();
            out.ascii(s);
        }
    }
}
