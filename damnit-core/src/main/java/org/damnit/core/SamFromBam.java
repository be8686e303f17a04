package org.damnit.core;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * SAM text coded against the stored BAM records it was printed from (chunk codec 11, docs/FORMAT.md "SAM
 * from BAM records"): a SAM chunk whose lines {@code samtools view} printed from a BAM stored in the
 * repository by its content ({@link StoredAlignments}) lists up to three consecutive content chunks of
 * that BAM as its bases and says, line by line, which record of theirs prints it ({@link SamText}),
 * which prints it but for a few bytes (an edited record, a record cut by the chunk's ends) and which
 * lines are its own (the header, records of no stored BAM: coded by the SAM codec). The SAM codec hands
 * it a chunk ({@link #encode(byte[], Object, References)}); it never recognises a file itself.
 */
final class SamFromBam extends FromBamCodec {
    static final int VERSION = 1;
    static final int ID = 11;
    /** Ops: the next n records; the cursor moves; a line from a record with an edit (with LF, without); own lines. */
    private static final int COPY = 0;
    private static final int SEEK = 1;
    private static final int EDIT = 2;
    private static final int EDIT_END = 3;
    private static final int OWN = 4;
    /** Keep the chunk only if lines printed from records make at least this share of it. */
    static final double MIN_SHARE = 0.5;

    SamFromBam() {
        super(ID, "sam-bam", VERSION);
    }

    @Override
    long workBytes(int length) {
        return (16L << 20) + 24L * length;
    }

    @Override
    byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException {
        throw new CorruptObjectException(where + " is damaged: a " + name() + " record without bases");
    }

    /**
     * The SAM chunk {@code data} coded against stored BAM records, or null when {@code references} offers
     * none, too few of its lines are printed from them, or anything fails (the SAM codec then codes it).
     *
     * @param sq the SAM header's references (names to lengths), or null
     */
    static Encoding encode(byte[] data, Object sq, References references) {
        StoredAlignments a = references.alignments();
        if (a == null || data.length == 0) {
            return null;
        }
        try {
            return new Encoder(data, sq instanceof Map<?, ?> m ? m : null, a).encode();
        } catch (DamnitException | RuntimeException e) {
            return null;
        }
    }

    /** One chunk's encoding. */
    private static final class Encoder {
        private final byte[] d;
        private final Map<?, ?> sq;
        private final StoredAlignments a;
        /** Lines: [start, end) without the LF, and whether an LF follows. */
        private final List<int[]> lines = new ArrayList<>();
        private final long[] keys;
        private final boolean[] keyed;

        Encoder(byte[] d, Map<?, ?> sq, StoredAlignments a) {
            this.d = d;
            this.sq = sq;
            this.a = a;
            for (int p = 0; p < d.length; ) {
                int nl = ReadCodec.indexOf(d, p, d.length);
                int e = nl < 0 ? d.length : nl;
                lines.add(new int[] {p, e, nl < 0 ? 0 : 1});
                p = nl < 0 ? d.length : nl + 1;
            }
            keys = new long[lines.size()];
            keyed = new boolean[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                int[] l = lines.get(i);
                if (l[2] == 1 && l[1] > l[0] && d[l[0]] != '@') {
                    long k = lineKey(d, l[0], l[1]);
                    if (k != 0) {
                        keys[i] = k;
                        keyed[i] = true;
                    }
                }
            }
        }

        Encoding encode() throws DamnitException {
            int seen = a.indexed();
            Map<StoredAlignments.Content, Map<Integer, Integer>> votes = votes();
            java.util.Set<String> groups = readGroups();
            while (votes.isEmpty()) {
                if (!a.indexMore(sq, groups, seen)) {
                    return null;
                }
                seen = a.indexed();
                votes = votes();
            }
            StoredAlignments.Content best = null;
            int most = 0;
            for (Map.Entry<StoredAlignments.Content, Map<Integer, Integer>> e : votes.entrySet()) {
                int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
                if (n > most) {
                    most = n;
                    best = e.getKey();
                }
            }
            Map<Integer, Integer> v = votes.get(best);
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            int top = 0;
            for (int c : v.keySet()) { // the window of at most three chunks with the most votes
                int n = 0;
                for (int k = c; k < c + Pack.MAX_BASES; k++) {
                    n += v.getOrDefault(k, 0);
                }
                if (n > top) {
                    top = n;
                    lo = c;
                    hi = c;
                    for (int k = c; k < c + Pack.MAX_BASES; k++) {
                        hi = v.containsKey(k) ? k : hi;
                    }
                }
            }
            Window w = new Window(best, lo, hi);
            // the lines at either end may print from records in the chunks beside the window
            // (the record before the first line's, for a chunk that starts within a line, included)
            int firstLine = firstKeyed();
            int lastLine = lastKeyed();
            for (int grow = 0; grow < 2 && w.size() < Pack.MAX_BASES; grow++) {
                int f = firstLine < 0 ? 0 : w.find(firstLine);
                int l = lastLine < 0 ? 0 : w.find(lastLine);
                if (w.lo > 0 && (f < 0 || f == 0 && firstLine > 0)) {
                    w = new Window(best, w.lo - 1, w.hi);
                } else if (w.hi + 1 < best.chunks().size()
                    && (l < 0 || l == w.count - 1 && w.lastCut && lastLine + 1 < lines.size())) {
                    w = new Window(best, w.lo, w.hi + 1);
                } else {
                    break;
                }
            }
            return w.code();
        }

        /** The read groups ({@code RG:Z:} tags) of the chunk's first thousand records. */
        private java.util.Set<String> readGroups() {
            java.util.Set<String> groups = new java.util.HashSet<>();
            byte[] tag = {'\t', 'R', 'G', ':', 'Z', ':'};
            for (int i = 0, seen = 0; i < keyed.length && seen < 1000; i++) {
                if (!keyed[i]) {
                    continue;
                }
                seen++;
                int[] l = lines.get(i);
                for (int p = l[0]; p + tag.length <= l[1]; p++) {
                    if (d[p] == '\t' && java.util.Arrays.equals(d, p, p + tag.length, tag, 0, tag.length)) {
                        int e = p + tag.length;
                        while (e < l[1] && d[e] != '\t') {
                            e++;
                        }
                        groups.add(new String(d, p + tag.length, e - p - tag.length, java.nio.charset.StandardCharsets.ISO_8859_1));
                        break;
                    }
                }
            }
            return groups;
        }

        /** The first line after the first (which may be the end of a line) with a key, or -1. */
        private int firstKeyed() {
            for (int i = 1; i < keyed.length; i++) {
                if (keyed[i]) {
                    return i;
                }
            }
            return -1;
        }

        private int lastKeyed() {
            for (int i = keyed.length - 1; i >= 0; i--) {
                if (keyed[i]) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Per indexed BAM content, the lines found in each of its chunks: every line's key is looked up
         * (one hash probe each), as the index keeps a 1/32 sample and, between its keys, a record at least
         * every {@link StoredAlignments#SPACING} bytes.
         */
        private Map<StoredAlignments.Content, Map<Integer, Integer>> votes() {
            Map<StoredAlignments.Content, Map<Integer, Integer>> votes = new LinkedHashMap<>();
            for (StoredAlignments.Place p : a.places(keys, keyed)) {
                if (p != null) {
                    votes.computeIfAbsent(p.content(), k -> new HashMap<>()).merge(p.chunk(), 1, Integer::sum);
                }
            }
            return votes;
        }

        /** Chunks [lo, hi] of a BAM's content, their records and the lines they print. */
        private final class Window {
            final StoredAlignments.Content content;
            final int lo;
            final int hi;
            final byte[] base;
            /** Record starts in {@code base}, in order (ordinals). */
            final int[] starts;
            final int[] ends;
            final int count;
            final Map<Long, Integer> byKey = new HashMap<>();
            /** Whether the last record of the window runs on into the next chunk. */
            final boolean lastCut;

            Window(StoredAlignments.Content content, int lo, int hi) throws DamnitException {
                this.content = content;
                this.lo = lo;
                this.hi = hi;
                for (int c = lo; c <= hi; c++) {
                    int depth = a.depth(content.chunks().get(c));
                    if (depth < 0 || depth >= ChunkReader.MAX_DEPTH) {
                        throw new IllegalStateException("a base too deep");
                    }
                }
                byte[][] parts = new byte[hi - lo + 1][];
                int n = 0;
                for (int c = lo; c <= hi; c++) {
                    parts[c - lo] = a.content(content.chunks().get(c));
                    n += parts[c - lo].length;
                }
                base = new byte[n];
                int at = 0;
                for (byte[] p : parts) {
                    System.arraycopy(p, 0, base, at, p.length);
                    at += p.length;
                }
                int first = -1;
                for (int c = lo; c <= hi && first < 0; c++) {
                    if (content.firstRecord()[c] >= 0) {
                        first = (int) (content.starts()[c] - content.starts()[lo]) + content.firstRecord()[c];
                    }
                }
                List<Integer> s = new ArrayList<>();
                List<Integer> e = new ArrayList<>();
                int p = first;
                for (int end; p >= 0 && (end = SamText.recordEnd(base, p, base.length)) >= 0; p = end) {
                    long k = SamText.key(base, p, content);
                    if (k != 0) {
                        byKey.putIfAbsent(k, s.size());
                    }
                    s.add(p);
                    e.add(end);
                }
                lastCut = p >= 0 && p < base.length;
                count = s.size();
                starts = s.stream().mapToInt(Integer::intValue).toArray();
                ends = e.stream().mapToInt(Integer::intValue).toArray();
            }

            int size() {
                return hi - lo + 1;
            }

            /** The ordinal of the record with line {@code i}'s key, or -1. */
            int find(int i) {
                Integer o = keyed[i] ? byKey.get(keys[i]) : null;
                return o == null ? -1 : o;
            }

            private final SamText.Out out = new SamText.Out();
            private final Map<Integer, byte[]> printed = new HashMap<>();
            private final java.util.Set<Integer> used = new java.util.TreeSet<>();

            /** The SAM text of record {@code o}, or null if it is not printable. */
            byte[] text(int o) {
                if (o < 0 || o >= count) {
                    return null;
                }
                byte[] t = printed.get(o);
                if (t == null && !printed.containsKey(o)) {
                    out.clear();
                    t = SamText.print(base, starts[o], ends[o], content, out)
                        ? java.util.Arrays.copyOf(out.buf, out.len) : null;
                    printed.put(o, t);
                }
                return t;
            }

            boolean equal(int i, byte[] t) {
                int[] l = lines.get(i);
                return t != null && l[2] == 1 && java.util.Arrays.equals(d, l[0], l[1], t, 0, t.length);
            }

            Encoding code() {
                int n = lines.size();
                int[] exact = new int[n];
                java.util.Arrays.fill(exact, -1);
                for (int i = 0; i < n; i++) {
                    int o = find(i);
                    if (o >= 0 && equal(i, text(o))) {
                        exact[i] = o;
                    }
                }
                // lines not printed exactly: from the record their key names, or the one after the line
                // before's, or before the line after's, with an edit if it is small
                int[] from = exact.clone();
                int[][] edit = new int[n][];
                for (int i = 0; i < n; i++) {
                    if (exact[i] >= 0) {
                        continue;
                    }
                    int[] l = lines.get(i);
                    int[] tries = {find(i), i > 0 && from[i - 1] >= 0 ? from[i - 1] + 1 : -1,
                        i + 1 < n && exact[i + 1] >= 0 ? exact[i + 1] - 1 : -1};
                    for (int o : tries) {
                        byte[] t = text(o);
                        if (t == null) {
                            continue;
                        }
                        int len = l[1] - l[0];
                        int pre = 0;
                        int max = Math.min(len, t.length);
                        while (pre < max && d[l[0] + pre] == t[pre]) {
                            pre++;
                        }
                        int suf = 0;
                        while (suf < max - pre && d[l[1] - 1 - suf] == t[t.length - 1 - suf]) {
                            suf++;
                        }
                        int mid = len - pre - suf;
                        if (mid == 0 && pre == len && t.length == len && l[2] == 1) {
                            exact[i] = o; // a record whose key another record shares
                            from[i] = o;
                            edit[i] = null;
                            break;
                        }
                        if (2 * mid <= len && (edit[i] == null || mid < edit[i][3])) {
                            edit[i] = new int[] {o, pre, suf, mid};
                            from[i] = o;
                        }
                    }
                }
                int start = Integer.MAX_VALUE;
                for (int o : from) {
                    start = o >= 0 ? Math.min(start, o) : start;
                }
                if (start == Integer.MAX_VALUE) {
                    return null;
                }
                Columns.Sink ops = new Columns.Sink(256);
                ByteArrayOutputStream own = new ByteArrayOutputStream();
                long derived = 0;
                int cursor = start; // the decoder numbers the records from the first one used
                for (int i = 0; i < n; ) {
                    int[] l = lines.get(i);
                    if (from[i] < 0) {
                        int k = i;
                        while (k < n && from[k] < 0) {
                            int[] m = lines.get(k);
                            own.write(d, m[0], m[1] - m[0] + m[2]);
                            k++;
                        }
                        ops.put(OWN);
                        ops.varint(k - i);
                        i = k;
                        continue;
                    }
                    int o = from[i];
                    if (o != cursor) {
                        ops.put(SEEK);
                        ops.signed(o - cursor);
                        cursor = o;
                    }
                    if (exact[i] >= 0) {
                        int k = i;
                        while (k < n && exact[k] == cursor + (k - i)) {
                            used.add(exact[k]);
                            derived += lines.get(k)[1] - lines.get(k)[0] + 1;
                            k++;
                        }
                        ops.put(COPY);
                        ops.varint(k - i);
                        cursor += k - i;
                        i = k;
                        continue;
                    }
                    int[] e = edit[i];
                    used.add(o);
                    ops.put(l[2] == 1 ? EDIT : EDIT_END);
                    ops.varint(e[1]);
                    ops.varint(e[2]);
                    ops.varint(e[3]);
                    ops.put(d, l[0] + e[1], e[3]);
                    derived += l[1] - l[0] + l[2] - e[3];
                    cursor++;
                    i++;
                }
                if (derived < MIN_SHARE * d.length) {
                    return null;
                }
                Columns.Sink head = new Columns.Sink(64);
                head.varint(starts[start]);
                // the reference names the records used print
                java.util.TreeMap<Integer, byte[]> names = new java.util.TreeMap<>();
                for (int o : used) {
                    for (int at : new int[] {4, 24}) {
                        int id = SamText.int32(base, starts[o] + at);
                        if (id >= 0) {
                            names.put(id, content.name(id));
                        }
                    }
                }
                head.varint(names.size());
                for (Map.Entry<Integer, byte[]> e : names.entrySet()) {
                    head.varint(e.getKey());
                    head.varint(e.getValue().length);
                    head.put(e.getValue(), 0, e.getValue().length);
                }
                head.varint(ops.length());
                byte[] opsBytes = ops.bytes();
                byte[] z = Delta.zstd(opsBytes, 19);
                head.block(z);
                writeResidual(head, own.toByteArray(), ChunkCodecs.SAM, 3);
                byte[] payload = payload(VERSION, head);
                List<ObjectId> bases = content.chunks().subList(lo, hi + 1);
                return new Encoding(payload, List.copyOf(bases), base, ChunkCodecs.SAM_FROM_BAM);
            }
        }
    }

    /** The key of the SAM line [a, b) from its QNAME, FLAG, RNAME and POS, or 0 if it has no such fields. */
    static long lineKey(byte[] d, int a, int b) {
        int[] f = new int[5];
        int n = 0;
        f[0] = a;
        for (int i = a; i < b && n < 4; i++) {
            if (d[i] == '\t') {
                f[++n] = i + 1;
            }
        }
        if (n < 4) {
            return 0;
        }
        long flag = number(d, f[1], f[2] - 1);
        long pos = number(d, f[3], f[4] - 1);
        if (flag < 0 || pos < 0) {
            return 0;
        }
        return SamText.key(d, f[0], f[1] - 1, flag, d, f[2], f[3] - 1, pos);
    }

    private static long number(byte[] d, int a, int b) {
        if (b <= a || b - a > 18) {
            return -1;
        }
        long v = 0;
        for (int i = a; i < b; i++) {
            if (d[i] < '0' || d[i] > '9') {
                return -1;
            }
            v = v * 10 + d[i] - '0';
        }
        return v;
    }

    @Override
    byte[] decodeBody(String where, int version, byte[] base, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException {
        if (base == null) {
            return decodeBody(where, version, payload, off, len, rawLength);
        }
        Columns.Source in = new Columns.Source(payload, off, len);
        int first = in.count(base.length);
        int nNames = in.count(Math.min(base.length, in.remaining() / 2)); // an id and a length at least
        Map<Integer, byte[]> names = new HashMap<>();
        for (int i = 0; i < nNames; i++) {
            int id = in.count(Integer.MAX_VALUE);
            byte[] name = new byte[in.count(in.remaining())];
            in.get(name, 0, name.length);
            names.put(id, name);
        }
        int opsLength = in.count(4L * rawLength + 4096);
        Columns.Source z = in.block();
        Columns.Source ops = new Columns.Source(Delta.unzstd(where, z.array(), z.position(), z.remaining(), opsLength));
        byte[] res = readResidual(in, rawLength, ChunkCodecs.SAM, where);
        if (!in.atEnd()) {
            throw new Columns.Damaged("residual of the wrong length");
        }
        SamText.Names dict = names::get;
        // the records from the first on, in order
        int[] starts = new int[16];
        int[] ends = new int[16];
        int count = 0;
        for (int p = first, e; (e = SamText.recordEnd(base, p, base.length)) >= 0; p = e) {
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            starts[count] = p;
            ends[count++] = e;
        }
        byte[] out = new byte[rawLength];
        Columns.Writer w = new Columns.Writer(out);
        SamText.Out t = new SamText.Out();
        int cursor = 0;
        int resAt = 0;
        while (!ops.atEnd()) {
            int op = ops.get();
            switch (op) {
                case COPY -> {
                    int k = ops.count(rawLength - w.pos);
                    for (int j = 0; j < k; j++) {
                        t.clear(rawLength - w.pos - 1L); // the text and its LF where they go, checked first
                        print(base, starts, ends, count, cursor++, dict, t);
                        if (t.len > rawLength - w.pos - 1L) {
                            throw new Columns.Damaged("a record's text past the chunk's end");
                        }
                        w.put(t.buf, 0, t.len);
                        w.put('\n');
                    }
                }
                case SEEK -> cursor = Math.toIntExact(cursor + ops.signed());
                case EDIT, EDIT_END -> {
                    int pre = ops.count(rawLength);
                    int suf = ops.count(rawLength);
                    int mid = ops.count(rawLength);
                    if ((long) pre + mid + suf + (op == EDIT ? 1 : 0) > rawLength - w.pos) {
                        throw new Columns.Damaged("an edited line past the chunk's end");
                    }
                    t.clear();
                    print(base, starts, ends, count, cursor++, dict, t);
                    if ((long) pre + suf > t.len) {
                        throw new Columns.Damaged("an edit longer than its record");
                    }
                    w.put(t.buf, 0, pre);
                    ops.get(out, w.reserve(mid), mid);
                    w.put(t.buf, t.len - suf, suf);
                    if (op == EDIT) {
                        w.put('\n');
                    }
                }
                case OWN -> {
                    int k = ops.count(rawLength);
                    for (int j = 0; j < k; j++) {
                        if (resAt >= res.length) {
                            throw new Columns.Damaged("residual lines end early");
                        }
                        int nl = ReadCodec.indexOf(res, resAt, res.length);
                        int e = nl < 0 ? res.length : nl + 1;
                        w.put(res, resAt, e - resAt);
                        resAt = e;
                    }
                }
                default -> throw new Columns.Damaged("unknown op " + op);
            }
        }
        if (w.pos != rawLength || resAt != res.length) {
            throw new Columns.Damaged("decodes to " + w.pos + " bytes, not " + rawLength);
        }
        return out;
    }

    private static void print(byte[] base, int[] starts, int[] ends, int count, int o, SamText.Names names,
                              SamText.Out t) {
        if (o < 0 || o >= count || !SamText.print(base, starts[o], ends[o], names, t)) {
            throw new Columns.Damaged("no printable record " + o);
        }
    }
}
