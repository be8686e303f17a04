package org.damnit.core;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.damnit.CorruptObjectException;

/**
 * The content codec of delimited text tables: TSV, CSV, BED, per-base depth tables ({@code samtools
 * depth -a}), VCF bodies. A chunk is cut into its partial first line, whole lines and its partial last
 * line; the partial lines, comment lines ({@code #}) and lines whose field count is not the table's are
 * kept verbatim, each whole line's fields go into one column per field. A column is numeric when most of
 * its values are decimals in canonical form (no leading zeros, no {@code +}, no exponent, no negative
 * zero; trailing fraction zeros are kept by the scale): each value is a scale (fraction digits) and a
 * mantissa, stored raw or as the difference to the previous one, whichever is smaller, zigzagged and
 * split into byte planes. Other columns are strings: the same as the previous value, a value seen
 * before in the chunk (dictionary index), the previous value with its last number changed (a delta),
 * or a literal. Every column is then entropy-coded ({@link ColumnStreams}: rANS Nx16). A value a column
 * does not model is kept verbatim, so every byte comes back exactly (number formatting, whitespace,
 * {@code \r\n}, a missing final newline). Payload layout: docs/FORMAT.md, "Table codec".
 */
final class TableCodec extends ContentCodec {
    static final int ID = 5;
    static final int VERSION = 1;
    /** Line kinds. */
    private static final int LF = 0;
    private static final int CRLF = 1;
    private static final int VERBATIM = 2;
    /** Column kinds. */
    private static final int NUMERIC = 0;
    private static final int STRING = 1;
    /** A numeric value's scale byte when the value is not numeric: kept as a literal. */
    private static final int NOT_NUMERIC = 255;
    /** String value codes. */
    private static final int SAME = 0;
    private static final int SEEN = 1;
    private static final int SHAPE = 2;
    private static final int LITERAL = 3;
    /** Numeric mantissas: stored raw or as deltas. */
    private static final int RAW = 0;
    private static final int DELTA = 1;
    /** A chunk's columns; more, and the table is not modelled. */
    static final int MAX_COLUMNS = 4096;
    private static final int MAX_DIGITS = 18;
    private static final int MAX_DICTIONARY = 1 << 16;
    /** Runs of digits and of other bytes in a string value that a shape may have. */
    private static final int MAX_TOKENS = 64;
    /** Columns of shape deltas: one per run of digits, the last for all further runs. */
    private static final int DELTA_COLUMNS = 8;
    /** Bytes of the first chunk looked at to recognise a table. */
    private static final int SNIFF = 64 << 10;

    TableCodec() {
        super(ID, "table", VERSION);
    }

    /**
     * Text (no control bytes but tab, CR, LF) whose lines near the start, comments ({@code #}) aside,
     * split by tab or by comma into the same number (at least 2) of fields, the first line (a header)
     * aside too; at least 8 such lines.
     */
    @Override
    boolean recognises(byte[] b, int off, int len) {
        int end = off + Math.min(len, SNIFF);
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        for (byte sep : new byte[] {'\t', ','}) {
            Map<Integer, Integer> counts = new HashMap<>();
            int lines = 0;
            int start = off;
            int fields = 1;
            for (int i = off; i < end; i++) {
                if (b[i] == sep) {
                    fields++;
                } else if (b[i] == '\n') {
                    if (i > start && b[start] != '#' && start > off) {
                        counts.merge(fields, 1, Integer::sum);
                        lines++;
                    }
                    fields = 1;
                    start = i + 1;
                }
            }
            int mode = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
            if (lines >= 8 && mode >= 2 && counts.get(mode) >= lines * 0.9) {
                return true;
            }
        }
        return false;
    }

    @Override
    long workBytes(int length) {
        return 8L * length + (1 << 16);
    }

    @Override
    boolean encodeBody(byte[] d, ByteArrayOutputStream payload) {
        int first = indexOf(d, 0, d.length, '\n');
        int last = lastIndexOf(d, '\n');
        if (first < 0 || last == first) {
            return false; // fewer than one whole line
        }
        int bodyStart = first + 1;
        int bodyEnd = last + 1;
        byte sep = separator(d, bodyStart, bodyEnd);
        if (sep == 0) {
            return false;
        }
        int k = columns(d, bodyStart, bodyEnd, sep);
        if (k < 2 || k > MAX_COLUMNS) {
            return false;
        }
        // line kinds and the start of each field of each regular line
        int lines = 0;
        for (int i = bodyStart; i < bodyEnd; i++) {
            lines += d[i] == '\n' ? 1 : 0;
        }
        if ((long) lines * (k + 1) > d.length / 2 + 64) {
            return false; // fields of a byte or two: nothing to gain, and the offsets would outweigh the chunk
        }
        ColumnStreams.Out kinds = new ColumnStreams.Out(lines);
        ColumnStreams.Out verbatim = new ColumnStreams.Out(64);
        ColumnStreams.Out verbatimLengths = new ColumnStreams.Out(16);
        verbatimLengths.putVarint(first + 1);
        verbatimLengths.putVarint(d.length - bodyEnd);
        verbatim.putBytes(d, 0, first + 1);
        int[] starts = new int[lines * (k + 1)]; // per regular line: k field starts and the line's content end
        int regular = 0;
        for (int s = bodyStart; s < bodyEnd; ) {
            int e = indexOf(d, s, bodyEnd, '\n');
            boolean cr = e > s && d[e - 1] == '\r';
            int ce = cr ? e - 1 : e;
            int at = regular * (k + 1);
            int fields = 0;
            if (ce > s && d[s] != '#') {
                starts[at] = s;
                fields = 1;
                for (int i = s; i < ce && fields <= k; i++) {
                    if (d[i] == sep) {
                        if (fields < k) {
                            starts[at + fields] = i + 1;
                        }
                        fields++;
                    }
                }
            }
            if (fields == k) {
                starts[at + k] = ce;
                kinds.put(cr ? CRLF : LF);
                regular++;
            } else {
                kinds.put(VERBATIM);
                verbatimLengths.putVarint(e - s);
                verbatim.putBytes(d, s, e - s);
            }
            s = e + 1;
        }
        verbatim.putBytes(d, bodyEnd, d.length - bodyEnd);
        ColumnStreams.Out out = new ColumnStreams.Out(d.length / 8);
        out.put(sep);
        out.putVarint(k);
        out.putVarint(lines);
        out.coded(kinds);
        out.coded(verbatimLengths);
        out.coded(verbatim);
        long[] values = new long[regular];
        byte[] scales = new byte[regular];
        for (int j = 0; j < k; j++) {
            encodeColumn(d, starts, k, j, regular, values, scales, out);
        }
        payload.write(out.array(), 0, out.size());
        return true;
    }

    /** Tab if the lines hold tabs, else comma if they hold commas; 0 if neither. */
    private static byte separator(byte[] d, int s, int e) {
        int end = Math.min(e, s + SNIFF);
        boolean comma = false;
        for (int i = s; i < end; i++) {
            if (d[i] == '\t') {
                return '\t';
            }
            comma |= d[i] == ',';
        }
        return comma ? (byte) ',' : 0;
    }

    /** The most common field count of the (non-comment) lines near the start. */
    private static int columns(byte[] d, int s, int e, byte sep) {
        Map<Integer, Integer> counts = new HashMap<>();
        int fields = 1;
        int lines = 0;
        int start = s;
        for (int i = s; i < e && lines < 1000; i++) {
            if (d[i] == sep) {
                fields++;
            } else if (d[i] == '\n') {
                if (d[start] != '#') {
                    counts.merge(fields, 1, Integer::sum);
                }
                lines++;
                fields = 1;
                start = i + 1;
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
    }

    private static void encodeColumn(byte[] d, int[] starts, int k, int j, int n, long[] values, byte[] scales,
                                     ColumnStreams.Out out) {
        int numeric = 0;
        for (int r = 0; r < n; r++) {
            int s = starts[r * (k + 1) + j];
            int e = fieldEnd(starts, k, r, j);
            int scale = parseDecimal(d, s, e, values, r);
            scales[r] = (byte) (scale < 0 ? NOT_NUMERIC : scale);
            numeric += scale < 0 ? 0 : 1;
        }
        if (numeric * 2 >= n && n > 0) {
            out.put(NUMERIC);
            encodeNumeric(d, starts, k, j, n, values, scales, out);
        } else {
            out.put(STRING);
            encodeStrings(d, starts, k, j, n, out);
        }
    }

    private static int fieldEnd(int[] starts, int k, int r, int j) {
        int next = starts[r * (k + 1) + j + 1];
        return j + 1 == k ? next : next - 1;
    }

    /**
     * Reads a canonical decimal in [s, e) ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, at most 18 digits, not a
     * negative zero): its mantissa goes to {@code values[r]}, its number of fraction digits is returned;
     * -1 if it is not one.
     */
    private static int parseDecimal(byte[] d, int s, int e, long[] values, int r) {
        int i = s;
        boolean neg = i < e && d[i] == '-';
        if (neg) {
            i++;
        }
        if (i >= e || d[i] < '0' || d[i] > '9' || (d[i] == '0' && i + 1 < e && d[i + 1] >= '0' && d[i + 1] <= '9')) {
            return -1;
        }
        long m = 0;
        int digits = 0;
        int scale = 0;
        for (; i < e && d[i] >= '0' && d[i] <= '9'; i++) {
            m = m * 10 + (d[i] - '0');
            digits++;
        }
        if (i < e && d[i] == '.') {
            i++;
            int fracStart = i;
            for (; i < e && d[i] >= '0' && d[i] <= '9'; i++) {
                m = m * 10 + (d[i] - '0');
                digits++;
            }
            scale = i - fracStart;
            if (scale == 0) {
                return -1;
            }
        }
        if (i != e || digits > MAX_DIGITS || (neg && m == 0)) {
            return -1;
        }
        values[r] = neg ? -m : m;
        return scale;
    }

    private static void encodeNumeric(byte[] d, int[] starts, int k, int j, int n, long[] values, byte[] scales,
                                      ColumnStreams.Out out) {
        ColumnStreams.Out lengths = new ColumnStreams.Out(16);
        ColumnStreams.Out literals = new ColumnStreams.Out(16);
        long rawBits = 0;
        long deltaBits = 0;
        long prev = 0;
        int count = 0;
        for (int r = 0; r < n; r++) {
            if ((scales[r] & 0xff) == NOT_NUMERIC) {
                int s = starts[r * (k + 1) + j];
                int e = fieldEnd(starts, k, r, j);
                lengths.putVarint(e - s);
                literals.putBytes(d, s, e - s);
                continue;
            }
            rawBits += 64 - Long.numberOfLeadingZeros(ColumnStreams.zigzag(values[r]));
            deltaBits += 64 - Long.numberOfLeadingZeros(ColumnStreams.zigzag(values[r] - prev));
            prev = values[r];
            values[count++] = values[r]; // the numeric values, packed
        }
        int mode = deltaBits < rawBits ? DELTA : RAW;
        long max = 0;
        prev = 0;
        for (int r = 0; r < count; r++) {
            long z = ColumnStreams.zigzag(mode == DELTA ? values[r] - prev : values[r]);
            prev = values[r];
            values[r] = z;
            max |= z;
        }
        int width = (64 - Long.numberOfLeadingZeros(max) + 7) / 8;
        out.coded(scales, n);
        out.coded(lengths);
        out.coded(literals);
        out.put(mode);
        out.put(width);
        byte[] plane = new byte[count];
        for (int p = 0; p < width; p++) {
            int shift = 8 * p;
            for (int r = 0; r < count; r++) {
                plane[r] = (byte) (values[r] >>> shift);
            }
            out.coded(plane, count);
        }
    }

    /** A byte range of the chunk, as a map key. */
    private record Slice(byte[] d, int s, int e, int hash) {
        static Slice of(byte[] d, int s, int e) {
            int h = 1;
            for (int i = s; i < e; i++) {
                h = 31 * h + d[i];
            }
            return new Slice(d, s, e, h);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slice x && Arrays.equals(d, s, e, x.d, x.s, x.e);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static void encodeStrings(byte[] d, int[] starts, int k, int j, int n, ColumnStreams.Out out) {
        ColumnStreams.Out codes = new ColumnStreams.Out(n);
        ColumnStreams.Out seen = new ColumnStreams.Out(16);
        ColumnStreams.Out[] deltas = new ColumnStreams.Out[DELTA_COLUMNS];
        Arrays.setAll(deltas, i -> new ColumnStreams.Out(16));
        ColumnStreams.Out lengths = new ColumnStreams.Out(16);
        ColumnStreams.Out literals = new ColumnStreams.Out(16);
        Map<Slice, Integer> dictionary = new HashMap<>();
        int[] prevTokens = new int[MAX_TOKENS + 1];
        int[] tokens = new int[MAX_TOKENS + 1];
        long[] shape = new long[MAX_TOKENS];
        byte[] digits = new byte[24];
        int ps = 0;
        int pe = -1; // no previous value
        for (int r = 0; r < n; r++) {
            int s = starts[r * (k + 1) + j];
            int e = fieldEnd(starts, k, r, j);
            if (pe >= 0 && Arrays.equals(d, s, e, d, ps, pe)) {
                codes.put(SAME);
            } else {
                Slice key = Slice.of(d, s, e);
                Integer index = dictionary.get(key);
                if (index != null) {
                    codes.put(SEEN);
                    seen.putVarint(index);
                } else {
                    // a value not seen before: the decoder adds it to the dictionary too
                    int numbers = -1;
                    if (pe >= 0) {
                        int prevCount = tokens(d, ps, pe, prevTokens);
                        int count = prevCount < 0 ? -1 : tokens(d, s, e, tokens);
                        numbers = count < 0 ? -1 : sameShape(d, prevTokens, prevCount, tokens, count, shape, digits);
                    }
                    if (numbers >= 0) {
                        codes.put(SHAPE);
                        for (int t = 0; t < numbers; t++) {
                            deltas[Math.min(t, DELTA_COLUMNS - 1)].putVarint(ColumnStreams.zigzag(shape[t]));
                        }
                    } else {
                        codes.put(LITERAL);
                        lengths.putVarint(e - s);
                        literals.putBytes(d, s, e - s);
                    }
                    if (dictionary.size() < MAX_DICTIONARY) {
                        dictionary.put(key, dictionary.size());
                    }
                }
            }
            ps = s;
            pe = e;
        }
        out.coded(codes);
        out.coded(seen);
        for (ColumnStreams.Out c : deltas) {
            out.coded(c);
        }
        out.coded(lengths);
        out.coded(literals);
    }

    /**
     * Splits [s, e) into runs of digits and runs of other bytes: run t is [b[t], b[t + 1]), b[0] = s.
     * The number of runs, or -1 if there are more than {@link #MAX_TOKENS} or a run of more than
     * {@link #MAX_DIGITS} digits.
     */
    private static int tokens(byte[] d, int s, int e, int[] b) {
        int n = 0;
        int i = s;
        while (i < e) {
            if (n == MAX_TOKENS) {
                return -1;
            }
            b[n++] = i;
            boolean digit = isDigit(d[i]);
            int from = i;
            while (i < e && isDigit(d[i]) == digit) {
                i++;
            }
            if (digit && i - from > MAX_DIGITS) {
                return -1;
            }
        }
        b[n] = e;
        return n;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * If the value with runs {@code cur} has the previous value's shape (runs {@code prev}: the same
     * runs of other bytes, and each run of digits that run's number plus a delta, written as
     * {@link #number} writes it), the number of digit runs, their deltas in {@code deltas}; else -1.
     */
    private static int sameShape(byte[] d, int[] prev, int pn, int[] cur, int cn, long[] deltas, byte[] scratch) {
        if (pn != cn || cn == 0) {
            return -1;
        }
        int numbers = 0;
        for (int t = 0; t < cn; t++) {
            int ps = prev[t];
            int pe = prev[t + 1];
            int cs = cur[t];
            int ce = cur[t + 1];
            if (isDigit(d[ps]) != isDigit(d[cs])) {
                return -1;
            }
            if (!isDigit(d[ps])) {
                if (!Arrays.equals(d, ps, pe, d, cs, ce)) {
                    return -1;
                }
                continue;
            }
            long delta = digits(d, cs, ce) - digits(d, ps, pe);
            int len = number(digits(d, ps, pe) + delta, pe - ps > 1 && d[ps] == '0' ? pe - ps : 0, scratch);
            if (!Arrays.equals(scratch, 0, len, d, cs, ce)) {
                return -1;
            }
            deltas[numbers++] = delta;
        }
        return numbers;
    }

    private static long digits(byte[] d, int s, int e) {
        long v = 0;
        for (int i = s; i < e; i++) {
            v = v * 10 + (d[i] - '0');
        }
        return v;
    }

    /**
     * Writes {@code v} in decimal to {@code out} (at least 24 bytes), zero-padded to {@code width}; its
     * length. A shape's run of digits is padded to its width in the previous value when that started
     * with 0 and had more than one digit.
     */
    private static int number(long v, int width, byte[] out) {
        String s = Long.toString(v);
        int pad = Math.max(0, Math.min(width, out.length - s.length()) - s.length());
        Arrays.fill(out, 0, pad, (byte) '0');
        for (int i = 0; i < s.length(); i++) {
            out[pad + i] = (byte) s.charAt(i);
        }
        return pad + s.length();
    }

    private static int indexOf(byte[] d, int s, int e, int c) {
        for (int i = s; i < e; i++) {
            if (d[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] d, int c) {
        for (int i = d.length - 1; i >= 0; i--) {
            if (d[i] == c) {
                return i;
            }
        }
        return -1;
    }

    // ---- decoding

    @Override
    byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException {
        ColumnStreams.In in = new ColumnStreams.In(where, payload, off, len);
        int sep = in.get();
        int k = in.count(MAX_COLUMNS);
        int lines = in.count(rawLength);
        ColumnStreams.In kinds = in.coded(lines);
        ColumnStreams.In verbatimLengths = in.coded(10L * (lines + 2));
        ColumnStreams.In verbatim = in.coded(rawLength);
        int[] kind = new int[lines];
        int regular = 0;
        for (int i = 0; i < lines; i++) {
            kind[i] = kinds.get();
            if (kind[i] > VERBATIM) {
                throw new CorruptObjectException(where + " is damaged: line kind " + kind[i]);
            }
            regular += kind[i] != VERBATIM ? 1 : 0;
        }
        if ((long) regular * k > rawLength) {
            throw new CorruptObjectException(where + " is damaged: more fields than bytes");
        }
        byte[][] columns = new byte[k][];
        int[][] ends = new int[k][];
        for (int j = 0; j < k; j++) {
            ends[j] = new int[regular];
            columns[j] = decodeColumn(where, in, regular, rawLength, ends[j]);
        }
        if (!in.atEnd()) {
            throw new CorruptObjectException(where + " is damaged: bytes after its table payload");
        }
        byte[] out = new byte[rawLength];
        int at = 0;
        int head = verbatimLengths.count(rawLength);
        int tail = verbatimLengths.count(rawLength);
        verbatim.copy(out, at, head);
        at += head;
        int[] pos = new int[k];
        int r = 0;
        for (int i = 0; i < lines; i++) {
            if (kind[i] == VERBATIM) {
                int n = verbatimLengths.count(rawLength);
                verbatim.copy(out, at, n);
                at += n;
            } else {
                for (int j = 0; j < k; j++) {
                    int n = ends[j][r] - pos[j];
                    if (n < 0 || at + n + 1 > out.length) {
                        throw new CorruptObjectException(where + " is damaged: its table lines overrun the chunk");
                    }
                    System.arraycopy(columns[j], pos[j], out, at, n);
                    pos[j] = ends[j][r];
                    at += n;
                    if (j + 1 < k) {
                        out[at++] = (byte) sep;
                    }
                }
                r++;
                if (kind[i] == CRLF) {
                    if (at + 1 >= out.length) {
                        throw new CorruptObjectException(where + " is damaged: its table lines overrun the chunk");
                    }
                    out[at++] = '\r';
                }
            }
            if (at >= out.length) {
                throw new CorruptObjectException(where + " is damaged: its table lines overrun the chunk");
            }
            out[at++] = '\n';
        }
        verbatim.copy(out, at, tail);
        at += tail;
        if (at != rawLength) {
            throw new CorruptObjectException(where + " is damaged: its table decodes to " + at + " bytes, not "
                + rawLength);
        }
        return out;
    }

    /** One column's values, concatenated, with the end of each in {@code ends}. */
    private static byte[] decodeColumn(String where, ColumnStreams.In in, int n, int rawLength, int[] ends)
        throws CorruptObjectException {
        int type = in.get();
        ColumnStreams.Out values = new ColumnStreams.Out(n * 4);
        if (type == NUMERIC) {
            ColumnStreams.In scales = in.coded(n);
            ColumnStreams.In lengths = in.coded(10L * n);
            ColumnStreams.In literals = in.coded(rawLength);
            int mode = in.get();
            int width = in.get();
            if (mode > DELTA || width > 8) {
                throw new CorruptObjectException(where + " is damaged: numeric column mode " + mode + " width " + width);
            }
            byte[] sc = new byte[n];
            scales.copy(sc, 0, n);
            int count = 0;
            for (byte b : sc) {
                count += (b & 0xff) == NOT_NUMERIC ? 0 : 1;
            }
            long[] v = new long[count];
            for (int p = 0; p < width; p++) {
                ColumnStreams.In plane = in.coded(count);
                byte[] pb = plane.buffer();
                int at = plane.take(count);
                for (int r = 0; r < count; r++) {
                    v[r] |= (pb[at + r] & 0xffL) << (8 * p);
                }
            }
            long prev = 0;
            int c = 0;
            byte[] tmp = new byte[MAX_DIGITS + 3];
            for (int r = 0; r < n; r++) {
                int s = sc[r] & 0xff;
                if (s == NOT_NUMERIC) {
                    int len = lengths.count(rawLength);
                    literal(values, literals, len);
                } else {
                    if (s > MAX_DIGITS) {
                        throw new CorruptObjectException(where + " is damaged: scale " + s);
                    }
                    long m = ColumnStreams.unzigzag(v[c++]);
                    if (mode == DELTA) {
                        m += prev;
                    }
                    prev = m;
                    formatDecimal(values, m, s, tmp);
                }
                ends[r] = values.size();
                if (values.size() > rawLength) {
                    throw new CorruptObjectException(where + " is damaged: a column is longer than the chunk");
                }
            }
        } else if (type == STRING) {
            ColumnStreams.In codes = in.coded(n);
            ColumnStreams.In seen = in.coded(10L * n);
            ColumnStreams.In[] deltas = new ColumnStreams.In[DELTA_COLUMNS];
            for (int i = 0; i < DELTA_COLUMNS; i++) {
                deltas[i] = in.coded(10L * rawLength);
            }
            ColumnStreams.In lengths = in.coded(10L * n);
            ColumnStreams.In literals = in.coded(rawLength);
            int[] dictStart = new int[Math.min(n, MAX_DICTIONARY)];
            int[] dictEnd = new int[dictStart.length];
            int dictionary = 0;
            int[] prevTokens = new int[MAX_TOKENS + 1];
            byte[] digits = new byte[24];
            int ps = 0;
            int pe = -1;
            for (int r = 0; r < n; r++) {
                int code = codes.get();
                int s = values.size();
                if (code == SAME) {
                    if (pe < 0) {
                        throw new CorruptObjectException(where + " is damaged: a string column starts with a repeat");
                    }
                    values.putBytes(values.array(), ps, pe - ps);
                } else {
                    if (code == SHAPE) {
                        int prevCount = pe < 0 ? -1 : tokens(values.array(), ps, pe, prevTokens);
                        if (prevCount < 0) {
                            throw new CorruptObjectException(where + " is damaged: a shape without a previous value");
                        }
                        byte[] prev = values.array(); // the previous value's bytes stay put while this one is appended
                        for (int t = 0, numbers = 0; t < prevCount; t++) {
                            int ts = prevTokens[t];
                            int te = prevTokens[t + 1];
                            if (!isDigit(prev[ts])) {
                                values.putBytes(prev, ts, te - ts);
                                continue;
                            }
                            long delta = ColumnStreams.unzigzag(deltas[Math.min(numbers++, DELTA_COLUMNS - 1)].varint());
                            int len = number(digits(prev, ts, te) + delta, te - ts > 1 && prev[ts] == '0' ? te - ts : 0,
                                digits);
                            values.putBytes(digits, 0, len);
                        }
                    } else if (code == SEEN) {
                        int i = seen.count(dictionary - 1L);
                        values.putBytes(values.array(), dictStart[i], dictEnd[i] - dictStart[i]);
                    } else if (code == LITERAL) {
                        literal(values, literals, lengths.count(rawLength));
                    } else {
                        throw new CorruptObjectException(where + " is damaged: string code " + code);
                    }
                    if (values.size() > rawLength) {
                        throw new CorruptObjectException(where + " is damaged: a column is longer than the chunk");
                    }
                    if (code != SEEN && dictionary < dictStart.length) {
                        dictStart[dictionary] = s; // a new value: where it is in the column
                        dictEnd[dictionary++] = values.size();
                    }
                }
                if (values.size() > rawLength) {
                    throw new CorruptObjectException(where + " is damaged: a column is longer than the chunk");
                }
                ps = s;
                pe = values.size();
                ends[r] = pe;
            }
        } else {
            throw new CorruptObjectException(where + " is damaged: column type " + type);
        }
        return Arrays.copyOf(values.array(), values.size());
    }

    private static void literal(ColumnStreams.Out values, ColumnStreams.In literals, int len)
        throws CorruptObjectException {
        byte[] b = new byte[len];
        literals.copy(b, 0, len);
        values.putBytes(b, 0, len);
    }

    /** {@code m} with {@code scale} fraction digits, as {@link #parseDecimal} read it. */
    private static void formatDecimal(ColumnStreams.Out out, long m, int scale, byte[] tmp) {
        if (m < 0) {
            out.put('-');
        }
        long a = Math.abs(m);
        int n = 0;
        do {
            tmp[n++] = (byte) ('0' + (int) Math.abs(a % 10));
            a /= 10;
        } while (a != 0 && n < tmp.length);
        while (n <= scale) {
            tmp[n++] = '0';
        }
        for (int i = n - 1; i >= 0; i--) {
            out.put(tmp[i]);
            if (i == scale && scale > 0) {
                out.put('.');
            }
        }
    }
}
