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
    static final int VERSION = 2;
    /** Line kinds. */
    private static final int LF = 0;
    private static final int CRLF = 1;
    private static final int VERBATIM = 2;
    /** Column kinds. */
    private static final int NUMERIC = 0;
    private static final int STRING = 1;
    /** Values split at a separator into sub-columns by place or by the name a key column gives it (version 2). */
    private static final int SPLIT = 2;
    /** Values of key=value items: their layout, and a sub-column per key (version 2). */
    private static final int KEYED = 3;
    /** Adjacent top-level columns split by one key column (a VCF's samples), coded as one column (version 2). */
    private static final int GROUP = 4;
    /** Levels of sub-columns: a VCF INFO value split by key, then at commas. */
    private static final int MAX_DEPTH = 2;
    private static final int MAX_PARTS = 32;
    private static final int MAX_SUBCOLUMNS = 256;
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
    /** Numeric mantissas minus a predictor's value (version 2): mode 2, then the predictor's number. */
    private static final int PREDICTED = 2;
    private static final int MAX_PREDICTORS = 8;
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
        return 12L * length + (1 << 16);
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
        Fields fields = new Fields(d, starts, k, regular);
        for (int j = 0; j < k; ) {
            int m = fields.group(j);
            if (m > 1) {
                out.put(GROUP);
                out.putVarint(m);
                Key key = fields.keyColumn(j, (byte) ':');
                encodeField(fields.columns(j, m), out, 0, s -> s == ':' ? new Key(key.column, repeat(key.values, m)) : null,
                    new Leaves());
            } else {
                int column = j;
                encodeField(fields.column(j), out, 0, s -> fields.keyColumn(column, s), new Leaves());
            }
            j += m;
        }
        payload.write(out.array(), 0, out.size());
        return true;
    }

    /** The values of {@code v} {@code m} times over. */
    private static Values repeat(Values v, int m) {
        int[] s = new int[v.n * m];
        int[] e = new int[v.n * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(v.s, 0, s, i * v.n, v.n);
            System.arraycopy(v.e, 0, e, i * v.n, v.n);
        }
        return new Values(v.d, s, e, v.n * m, null);
    }

    /** How many of the values hold a colon. */
    private static int colons(Values v) {
        int c = 0;
        for (int r = 0; r < v.n; r++) {
            c += indexOf(v.d, v.s[r], v.e[r], ':') >= 0 ? 1 : 0;
        }
        return c;
    }

    /** Values of one column: value r is [s[r], e[r]) of d. */
    private record Values(byte[] d, int[] s, int[] e, int n, int[] rows) {
        /** The line (in a group: the line of the group's value) value r belongs to. */
        int row(int r) {
            return rows == null ? r : rows[r];
        }
    }

    /** A column earlier in the line whose values name the parts of a value split at a separator. */
    private record Key(int column, Values values) {
    }

    /** The regular lines' fields, by column. */
    private static final class Fields {
        private final byte[] d;
        private final int[] starts;
        private final int k;
        private final int n;
        private final Map<Byte, int[]> nearest = new HashMap<>();
        private final Map<Integer, Key> keys = new HashMap<>();

        Fields(byte[] d, int[] starts, int k, int n) {
            this.d = d;
            this.starts = starts;
            this.k = k;
            this.n = n;
        }

        /**
         * How many columns from {@code j} on are one group: split at colons by the same key column, each
         * of them holding colons in at least half of its values (a VCF's sample columns); 1 if no group.
         */
        int group(int j) {
            Key key = keyColumn(j, (byte) ':');
            int m = 0;
            while (key != null && j + m < k && colons(column(j + m)) * 2 >= n && n > 0) {
                Key next = keyColumn(j + m, (byte) ':');
                if (next == null || next.column != key.column) {
                    break;
                }
                m++;
            }
            return Math.max(1, m);
        }

        /** The values of columns [j, j + m), column after column. */
        Values columns(int j, int m) {
            int[] s = new int[n * m];
            int[] e = new int[n * m];
            for (int i = 0; i < m; i++) {
                Values c = column(j + i);
                System.arraycopy(c.s, 0, s, i * n, n);
                System.arraycopy(c.e, 0, e, i * n, n);
            }
            return new Values(d, s, e, n * m, null);
        }

        Values column(int j) {
            int[] s = new int[n];
            int[] e = new int[n];
            for (int r = 0; r < n; r++) {
                s[r] = starts[r * (k + 1) + j];
                int next = starts[r * (k + 1) + j + 1];
                e[r] = j + 1 == k ? next : next - 1;
            }
            return new Values(d, s, e, n, null);
        }

        /** The nearest column before {@code j} whose values name the parts of values split at {@code sep}. */
        Key keyColumn(int j, byte sep) {
            int f = nearest.computeIfAbsent(sep, x -> nearestKeys(sep))[j];
            return f < 0 ? null : keys.computeIfAbsent(f, x -> new Key(x, column(x)));
        }

        private int[] nearestKeys(byte sep) {
            int[] near = new int[k];
            int last = -1;
            for (int j = 0; j < k; j++) {
                near[j] = last;
                last = namesParts(column(j), sep) ? j : last;
            }
            return near;
        }
    }

    /**
     * Whether a column's values (the first 256) are lists of identifiers split at {@code sep} (as a VCF
     * line's FORMAT field, {@code GT:AD:DP}), at least half of them of more than one.
     */
    private static boolean namesParts(Values v, byte sep) {
        int n = Math.min(v.n, 256);
        int lists = 0;
        for (int r = 0; r < n; r++) {
            boolean start = true;
            boolean list = false;
            for (int i = v.s[r]; i < v.e[r]; i++) {
                byte c = v.d[i];
                if (c == sep) {
                    if (start) {
                        return false;
                    }
                    list = true;
                    start = true;
                } else if (c == '_' || (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || !start && (isDigit(c) || c == '.')) {
                    start = false;
                } else {
                    return false;
                }
            }
            if (start) {
                return false; // empty, or ending in the separator
            }
            lists += list ? 1 : 0;
        }
        return n > 0 && lists * 2 >= n;
    }

    /**
     * One column of values: numeric when at least half of them are decimals; otherwise strings, or, when
     * that is smaller and most values hold a separator ({@code key=value;...}, {@code a:b:c},
     * {@code a,b,c}), the values split into sub-columns, each a column again.
     */
    private static void encodeField(Values v, ColumnStreams.Out out, int depth,
                                    java.util.function.Function<Byte, Key> keys, Leaves leaves) {
        int n = v.n;
        long[] values = new long[n];
        byte[] scales = new byte[n];
        int numeric = 0;
        for (int r = 0; r < n; r++) {
            int scale = parseDecimal(v.d, v.s[r], v.e[r], values, r);
            scales[r] = (byte) (scale < 0 ? NOT_NUMERIC : scale);
            numeric += scale < 0 ? 0 : 1;
        }
        if (numeric * 2 >= n && n > 0) {
            out.put(NUMERIC);
            encodeNumeric(v, values, scales, out, leaves);
            return;
        }
        ColumnStreams.Out strings = new ColumnStreams.Out(16);
        strings.put(STRING);
        encodeStrings(v, strings);
        int before = leaves.size();
        ColumnStreams.Out split = depth < MAX_DEPTH ? encodeSplit(v, depth, keys, leaves) : null;
        ColumnStreams.Out best = split != null && split.size() < strings.size() ? split : strings;
        if (best != split) {
            leaves.truncate(before); // the numbers of a form not written predict nothing
        }
        out.putBytes(best.array(), 0, best.size());
    }

    /** The split form of a string column, or null when its values do not split. */
    private static ColumnStreams.Out encodeSplit(Values v, int depth, java.util.function.Function<Byte, Key> keys,
                                                 Leaves leaves) {
        int equals = 0;
        int colons = 0;
        int commas = 0;
        for (int r = 0; r < v.n; r++) {
            boolean eq = false;
            boolean colon = false;
            boolean comma = false;
            for (int i = v.s[r]; i < v.e[r]; i++) {
                byte c = v.d[i];
                eq |= c == '=';
                colon |= c == ':';
                comma |= c == ',';
            }
            equals += eq ? 1 : 0;
            colons += colon ? 1 : 0;
            commas += comma ? 1 : 0;
        }
        if (equals * 2 >= v.n) {
            return encodeKeyed(v, (byte) ';', (byte) '=', depth, leaves);
        } else if (colons * 2 >= v.n) {
            return encodeParts(v, (byte) ':', keys.apply((byte) ':'), depth, leaves);
        } else if (commas * 2 >= v.n) {
            return encodeParts(v, (byte) ',', null, depth, leaves);
        }
        return null;
    }

    /** Growing lists of value ranges, one per sub-column. */
    private static final class SubColumns {
        private final byte[] d;
        private int[][] s = new int[4][];
        private int[][] e = new int[4][];
        private int[][] rows = new int[4][];
        private int[] n = new int[4];
        private int count;

        SubColumns(byte[] d) {
            this.d = d;
        }

        void add(int sub, int from, int to, int row) {
            if (sub == count) {
                if (count == n.length) {
                    s = Arrays.copyOf(s, 2 * count);
                    e = Arrays.copyOf(e, 2 * count);
                    rows = Arrays.copyOf(rows, 2 * count);
                    n = Arrays.copyOf(n, 2 * count);
                }
                s[count] = new int[16];
                e[count] = new int[16];
                rows[count] = new int[16];
                count++;
            }
            if (n[sub] == s[sub].length) {
                s[sub] = Arrays.copyOf(s[sub], 2 * n[sub]);
                e[sub] = Arrays.copyOf(e[sub], 2 * n[sub]);
                rows[sub] = Arrays.copyOf(rows[sub], 2 * n[sub]);
            }
            s[sub][n[sub]] = from;
            rows[sub][n[sub]] = row;
            e[sub][n[sub]++] = to;
        }

        void encode(ColumnStreams.Out out, int depth, Leaves leaves) {
            out.putVarint(count);
            for (int i = 0; i < count; i++) {
                encodeField(new Values(d, s[i], e[i], n[i], rows[i]), out, depth, x -> null, leaves);
            }
        }
    }

    /**
     * Values split at {@code sep} into at most {@link #MAX_PARTS} parts (the last holds the rest): a
     * column of part counts, then a sub-column per part name, a name being the part of the key column's
     * value at that place (a VCF sample's {@code 0/1:3,5:8} by its FORMAT {@code GT:AD:DP}), or the
     * place itself where there is no key column or its value has fewer parts.
     */
    private static ColumnStreams.Out encodeParts(Values v, byte sep, Key key, int depth, Leaves leaves) {
        ColumnStreams.Out out = new ColumnStreams.Out(16);
        out.put(SPLIT);
        out.put(sep);
        out.putVarint(key == null ? 0 : key.column + 1);
        ColumnStreams.Out counts = new ColumnStreams.Out(v.n);
        PartNames names = new PartNames();
        SubColumns subs = new SubColumns(v.d);
        int[] parts = new int[MAX_PARTS + 1];
        for (int r = 0; r < v.n; r++) {
            int c = split(v.d, v.s[r], v.e[r], sep, parts);
            counts.putVarint(c);
            int[] sub = key == null ? names.ofParts(null, 0, 0, sep, c)
                : names.ofParts(key.values.d, key.values.s[r], key.values.e[r], sep, c);
            for (int i = 0; i < c; i++) {
                if (sub[i] >= MAX_SUBCOLUMNS) {
                    return null;
                }
                subs.add(sub[i], parts[i], partEnd(parts, i), v.row(r));
            }
        }
        out.coded(counts);
        subs.encode(out, depth + 1, leaves);
        return out;
    }

    /**
     * Splits [s, e) at {@code sep} into at most {@link #MAX_PARTS} parts, the last holding the rest:
     * part i starts at {@code at[i]}, {@code at[count]} is e + 1; the count.
     */
    private static int split(byte[] d, int s, int e, byte sep, int[] at) {
        int c = 0;
        at[c++] = s;
        for (int i = s; i < e && c < MAX_PARTS; i++) {
            if (d[i] == sep) {
                at[c++] = i + 1;
            }
        }
        at[c] = e + 1;
        return c;
    }

    private static int partEnd(int[] at, int i) {
        return at[i + 1] - 1;
    }

    /** Sub-column numbers in order of first appearance: of names (byte ranges) and of places. */
    private static final class PartNames {
        private final Map<Slice, Integer> names = new HashMap<>();
        private final int[] places = new int[MAX_PARTS];
        private int count;

        PartNames() {
            Arrays.fill(places, -1);
        }

        int of(byte[] d, int s, int e) {
            return names.computeIfAbsent(Slice.of(d, s, e), x -> count++);
        }

        int of(int place) {
            if (places[place] < 0) {
                places[place] = count++;
            }
            return places[place];
        }

        private byte[] lastD;
        private int lastS = -1;
        private int lastE;
        private final int[] keyParts = new int[MAX_PARTS + 1];
        private int keyCount;
        private final int[] subs = new int[MAX_PARTS];
        private int known;

        /**
         * The sub-column numbers of the first {@code count} parts of a value split at {@code sep} whose key
         * column's value is [ks, ke) of {@code kd} (null: no key column); the last key value's are kept.
         */
        int[] ofParts(byte[] kd, int ks, int ke, byte sep, int count) {
            if (kd == null) {
                for (int i = 0; i < count; i++) {
                    subs[i] = of(i);
                }
                return subs;
            }
            if (lastS < 0 || !Arrays.equals(kd, ks, ke, lastD, lastS, lastE)) {
                lastD = kd;
                lastS = ks;
                lastE = ke;
                keyCount = split(kd, ks, ke, sep, keyParts);
                known = 0;
            }
            for (; known < count; known++) {
                int i = known;
                subs[i] = i < keyCount ? of(kd, keyParts[i], partEnd(keyParts, i)) : of(i);
            }
            return subs;
        }

        int count() {
            return count;
        }
    }

    /**
     * Values that are lists of items split at {@code itemSep}, each a key, {@code kvSep} and a value
     * or a key alone (a VCF INFO field, {@code DP=8;INDEL;AF=0.5}): a string column of the values
     * without their items' values (their layouts, {@code DP=;INDEL;AF=}), then a sub-column per key
     * that has values, in order of the keys' first appearance.
     */
    private static ColumnStreams.Out encodeKeyed(Values v, byte itemSep, byte kvSep, int depth, Leaves leaves) {
        ColumnStreams.Out out = new ColumnStreams.Out(16);
        out.put(KEYED);
        out.put(itemSep);
        out.put(kvSep);
        ColumnStreams.Out layout = new ColumnStreams.Out(v.n * 8);
        int[] ls = new int[v.n];
        int[] le = new int[v.n];
        PartNames keys = new PartNames();
        SubColumns subs = new SubColumns(v.d);
        int[] at = new int[16]; // per item with a value: where its key starts and ends, where its value ends
        int[] sub = new int[16];
        int previous = -1; // the previous line, whose items' sub-columns are in sub[0..items)
        for (int r = 0; r < v.n; r++) {
            ls[r] = layout.size();
            int e = v.e[r];
            int items = 0;
            for (int is = v.s[r]; is <= e; ) {
                int ie = indexOf(v.d, is, e, itemSep);
                ie = ie < 0 ? e : ie;
                int kv = indexOf(v.d, is, ie, kvSep);
                if (kv < 0) {
                    layout.putBytes(v.d, is, ie - is);
                } else {
                    layout.putBytes(v.d, is, kv + 1 - is);
                    if (3 * items + 3 > at.length) {
                        at = Arrays.copyOf(at, 2 * at.length);
                    }
                    at[3 * items] = is;
                    at[3 * items + 1] = kv;
                    at[3 * items++ + 2] = ie;
                }
                if (ie < e) {
                    layout.put(itemSep);
                }
                is = ie + 1;
            }
            le[r] = layout.size();
            byte[] lb = layout.array();
            boolean same = previous >= 0 && Arrays.equals(lb, ls[r], le[r], lb, ls[previous], le[previous]);
            if (sub.length < items) {
                sub = Arrays.copyOf(sub, Math.max(items, 2 * sub.length));
            }
            for (int i = 0; i < items; i++) {
                if (!same) { // the same layout has the same keys
                    sub[i] = keys.of(v.d, at[3 * i], at[3 * i + 1]);
                }
                if (sub[i] >= MAX_SUBCOLUMNS) {
                    return null;
                }
                subs.add(sub[i], at[3 * i + 1] + 1, at[3 * i + 2], v.row(r));
            }
            previous = r;
        }
        encodeField(new Values(layout.array(), ls, le, v.n, v.rows), out, MAX_DEPTH, x -> null, leaves);
        subs.encode(out, depth + 1, leaves);
        return out;
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

    private static void encodeNumeric(Values v, long[] values, byte[] scales, ColumnStreams.Out out, Leaves leaves) {
        int n = v.n;
        ColumnStreams.Out lengths = new ColumnStreams.Out(16);
        ColumnStreams.Out literals = new ColumnStreams.Out(16);
        int predictors = leaves.predictors();
        Leaves.Cursor[] cursors = leaves.cursors();
        long[] bits = new long[2 + MAX_PREDICTORS + 1]; // raw, delta, each predictor
        long prev = 0;
        int count = 0;
        int[] rows = new int[n];
        for (int r = 0; r < n; r++) {
            if ((scales[r] & 0xff) == NOT_NUMERIC) {
                lengths.putVarint(v.e[r] - v.s[r]);
                literals.putBytes(v.d, v.s[r], v.e[r] - v.s[r]);
                continue;
            }
            long x = values[r];
            bits[RAW] += bitLength(x);
            bits[DELTA] += bitLength(x - prev);
            for (int p = 0; p < predictors; p++) {
                if (leaves.valid(p)) {
                    bits[PREDICTED + p] += bitLength(x - Leaves.predict(cursors, p, v.row(r)));
                }
            }
            prev = x;
            rows[count] = v.row(r);
            values[count++] = x; // the numeric values, packed
        }
        int mode = bits[DELTA] < bits[RAW] ? DELTA : RAW;
        for (int p = 0; p < predictors; p++) {
            mode = leaves.valid(p) && bits[PREDICTED + p] < bits[mode] ? PREDICTED + p : mode;
        }
        long[] z = new long[count];
        long max = 0;
        prev = 0;
        cursors = leaves.cursors();
        for (int r = 0; r < count; r++) {
            long base = mode == RAW ? 0 : mode == DELTA ? prev : Leaves.predict(cursors, mode - PREDICTED, rows[r]);
            z[r] = ColumnStreams.zigzag(values[r] - base);
            prev = values[r];
            max |= z[r];
        }
        leaves.add(Arrays.copyOf(rows, count), Arrays.copyOf(values, count));
        int width = (64 - Long.numberOfLeadingZeros(max) + 7) / 8;
        out.coded(scales, n);
        out.coded(lengths);
        out.coded(literals);
        out.put(Math.min(mode, PREDICTED));
        if (mode >= PREDICTED) {
            out.putVarint(mode - PREDICTED);
        }
        out.put(width);
        byte[] plane = new byte[count];
        for (int p = 0; p < width; p++) {
            int shift = 8 * p;
            for (int r = 0; r < count; r++) {
                plane[r] = (byte) (z[r] >>> shift);
            }
            out.coded(plane, count);
        }
    }

    private static int bitLength(long v) {
        return 64 - Long.numberOfLeadingZeros(ColumnStreams.zigzag(v));
    }

    /**
     * The numeric sub-columns of one top-level column (or group) coded so far, each value by its line,
     * to predict a later sub-column's values from: a VCF sample's DP from the sum of its AD, a PL from
     * its GQ. Predictor p below {@link #MAX_PREDICTORS} is the p-th most recent sub-column's value of the
     * same line (its first there; 0 where it has none), {@link #MAX_PREDICTORS} the sum of the two most
     * recent ones.
     */
    private static final class Leaves {
        private final java.util.List<int[]> rows = new java.util.ArrayList<>();
        private final java.util.List<long[]> values = new java.util.ArrayList<>();

        int size() {
            return rows.size();
        }

        void truncate(int size) {
            while (rows.size() > size) {
                rows.remove(rows.size() - 1);
                values.remove(values.size() - 1);
            }
        }

        void add(int[] r, long[] v) {
            rows.add(r);
            values.add(v);
        }

        /** A bound of the predictor numbers to try: those below it that are {@link #valid}. */
        int predictors() {
            return rows.size() >= 2 ? MAX_PREDICTORS + 1 : rows.size();
        }

        boolean valid(int p) {
            return p < Math.min(MAX_PREDICTORS, rows.size()) || p == MAX_PREDICTORS && rows.size() >= 2;
        }

        /** Readers of the most recent sub-columns, the most recent first; lines must be asked in order. */
        Cursor[] cursors() {
            int n = Math.min(MAX_PREDICTORS, rows.size());
            Cursor[] c = new Cursor[n];
            for (int i = 0; i < n; i++) {
                int at = rows.size() - 1 - i;
                c[i] = new Cursor(rows.get(at), values.get(at));
            }
            return c;
        }

        static long predict(Cursor[] c, int p, int row) {
            if (p < MAX_PREDICTORS) {
                return p < c.length ? c[p].at(row) : 0;
            }
            return c[0].at(row) + c[1].at(row);
        }

        static final class Cursor {
            private final int[] rows;
            private final long[] values;
            private int i;

            Cursor(int[] rows, long[] values) {
                this.rows = rows;
                this.values = values;
            }

            long at(int row) {
                while (i < rows.length && rows[i] < row) {
                    i++;
                }
                return i < rows.length && rows[i] == row ? values[i] : 0;
            }
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

    private static void encodeStrings(Values v, ColumnStreams.Out out) {
        byte[] d = v.d;
        int n = v.n;
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
            int s = v.s[r];
            int e = v.e[r];
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
        Decoding dec = new Decoding(where, version, rawLength, columns, ends, regular);
        for (int j = 0; j < k; ) {
            j += dec.top(in, j);
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

    /** What decoding a chunk's columns needs: the top-level columns decoded so far name parts. */
    private static final class Decoding {
        private final String where;
        private final int version;
        private final int rawLength;
        private final byte[][] columns;
        private final int[][] columnEnds;
        /** The regular lines: the values of a top-level column, the row of a key column's value. */
        private final int rows;
        /** The top-level column being decoded. */
        private int column;
        /** Its numeric sub-columns so far. */
        private Leaves leaves;

        Decoding(String where, int version, int rawLength, byte[][] columns, int[][] columnEnds, int rows) {
            this.rows = rows;
            this.where = where;
            this.version = version;
            this.rawLength = rawLength;
            this.columns = columns;
            this.columnEnds = columnEnds;
        }

        private CorruptObjectException damaged(String what) {
            return new CorruptObjectException(where + " is damaged: " + what);
        }

        /** One column's values, concatenated, with the end of each in {@code ends}. */
        /** Top-level column {@code j}, or the group of columns from it; how many columns it was. */
        int top(ColumnStreams.In in, int j) throws CorruptObjectException {
            column = j;
            leaves = new Leaves();
            int type = in.get();
            if (type != GROUP || version < 2) {
                columnEnds[j] = new int[rows];
                columns[j] = field(type, in, rows, columnEnds[j], 0, null);
                return 1;
            }
            int m = in.count(columns.length - j);
            if (m < 2) {
                throw damaged("a group of " + m + " columns");
            }
            int[] groupEnds = new int[rows * m];
            byte[] group = field(in, rows * m, groupEnds, 0, null);
            for (int i = 0, from = 0; i < m; i++) {
                int[] e = new int[rows];
                for (int r = 0; r < rows; r++) {
                    e[r] = groupEnds[i * rows + r] - from;
                }
                int to = rows == 0 ? from : groupEnds[i * rows + rows - 1];
                columns[j + i] = Arrays.copyOfRange(group, from, to);
                columnEnds[j + i] = e;
                from = to;
            }
            return m;
        }

        byte[] field(ColumnStreams.In in, int n, int[] ends, int depth, int[] rowOf) throws CorruptObjectException {
            return field(in.get(), in, n, ends, depth, rowOf);
        }

        /**
         * One column's values, of type {@code type}, concatenated, with the end of each in {@code ends};
         * {@code rowOf} the line of each value (null: value r is of line r).
         */
        private byte[] field(int type, ColumnStreams.In in, int n, int[] ends, int depth, int[] rowOf)
            throws CorruptObjectException {
            if (type == NUMERIC) {
                return numeric(in, n, ends, rowOf);
            } else if (type == STRING) {
                return strings(in, n, ends);
            } else if ((type == SPLIT || type == KEYED) && version >= 2 && depth < MAX_DEPTH) {
                return type == SPLIT ? parts(in, n, ends, depth, rowOf) : keyed(in, n, ends, depth, rowOf);
            }
            throw new CorruptObjectException(where + " is damaged: column type " + type);
        }

        private byte[] numeric(ColumnStreams.In in, int n, int[] ends, int[] rowOf) throws CorruptObjectException {
            ColumnStreams.Out values = new ColumnStreams.Out(n * 4);
            ColumnStreams.In scales = in.coded(n);
            ColumnStreams.In lengths = in.coded(10L * n);
            ColumnStreams.In literals = in.coded(rawLength);
            int mode = in.get();
            int predictor = mode == PREDICTED && version >= 2 ? in.count(MAX_PREDICTORS) : 0;
            int width = in.get();
            if (mode > (version >= 2 ? PREDICTED : DELTA) || width > 8 || !leaves.valid(predictor) && mode == PREDICTED) {
                throw new CorruptObjectException(where + " is damaged: numeric column mode " + mode + " width " + width);
            }
            Leaves.Cursor[] cursors = leaves.cursors();
            byte[] sc = new byte[n];
            scales.copy(sc, 0, n);
            int count = 0;
            for (byte b : sc) {
                count += (b & 0xff) == NOT_NUMERIC ? 0 : 1;
            }
            long[] v = new long[count];
            int[] numberRows = new int[count];
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
                    long m = ColumnStreams.unzigzag(v[c]);
                    int row = rowOf == null ? r : rowOf[r];
                    if (mode == DELTA) {
                        m += prev;
                    } else if (mode == PREDICTED) {
                        m += Leaves.predict(cursors, predictor, row);
                    }
                    prev = m;
                    numberRows[c] = row;
                    v[c++] = m; // kept to predict later sub-columns
                    formatDecimal(values, m, s, tmp);
                }
                ends[r] = values.size();
                if (values.size() > rawLength) {
                    throw new CorruptObjectException(where + " is damaged: a column is longer than the chunk");
                }
            }
            leaves.add(numberRows, v);
            return values.array(); // the values are [0, ends[n - 1]) of it
        }

        private byte[] strings(ColumnStreams.In in, int n, int[] ends) throws CorruptObjectException {
            ColumnStreams.Out values = new ColumnStreams.Out(n * 4);
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
            return values.array(); // the values are [0, ends[n - 1]) of it
        }


        /** A column of type {@link #SPLIT}; see {@link #encodeParts}. */
        private byte[] parts(ColumnStreams.In in, int n, int[] ends, int depth, int[] rowOf)
            throws CorruptObjectException {
            byte sep = (byte) in.get();
            int key = in.count(MAX_COLUMNS);
            if (key > 0 && (depth > 0 || key - 1 >= column)) {
                throw damaged("a split column names its parts by column " + key);
            }
            ColumnStreams.In countsIn = in.coded(10L * n);
            int[] counts = new int[n];
            long total = 0;
            for (int r = 0; r < n; r++) {
                counts[r] = countsIn.count(MAX_PARTS);
                if (counts[r] == 0) {
                    throw damaged("a value of no parts");
                }
                total += counts[r];
            }
            if (total - n > rawLength) {
                throw damaged("more separators than bytes");
            }
            byte[] kd = key > 0 ? columns[key - 1] : null;
            int[] ke = key > 0 ? columnEnds[key - 1] : null;
            int[] sub = new int[(int) total];
            int[] subRows = new int[sub.length];
            PartNames names = new PartNames();
            for (int r = 0, p = 0; r < n; r++) {
                int kr = r % rows; // a group's values are its columns' in turn
                int[] of = names.ofParts(kd, kd == null || kr == 0 ? 0 : ke[kr - 1], kd == null ? 0 : ke[kr], sep,
                    counts[r]);
                for (int i = 0; i < counts[r]; i++) {
                    subRows[p] = rowOf == null ? r : rowOf[r];
                    sub[p] = of[i];
                    if (sub[p++] >= MAX_SUBCOLUMNS) {
                        throw damaged("too many sub-columns");
                    }
                }
            }
            Sub subs = subColumns(in, names.count(), sub, subRows, sub.length, depth);
            ColumnStreams.Out values = new ColumnStreams.Out((int) Math.min(rawLength, 16L * n));
            for (int r = 0, p = 0; r < n; r++) {
                for (int i = 0; i < counts[r]; i++) {
                    if (i > 0) {
                        values.put(sep);
                    }
                    subs.next(sub[p++], values);
                }
                if (values.size() > rawLength) {
                    throw damaged("a column is longer than the chunk");
                }
                ends[r] = values.size();
            }
            return values.array(); // the values are [0, ends[n - 1]) of it
        }

        /** A column of type {@link #KEYED}; see {@link #encodeKeyed}. */
        private byte[] keyed(ColumnStreams.In in, int n, int[] ends, int depth, int[] rowOf)
            throws CorruptObjectException {
            byte itemSep = (byte) in.get();
            byte kvSep = (byte) in.get();
            int[] le = new int[n];
            byte[] layout = field(in, n, le, MAX_DEPTH, rowOf);
            PartNames keys = new PartNames();
            int[] sub = new int[16];
            int[] subRows = new int[16];
            int items = 0;
            int previous = -1; // the previous line, whose items' sub-columns are sub[first..items)
            int first = 0;
            boolean[] same = new boolean[n]; // the layout of the line before
            for (int r = 0; r < n; r++) {
                int e = le[r];
                int s = r == 0 ? 0 : le[r - 1];
                if (previous >= 0 && Arrays.equals(layout, s, e, layout, previous == 0 ? 0 : le[previous - 1],
                    le[previous])) {
                    int k = items - first; // the same layout has the same keys
                    if (items + k > sub.length) {
                        sub = Arrays.copyOf(sub, 2 * (items + k));
                        subRows = Arrays.copyOf(subRows, sub.length);
                    }
                    System.arraycopy(sub, first, sub, items, k);
                    Arrays.fill(subRows, items, items + k, rowOf == null ? r : rowOf[r]);
                    first = items;
                    items += k;
                    previous = r;
                    same[r] = true;
                    continue;
                }
                first = items;
                previous = r;
                for (int is = s; is <= e; ) {
                    int ie = indexOf(layout, is, e, itemSep);
                    ie = ie < 0 ? e : ie;
                    int kv = indexOf(layout, is, ie, kvSep);
                    if (kv >= 0) {
                        if (kv != ie - 1) {
                            throw damaged("a layout item with a value");
                        }
                        if (items == sub.length) {
                            sub = Arrays.copyOf(sub, 2 * items);
                            subRows = Arrays.copyOf(subRows, 2 * items);
                        }
                        subRows[items] = rowOf == null ? r : rowOf[r];
                        sub[items] = keys.of(layout, is, kv);
                        if (sub[items++] >= MAX_SUBCOLUMNS) {
                            throw damaged("too many sub-columns");
                        }
                    }
                    is = ie + 1;
                }
            }
            Sub subs = subColumns(in, keys.count(), sub, subRows, items, depth);
            ColumnStreams.Out values = new ColumnStreams.Out((int) Math.min(rawLength, layout.length * 2L + 16));
            int[] cuts = new int[16]; // where the layout's values go: after each key separator (relative)
            int c = 0;
            for (int r = 0, p = 0; r < n; r++) {
                int s = r == 0 ? 0 : le[r - 1];
                int e = le[r];
                if (!same[r]) {
                    c = 0;
                    for (int i = s; i < e; i++) {
                        if (layout[i] == kvSep) { // it ends an item (checked above)
                            if (c == cuts.length) {
                                cuts = Arrays.copyOf(cuts, 2 * c);
                            }
                            cuts[c++] = i + 1 - s;
                        }
                    }
                }
                int from = 0;
                for (int i = 0; i < c; i++) {
                    values.putBytes(layout, s + from, cuts[i] - from);
                    subs.next(sub[p++], values);
                    from = cuts[i];
                }
                values.putBytes(layout, s + from, e - s - from);
                if (values.size() > rawLength) {
                    throw damaged("a column is longer than the chunk");
                }
                ends[r] = values.size();
            }
            return values.array(); // the values are [0, ends[n - 1]) of it
        }

        /** The sub-columns that {@code sub[0..count)} assigns values to, decoded. */
        private Sub subColumns(ColumnStreams.In in, int names, int[] sub, int[] subRows, int count, int depth)
            throws CorruptObjectException {
            int s = in.count(MAX_SUBCOLUMNS);
            if (s != names) {
                throw damaged(s + " sub-columns, not " + names);
            }
            int[] sizes = new int[s];
            for (int p = 0; p < count; p++) {
                sizes[sub[p]]++;
            }
            int[][] rowsOf = new int[s][];
            for (int i = 0; i < s; i++) {
                rowsOf[i] = new int[sizes[i]];
            }
            int[] at = new int[s];
            for (int p = 0; p < count; p++) {
                rowsOf[sub[p]][at[sub[p]]++] = subRows[p];
            }
            Sub subs = new Sub(s);
            for (int i = 0; i < s; i++) {
                subs.ends[i] = new int[sizes[i]];
                subs.values[i] = field(in, sizes[i], subs.ends[i], depth + 1, rowsOf[i]);
            }
            return subs;
        }
    }

    /** Decoded sub-columns, read value after value. */
    private static final class Sub {
        final byte[][] values;
        final int[][] ends;
        private final int[] next;

        Sub(int n) {
            values = new byte[n][];
            ends = new int[n][];
            next = new int[n];
        }

        void next(int sub, ColumnStreams.Out out) {
            int i = next[sub]++;
            int from = i == 0 ? 0 : ends[sub][i - 1];
            out.putBytes(values[sub], from, ends[sub][i] - from);
        }
    }

    private static void literal(ColumnStreams.Out values, ColumnStreams.In literals, int len)
        throws CorruptObjectException {
        byte[] b = new byte[len];
        literals.copy(b, 0, len);
        values.putBytes(b, 0, len);
    }

    /** {@code m} with {@code scale} fraction digits, as {@link #parseDecimal} read it. */
    private static void formatDecimal(ColumnStreams.Out out, long m, int scale, byte[] tmp) {
        if (scale == 0 && m >= 0 && m < 1_000_000_000L) { // the common case in int arithmetic
            int x = (int) m;
            int len = 1;
            for (int t = x; t >= 10; t /= 10) {
                len++;
            }
            byte[] b = out.room(len);
            int p = out.size() + len;
            do {
                b[--p] = (byte) ('0' + x % 10);
                x /= 10;
            } while (x != 0);
            out.advance(len);
            return;
        }
        long a = m;
        int n = 0;
        do {
            tmp[n++] = (byte) ('0' + (int) Math.abs(a % 10));
            a /= 10;
        } while (a != 0 && n < tmp.length);
        while (n <= scale) {
            tmp[n++] = '0';
        }
        int len = n + (m < 0 ? 1 : 0) + (scale > 0 ? 1 : 0);
        byte[] b = out.room(len);
        int p = out.size();
        if (m < 0) {
            b[p++] = '-';
        }
        for (int i = n - 1; i >= 0; i--) {
            b[p++] = tmp[i];
            if (i == scale && scale > 0) {
                b[p++] = '.';
            }
        }
        out.advance(len);
    }
}
