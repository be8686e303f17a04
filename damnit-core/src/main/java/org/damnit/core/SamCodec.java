package org.damnit.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SAM text in columns (chunk codec 7, docs/FORMAT.md "SAM codec"): header lines verbatim; of each
 * alignment line the eleven fields and the optional tags: names tokenised ({@link ReadNames}), FLAG,
 * RNAME and RNEXT through one dictionary, POS as the difference from the previous record's, PNEXT
 * from POS, MAPQ, TLEN, CIGAR as operations and lengths, SEQ through {@link ReadModels}, QUAL in
 * {@link QualityColumns}, tags by tag and type (integers as numbers, other values as text). A line the
 * parser does not model exactly (a field that would not print back the same) is kept verbatim.
 */
final class SamCodec extends ReadCodec {
    /**
     * 1: the chunk alone; 2: and bases against stored reference sequences; 3: binary models, no
     * division; 4: qualities in rANS columns; 5: the other columns static (rANS) too; 6: bases against
     * the reference as mismatches (as BAM records version 5).
     */
    static final int VERSION = 6;
    private static final int LF = 0;
    private static final int CRLF = 1;
    private static final int UNTERMINATED = 2;
    private static final int RAW_LINE = 3;
    private static final int SEQ_ORDER = 12;
    private static final int SEQ_BITS = 18;
    /** Heap beyond the chunk's copies: base contexts and pileup (about 4 MiB), quality models. */
    private static final long WORK = 16L << 20;
    private static final int QUAL_PRESENT = 0;
    private static final int QUAL_ABSENT = 1;

    SamCodec() {
        super(7, "sam", VERSION, WORK);
    }

    /** Whether a file starting with these bytes looks like SAM: a header line or an alignment line first. */
    @Override
    boolean recognises(byte[] d, int off, int len) {
        int end = Math.min(off + len, off + 65536);
        int nl = indexOf(d, off, end);
        if (nl < 0) {
            return false;
        }
        if (d[off] == '@') {
            return nl - off > 3 && d[off + 3] == '\t' && (d[off + 1] == 'H' && d[off + 2] == 'D'
                || d[off + 1] == 'S' && d[off + 2] == 'Q' || d[off + 1] == 'R' && d[off + 2] == 'G'
                || d[off + 1] == 'P' && d[off + 2] == 'G' || d[off + 1] == 'C' && d[off + 2] == 'O');
        }
        return parse(d, off, nl, new int[64], 0) != null;
    }

    /** One alignment line: where its fields start and end (with tabs between them), and its numbers. */
    private record Rec(int[] f, int fields, int ending, long flag, long pos, long mapq, long pnext, long tlen,
                       int seqLen, boolean qual) {
        int start(int i) {
            return f[2 * i];
        }

        int end(int i) {
            return f[2 * i + 1];
        }
    }

    /** The alignment line [p, e) (without its line end), or null when it is not modelled exactly. */
    private static Rec parse(byte[] d, int p, int e, int[] f, int ending) {
        int n = 0;
        int s = p;
        for (int i = p; ; i++) {
            if (i == e || d[i] == '\t') {
                if (2 * n + 1 >= f.length) {
                    f = Arrays.copyOf(f, f.length * 2);
                }
                f[2 * n] = s;
                f[2 * n + 1] = i;
                n++;
                s = i + 1;
                if (i == e) {
                    break;
                }
            } else if (d[i] == 0 || d[i] == '\n') {
                return null;
            }
        }
        if (n < 11 || !ReadNames.codable(d, f[0], f[1]) || f[1] == f[0]) {
            return null;
        }
        long flag = Columns.decimal(d, f[2], f[3], false);
        long pos = Columns.decimal(d, f[6], f[7], false);
        long mapq = Columns.decimal(d, f[8], f[9], false);
        long pnext = Columns.decimal(d, f[14], f[15], false);
        long tlen = Columns.decimal(d, f[16], f[17], true);
        if (flag < 0 || flag > 0xFFFF || pos < 0 || pos > Integer.MAX_VALUE || mapq < 0 || mapq > 255
            || pnext < 0 || pnext > Integer.MAX_VALUE || tlen == Columns.NOT_DECIMAL
            || f[4] == f[5] || f[12] == f[13] || cigar(d, f[10], f[11], null, null) < 0) {
            return null;
        }
        boolean noSeq = f[19] - f[18] == 1 && d[f[18]] == '*';
        boolean noQual = f[21] - f[20] == 1 && d[f[20]] == '*';
        int seqLen = noSeq ? 0 : f[19] - f[18];
        if (seqLen == 0 && !noSeq || (noSeq ? !noQual : !noQual && f[21] - f[20] != seqLen)) {
            return null;
        }
        for (int t = 11; t < n; t++) {
            int a = f[2 * t];
            int b = f[2 * t + 1];
            if (b - a < 5 || d[a + 2] != ':' || d[a + 4] != ':' || d[a] == 0
                || d[a + 3] == 'i' && Columns.decimal(d, a + 5, b, true) == Columns.NOT_DECIMAL) {
                return null;
            }
        }
        return new Rec(f, n, ending, flag, pos, mapq, pnext, tlen, seqLen, !noQual);
    }

    /** A template length as the mate's position and this read's length predict it (0 for no mate). */
    private static long predictedLength(long pos, long pnext, int seqLen) {
        return pnext == 0 ? 0 : pnext >= pos ? pnext - pos + seqLen : -(pos - pnext + seqLen);
    }

    /**
     * Whether [a, b) is a CIGAR this codec prints back ('*' or canonical lengths and ops), as the
     * number of its operations (-1: not one); writes it if asked.
     */
    private static int cigar(byte[] d, int a, int b, Columns.Sink ops, Columns.Sink lens) {
        if (b - a == 1 && d[a] == '*') {
            if (ops != null) {
                ops.varint(0);
            }
            return 0;
        }
        int count = 0;
        int p = a;
        while (p < b) {
            int q = p;
            while (q < b && d[q] >= '0' && d[q] <= '9') {
                q++;
            }
            long v = Columns.decimal(d, p, q, false);
            if (v < 0 || v > 0xFFFFFFF || q == b || d[q] == '*' || d[q] == '\t') {
                return -1;
            }
            if (lens != null) {
                lens.varint(v);
            }
            count++;
            p = q + 1;
        }
        if (count == 0) {
            return -1;
        }
        if (ops != null) {
            ops.varint(count);
            for (int i = a; i < b; i++) {
                if (d[i] < '0' || d[i] > '9') {
                    ops.put(d[i]);
                }
            }
        }
        return count;
    }


    /**
     * The header's @SQ names and lengths (null if none), or a {@link HeaderLines} that reads on when the
     * header goes on past the file's first chunk.
     */
    @Override
    Object fileState(byte[] d, int off, int len) {
        return new HeaderLines().next(d, off, len);
    }

    /**
     * A SAM header's @SQ lines read chunk by chunk, a line a chunk's end cuts carried into the next; done at
     * the first line not starting with '@'. Past the first chunk (a draft assembly's scaffolds) it reads at
     * most {@link BamCodec#MAX_HEADER_REFERENCES} references and {@link BamCodec#MAX_HEADER_NAME_BYTES} of
     * their names, and @SQ lines of at most {@link #MAX_LINE} bytes; beyond them it gives up (no state).
     * Held by the reading thread alone.
     */
    static final class HeaderLines implements Unfinished {
        static final int MAX_LINE = 1 << 20;
        private final Map<String, Long> sq = new HashMap<>();
        private long nameBytes;
        private boolean bounded;
        /** The start of a line the last chunk cut (kept while it may be an @SQ line). */
        private byte[] pending = new byte[256];
        private int pendingLength;
        /** Whether the rest of the current line is skipped (not an @SQ line). */
        private boolean skipping;
        /** Whether the next byte starts a line. */
        private boolean lineStart = true;

        @Override
        public Object next(byte[] d, int off, int len) {
            int end = off + len;
            for (int p = off; p < end; ) {
                if (lineStart && d[p] != '@') {
                    return sq.isEmpty() ? null : sq;
                }
                int nl = indexOf(d, p, end);
                int e = nl < 0 ? end : nl;
                if (!skipping) {
                    if (pendingLength == 0 && nl >= 0) {
                        if (!line(d, p, nl)) {
                            return null;
                        }
                    } else if (!carry(d, p, e)) {
                        return null;
                    } else if (nl >= 0 && !skipping) {
                        if (!line(pending, 0, pendingLength)) {
                            return null;
                        }
                    }
                }
                if (nl < 0) {
                    lineStart = false;
                    break;
                }
                pendingLength = 0;
                skipping = false;
                lineStart = true;
                p = nl + 1;
            }
            bounded = true; // a header the first chunk holds whole is read whatever its size, as the chunk is in memory anyway
            return this;
        }

        /** Keeps [a, b) of the line being cut, unless it is no @SQ line; false if an @SQ line is too long. */
        private boolean carry(byte[] d, int a, int b) {
            int n = b - a;
            if (pendingLength + n > MAX_LINE) {
                return false;
            }
            if (pendingLength + n > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pendingLength + n, 2 * pending.length));
            }
            System.arraycopy(d, a, pending, pendingLength, n);
            pendingLength += n;
            if (pendingLength >= 4 && !(pending[1] == 'S' && pending[2] == 'Q' && pending[3] == '\t')) {
                skipping = true;
                pendingLength = 0;
            }
            return true;
        }

        /** Reads header line [a, b) of {@code d}, without its LF; false when past the bounds. */
        private boolean line(byte[] d, int a, int b) {
            if (b - a < 4 || d[a + 1] != 'S' || d[a + 2] != 'Q' || d[a + 3] != '\t') {
                return true;
            }
            String line = new String(d, a, b - a, java.nio.charset.StandardCharsets.ISO_8859_1);
            String name = null;
            long length = -1;
            for (String f : line.split("\t")) {
                if (f.startsWith("SN:")) {
                    name = f.substring(3);
                } else if (f.matches("LN:[1-9][0-9]{0,17}")) {
                    length = Long.parseLong(f.substring(3));
                }
            }
            if (name != null && length > 0) {
                sq.put(name, length);
                nameBytes += name.length();
            }
            return !bounded || sq.size() <= BamCodec.MAX_HEADER_REFERENCES && nameBytes <= BamCodec.MAX_HEADER_NAME_BYTES;
        }
    }

    @Override
    Encoding encode(byte[] data, int level, Object fileState, References references) throws org.damnit.DamnitException {
        Encoding fromBam = SamFromBam.encode(data, fileState, references); // lines printed from stored BAM records
        if (fromBam != null) {
            return fromBam;
        }
        if (!(fileState instanceof Map<?, ?>) || references == References.NONE) {
            return super.encode(data, level, fileState, references);
        }
        return encode(data, fileState, references, VERSION);
    }

    /** The chunk as payload {@code version} (2 to the current, for tests of the readers) against the references. */
    Encoding encode(byte[] data, Object fileState, References references, int version) throws org.damnit.DamnitException {
        if (version < 2 || version > VERSION) {
            throw new IllegalArgumentException("SAM payload version " + version + " is not written");
        }
        if (!(fileState instanceof Map<?, ?> sq)) {
            return null;
        }
        // the reference ids as columns() numbers them: RNAME and RNEXT of each record, in order
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        Map<Integer, long[]> covered = new java.util.LinkedHashMap<>();
        int[] scratch = new int[64];
        for (int p = 0; p < data.length; ) {
            int nl = indexOf(data, p, data.length);
            int lineEnd = nl < 0 ? data.length : nl;
            boolean crlf = nl > p && data[nl - 1] == '\r';
            Rec r = data[p] == '@' ? null : parse(data, p, crlf ? lineEnd - 1 : lineEnd, scratch, 0);
            p = nl < 0 ? data.length : nl + 1;
            if (r == null) {
                continue;
            }
            scratch = new int[64];
            int ref = 0;
            for (int field : new int[] {2, 6}) {
                String n = new String(data, r.start(field), r.end(field) - r.start(field),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
                Integer id = ids.get(n);
                if (id == null) {
                    id = ids.size();
                    ids.put(n, id);
                    names.add(n);
                }
                if (field == 2) {
                    ref = id;
                }
            }
            long span = 0;
            for (int i = r.start(5), v = 0; i < r.end(5) && data[i] != '*'; i++) {
                if (data[i] >= '0' && data[i] <= '9') {
                    v = v * 10 + data[i] - '0';
                } else {
                    span += "MDN=X".indexOf(data[i]) >= 0 ? v : 0;
                    v = 0;
                }
            }
            if (r.pos > 0 && span > 0) {
                ReferenceSpans.cover(covered, ref, r.pos - 1, r.pos - 1 + span);
            }
        }
        ReferenceSpans.Plan plan = ReferenceSpans.plan(covered, ref -> {
            Object length = sq.get(names.get(ref));
            return length instanceof Long l ? references.find(names.get(ref), l) : null;
        }, references);
        byte[] body = columns(data, 0, data.length, plan.spans(), version);
        return body == null ? null : plan.encoding(version, body);
    }

    @Override
    byte[] columns(byte[] d, int off, int len) {
        return columns(d, off, len, VERSION);
    }

    /** Writes payload version 2 (without reference spans) to 6. */
    @Override
    byte[] columns(byte[] d, int off, int len, int version) {
        if (version < 2 || version > VERSION) {
            throw new IllegalArgumentException("SAM payload version " + version + " is not written");
        }
        return columns(d, off, len, ReferenceSpans.NONE.spans(), version);
    }

    /** The body of payload {@code version} (2 to 5). */
    private byte[] columns(byte[] d, int off, int len, ReferenceSpans.Span[] spans, int version) {
        boolean binary = version >= 3;
        QualityColumns.Writer qualityColumns = version >= 4 ? new QualityColumns.Writer(len / 3) : null;
        int end = off + len;
        List<Object> items = new ArrayList<>();
        int records = 0;
        int[] scratch = new int[64];
        for (int p = off; p < end; ) {
            int nl = indexOf(d, p, end);
            int lineEnd = nl < 0 ? end : nl;
            int ending = nl < 0 ? UNTERMINATED : nl > p && d[nl - 1] == '\r' ? CRLF : LF;
            int next = nl < 0 ? end : nl + 1;
            Rec r = d[p] == '@' ? null : parse(d, p, ending == CRLF ? lineEnd - 1 : lineEnd, scratch, ending);
            if (r != null) {
                items.add(r);
                scratch = new int[64];
                records++;
            } else {
                items.add(new int[] {p, next});
            }
            p = next;
        }
        if (records == 0) {
            return null;
        }
        Columns.Sink layout = new Columns.Sink(items.size());
        Columns.Sink raw = new Columns.Sink();
        Columns.Sink names = new Columns.Sink(len / 10);
        Columns.Sink flags = new Columns.Sink(records * 2);
        Columns.Sink refs = new Columns.Sink(records * 2);
        Columns.Sink dict = new Columns.Sink();
        Columns.Sink pos = new Columns.Sink(records * 2);
        Columns.Sink mapq = new Columns.Sink(records);
        Columns.Sink ops = new Columns.Sink(records * 2);
        Columns.Sink lens = new Columns.Sink(records * 2);
        Columns.Sink pnext = new Columns.Sink(records * 2);
        Columns.Sink tlen = new Columns.Sink(records * 2);
        Columns.Sink mates = new Columns.Sink(records);
        Map<ReadNames.Key, long[]> pending = new HashMap<>();
        byte[] cigarOps = new byte[16];
        int[] cigarLens = new int[16];
        int[] aligned = new int[256];
        byte[] qb = new byte[256];
        Columns.Sink seqLens = new Columns.Sink(records * 2);
        Columns.Sink exceptions = new Columns.Sink(records);
        Columns.Sink signatures = new Columns.Sink(records);
        Columns.Sink signatureDict = new Columns.Sink();
        Map<String, Integer> refIds = new HashMap<>();
        TagColumn.Signatures sigs = new TagColumn.Signatures();
        ReadModels.Alphabet alphabet = new ReadModels.Alphabet();
        for (Object o : items) {
            if (o instanceof Rec r && r.qual) {
                alphabet.mark(d, r.start(10), r.end(10));
            }
        }
        int symbols = alphabet.seal();
        ReadModels.Bases bases = new ReadModels.Bases(SEQ_ORDER, SEQ_BITS, binary);
        ReadModels.Qualities quals = version >= 4 ? null : new ReadModels.Qualities(symbols, binary);
        RangeCoder.Encoder rc = new RangeCoder.Encoder(len / 4);
        byte[] q = new byte[256];
        byte[] refCode = new byte[256];
        byte[] baseCode = new byte[256];
        BaseFeatures features = version >= 6 ? new BaseFeatures(alphabet) : null;
        long lastPos = 0;
        for (Object o : items) {
            if (o instanceof int[] line) {
                rawLine(layout, RAW_LINE, raw, d, line);
                continue;
            }
            Rec r = (Rec) o;
            layout.put(r.ending);
            names.put(d, r.start(0), r.end(0) - r.start(0));
            names.put(0);
            flags.put((int) r.flag & 0xFF);
            flags.put((int) r.flag >>> 8);
            int ref = reference(d, r.start(2), r.end(2), refIds, refs, dict);
            pos.signed(r.pos - lastPos);
            lastPos = r.pos;
            mapq.put((int) r.mapq);
            int nops = cigar(d, r.start(5), r.end(5), ops, lens);
            if (cigarOps.length < nops) {
                cigarOps = new byte[nops];
                cigarLens = new int[nops];
            }
            nops = 0;
            for (int i = r.start(5), v = 0; i < r.end(5) && d[i] != '*'; i++) {
                if (d[i] >= '0' && d[i] <= '9') {
                    v = v * 10 + d[i] - '0';
                } else {
                    cigarOps[nops] = d[i];
                    cigarLens[nops++] = v;
                    v = 0;
                }
            }
            reference(d, r.start(6), r.end(6), refIds, refs, dict);
            ReadNames.Key mateKey = new ReadNames.Key(d, r.start(0), r.end(0));
            long[] mate = pending.remove(mateKey);
            if (mate != null && mate[0] == r.pnext && mate[1] == r.pos && mate[2] == -r.tlen) {
                mates.put(1);
            } else {
                mates.put(0);
                pnext.signed(r.pnext - r.pos);
                tlen.signed(r.tlen - predictedLength(r.pos, r.pnext, r.seqLen));
                pending.put(mateKey, new long[] {r.pos, r.pnext, r.tlen});
            }
            seqLens.varint(r.seqLen);
            if (r.seqLen > 0) {
                seqLens.put(r.qual ? QUAL_PRESENT : QUAL_ABSENT);
                if (q.length < r.seqLen) {
                    q = new byte[r.seqLen];
                    qb = new byte[r.seqLen];
                    refCode = new byte[r.seqLen];
                    baseCode = new byte[r.seqLen];
                }
                if (r.qual) {
                    for (int i = 0; features == null && i < r.seqLen; i++) {
                        q[i] = (byte) alphabet.index(d[r.start(10) + i]);
                        qb[i] = alphabet.quarter(q[i]);
                    }
                    if (qualityColumns != null) {
                        qualityColumns.add(d, r.start(10), r.seqLen, (r.flag & 16) != 0);
                    } else {
                        quals.encode(rc, q, 0, r.seqLen, (r.flag & 16) != 0);
                    }
                }
                ReadModels.exceptions(d, r.start(9), r.seqLen, exceptions);
                if (features != null) {
                    int n = r.seqLen;
                    int s = r.start(9);
                    int coded = BaseFeatures.codes(BaseFeatures.span(spans, ref), r.pos - 1, cigarOps, cigarLens, nops,
                        n, refCode);
                    int covered = BaseFeatures.baseCodes(d, s, n, baseCode, refCode, coded);
                    boolean sparse = features.encode(rc, refCode, baseCode, n, r.qual ? d : null, r.start(10));
                    if (!sparse || covered < n) {
                        if (r.qual) {
                            for (int i = 0; i < n; i++) {
                                qb[i] = alphabet.quarter(alphabet.index(d[r.start(10) + i]));
                            }
                        }
                        aligned = ReadModels.alignedPositions(r.pos, cigarOps, cigarLens, nops, n, aligned);
                        if (sparse) {
                            bases.encodeRest(rc, d, s, n, refCode, aligned, ref, r.qual ? qb : null);
                        } else {
                            bases.encode(rc, d, s, n, aligned, ref, r.qual ? qb : null, refCode);
                        }
                    }
                } else {
                    aligned = ReadModels.alignedPositions(r.pos, cigarOps, cigarLens, nops, r.seqLen, aligned);
                    bases.encode(rc, d, r.start(9), r.seqLen, aligned, ref, r.qual ? qb : null,
                        ReferenceSpans.codes(spans, ref, aligned, r.seqLen, refCode));
                }
            }
            sigs.start();
            for (int t = 11; t < r.fields; t++) {
                int a = r.start(t);
                sigs.add(d[a], d[a + 1], d[a + 3]);
            }
            int id = sigs.id(signatureDict);
            signatures.varint(id);
            TagColumn[] columns = sigs.columns(id);
            for (int t = 11; t < r.fields; t++) {
                int a = r.start(t);
                TagColumn tag = columns[t - 11];
                if (d[a + 3] == 'i') {
                    tag.column.signed(Columns.decimal(d, a + 5, r.end(t), true));
                } else {
                    tag.column.put(d, a + 5, r.end(t) - a - 5);
                    tag.column.put(0);
                }
            }
        }
        Columns.Sink out = new Columns.Sink(len / 4);
        out.varint(items.size());
        out.varint(records);
        out.varint(SEQ_ORDER);
        out.varint(SEQ_BITS);
        ReferenceSpans.write(spans, out);
        for (Columns.Sink c : new Columns.Sink[] {layout, raw, flags, refs, dict, pos, mapq, ops, lens, pnext, tlen,
            seqLens, exceptions, signatures, signatureDict, mates}) {
            out.block(Columns.pack(c, version >= 5));
        }
        out.block(ReadNames.encode(names, records, version >= 5));
        TagColumn.write(sigs.order, out, version >= 5);
        alphabet.write(out);
        if (qualityColumns != null) {
            qualityColumns.write(out);
        }
        out.block(rc.finish());
        return out.bytes();
    }

    private static int reference(byte[] d, int a, int b, Map<String, Integer> ids, Columns.Sink refs,
                                  Columns.Sink dict) {
        String name = new String(d, a, b - a, java.nio.charset.StandardCharsets.ISO_8859_1);
        Integer id = ids.get(name);
        if (id == null) {
            id = ids.size();
            ids.put(name, id);
            dict.put(d, a, b - a);
            dict.put(0);
        }
        refs.varint(id);
        return id;
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength) {
        return decode(in, rawLength, 1, null);
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength, int version, byte[] base) {
        return new LineReader(in, rawLength, version, base).run();
    }

    /**
     * One chunk's decoding: the columns, the models and the line being put together, the work of a
     * record in methods of a few hundred bytecodes each (as {@link BamCodec}'s), so that the JIT
     * compiles each early, alone and quickly instead of one loop over the chunk's lines on-stack.
     */
    private static final class LineReader {
        private final int rawLength;
        private final int items;
        private final ReferenceSpans.Span[] spans;
        private final Columns.Source layout;
        private final Columns.Source raw;
        private final Columns.Source flags;
        private final Columns.Source refs;
        private final Columns.Source dict;
        private final Columns.Source pos;
        private final Columns.Source mapq;
        private final Columns.Source ops;
        private final Columns.Source lens;
        private final Columns.Source pnext;
        private final Columns.Source tlen;
        private final Columns.Source seqLens;
        private final Columns.Source exceptions;
        private final Columns.Source signatures;
        private final Columns.Source mates;
        private final byte[] names;
        private final TagColumn.Decoded sigs;
        private final ReadModels.Alphabet alphabet;
        private final QualityColumns.Reader qualityColumns;
        private final RangeCoder.Decoder rc;
        private final ReadModels.Bases bases;
        private final ReadModels.Qualities quals;
        private final BaseFeatures features;
        private final byte[] out;
        private final Columns.Writer w;
        private final List<byte[]> refNames = new ArrayList<>();
        private final Map<ReadNames.Key, long[]> pending = new HashMap<>();
        private boolean[] skip = new boolean[256];
        private int name;
        private long lastPos;
        private byte[] cigarOps = new byte[16];
        private int[] cigarLens = new int[16];
        private int[] aligned = new int[256];
        private byte[] qb = new byte[256];
        private byte[] refCode = new byte[256];
        // the line being decoded
        private int flag;
        private int ref;
        private long p;
        private int nops;

        LineReader(Columns.Source in, int rawLength, int version, byte[] base) {
            this.rawLength = rawLength;
            Columns.Budget budget = new Columns.Budget(rawLength, version >= 5);
            long max = 2L * rawLength + 64;
            items = in.count(rawLength);
            int records = in.count(items);
            int order = in.count(31);
            int bits = in.count(24);
            spans = version >= 2 ? ReferenceSpans.read(in, base) : ReferenceSpans.none(base);
            layout = Columns.unpack(in.block(), rawLength, budget);
            raw = Columns.unpack(in.block(), max, budget);
            flags = Columns.unpack(in.block(), 2L * records, budget);
            refs = Columns.unpack(in.block(), 10L * records, budget);
            dict = Columns.unpack(in.block(), max, budget);
            pos = Columns.unpack(in.block(), 10L * records, budget);
            mapq = Columns.unpack(in.block(), records, budget);
            ops = Columns.unpack(in.block(), max, budget);
            lens = Columns.unpack(in.block(), max, budget);
            pnext = Columns.unpack(in.block(), 10L * records, budget);
            tlen = Columns.unpack(in.block(), 10L * records, budget);
            seqLens = Columns.unpack(in.block(), 12L * records, budget);
            exceptions = Columns.unpack(in.block(), max, budget);
            signatures = Columns.unpack(in.block(), 10L * records, budget);
            Columns.Source signatureDict = Columns.unpack(in.block(), max, budget);
            mates = Columns.unpack(in.block(), records, budget);
            names = ReadNames.decode(in.block(), records, rawLength, budget);
            sigs = new TagColumn.Decoded(signatureDict, TagColumn.read(in, rawLength, max, budget));
            alphabet = ReadModels.Alphabet.read(in);
            qualityColumns = version >= 4 ? new QualityColumns.Reader(in, rawLength) : null;
            int symbols = alphabet.size();
            Columns.Source coded = in.block();
            rc = new RangeCoder.Decoder(coded.array(), coded.position(), coded.remaining());
            bases = new ReadModels.Bases(order, bits, version >= 3);
            quals = version >= 4 ? null : new ReadModels.Qualities(symbols, version >= 3);
            features = version >= 6 ? new BaseFeatures(alphabet) : null;
            out = new byte[rawLength];
            w = new Columns.Writer(out);
        }

        byte[] run() {
            for (int k = 0; k < items; k++) {
                int ending = layout.get();
                if (ending == RAW_LINE) {
                    rawLine(raw, w, out, rawLength);
                    continue;
                }
                if (ending > RAW_LINE) {
                    throw new Columns.Damaged("unknown line layout " + ending);
                }
                line(ending);
            }
            if (w.pos != rawLength) {
                throw new Columns.Damaged("decodes to " + w.pos + " bytes, not " + rawLength);
            }
            return out;
        }

        private void line(int ending) {
            int nameStart = name;
            name = nameEnd(names, name);
            w.put(names, nameStart, name - nameStart);
            name++;
            w.put('\t');
            fields();
            ReadNames.Key mateKey = new ReadNames.Key(names, nameStart, name - 1);
            int n = seqLens.count(rawLength);
            mate(mateKey, n);
            if (n == 0) {
                w.put('*');
                w.put('\t');
                w.put('*');
            } else {
                sequence(n);
            }
            tags();
            if (ending != UNTERMINATED) {
                w.end(ending);
            }
        }

        /** FLAG to RNEXT, each followed by its tab. */
        private void fields() {
            flag = flags.get() | flags.get() << 8;
            w.decimal(flag);
            w.put('\t');
            ref = reference(w, refs, dict, refNames);
            w.put('\t');
            p = lastPos + pos.signed();
            lastPos = p;
            w.decimal(p);
            w.put('\t');
            w.decimal(mapq.get());
            w.put('\t');
            nops = ops.count(rawLength);
            if (nops == 0) {
                w.put('*');
            }
            if (cigarOps.length < nops) {
                cigarOps = new byte[nops];
                cigarLens = new int[nops];
            }
            for (int i = 0; i < nops; i++) {
                cigarLens[i] = lens.count(0xFFFFFFF);
                cigarOps[i] = (byte) ops.get();
                w.decimal(cigarLens[i]);
                w.put(cigarOps[i]);
            }
            w.put('\t');
            reference(w, refs, dict, refNames);
            w.put('\t');
        }

        /** PNEXT and TLEN, each followed by its tab. */
        private void mate(ReadNames.Key mateKey, int n) {
            long next;
            long tl;
            if (mates.get() == 1) {
                long[] mate = pending.remove(mateKey);
                if (mate == null || mate[1] != p) {
                    throw new Columns.Damaged("mate not found");
                }
                next = mate[0];
                tl = -mate[2];
            } else {
                next = p + pnext.signed();
                tl = tlen.signed() + predictedLength(p, next, n);
                pending.put(mateKey, new long[] {p, next, tl});
            }
            w.decimal(next);
            w.put('\t');
            w.decimal(tl);
            w.put('\t');
        }

        /** SEQ, its tab and QUAL of a record of {@code n > 0} bases. */
        private void sequence(int n) {
            boolean qual = seqLens.get() == QUAL_PRESENT;
            int seq = w.reserve(n);
            w.put('\t');
            if (skip.length < n) {
                skip = new boolean[n];
            }
            if (qb.length < n) {
                qb = new byte[n];
                refCode = new byte[n];
            }
            int qualAt = -1;
            if (qual && qualityColumns != null) {
                int at = w.reserve(n);
                qualAt = at;
                qualityColumns.next(out, at, n, (flag & 16) != 0);
                for (int i = 0; features == null && i < n; i++) {
                    qb[i] = alphabet.quarterOf(out[at + i]);
                }
            } else if (qual) {
                int at = w.reserve(n);
                quals.decode(rc, out, at, n, (flag & 16) != 0);
                for (int i = 0; i < n; i++) {
                    int s = out[at + i] & 0xFF;
                    qb[i] = alphabet.quarter(s);
                    out[at + i] = alphabet.symbol(s);
                }
            } else {
                w.put('*');
            }
            boolean some = ReadModels.exceptions(exceptions, out, seq, n, skip);
            if (features != null) {
                ReferenceSpans.Span span = BaseFeatures.span(spans, ref);
                int m = features.count(rc);
                if (m != 0 || some || !BaseFeatures.matchesAll(span, p - 1, cigarOps, cigarLens, nops, n, out, seq)) {
                    aligned = aligned.length < n ? new int[n] : aligned;
                    BaseFeatures.refText(rc, features, m, span, p - 1, cigarOps, cigarLens, nops, n,
                        some ? skip : null, qual ? out : null, qualAt, alphabet, bases, ref, refCode, qb, aligned,
                        out, seq);
                }
            } else {
                aligned = ReadModels.alignedPositions(p, cigarOps, cigarLens, nops, n, aligned);
                bases.decode(rc, out, seq, n, some ? skip : null, aligned, ref, qual ? qb : null,
                    ReferenceSpans.codes(spans, ref, aligned, n, refCode));
            }
        }

        /** The tags, each after a tab. */
        private void tags() {
            sigs.next(signatures);
            int[] keys = sigs.keys();
            Columns.Source[] columns = sigs.columns();
            for (int t = 0; t < keys.length; t++) {
                int key = keys[t];
                Columns.Source column = columns[t];
                w.put('\t');
                w.put(key >>> 16);
                w.put(key >>> 8 & 0xFF);
                w.put(':');
                w.put(key & 0xFF);
                w.put(':');
                if ((key & 0xFF) == 'i') {
                    w.decimal(column.signed());
                } else {
                    for (int b = column.get(); b != 0; b = column.get()) {
                        w.put(b);
                    }
                }
            }
        }
    }

    private static int reference(Columns.Writer w, Columns.Source refs, Columns.Source dict, List<byte[]> names) {
        int id = refs.count(names.size());
        if (id == names.size()) {
            Columns.Sink s = new Columns.Sink(16);
            for (int b = dict.get(); b != 0; b = dict.get()) {
                s.put(b);
            }
            names.add(s.bytes());
        }
        byte[] n = names.get(id);
        w.put(n, 0, n.length);
        return id;
    }
}
