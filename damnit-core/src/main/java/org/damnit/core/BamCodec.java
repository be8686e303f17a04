package org.damnit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BAM records in columns (chunk codec 10, docs/FORMAT.md "BAM codec"): the decompressed content of a
 * BAM file (what a container's content stream holds), its fields in the columns of the SAM codec and
 * through the same models ({@link ReadNames}, {@link ReadModels}), so that a BAM and the SAM text of the
 * same records cost the same. The header, the partial record at each end of a chunk and any record
 * the model does not print back exactly (an unknown aux type, padding in the last base's nibble, a name
 * with a line end) are kept verbatim; so is the bin field wherever it is not the one POS and CIGAR give.
 */
final class BamCodec extends ReadCodec {
    /**
     * 1: the chunk alone; 2: and bases against stored reference sequences; 3: binary models, no
     * division; 4: qualities in rANS columns; 5: bases against the reference as mismatches; 6: the
     * other columns static (rANS) too; 7: MD and NM derived from the bases and the reference.
     */
    static final int VERSION = 7;
    /** Layout codes: a modelled record whose bin is the computed one, one with its bin stored, raw bytes. */
    private static final int RECORD = 0;
    private static final int RECORD_BIN = 1;
    private static final int RAW = 2;
    private static final int SEQ_ORDER = 12;
    private static final int SEQ_BITS = 18;
    private static final long WORK = 16L << 20;
    private static final int QUAL_PRESENT = 0;
    private static final int QUAL_ABSENT = 1;
    /** A record's fixed part after block_size. */
    private static final int FIXED = 32;
    /** Larger records are not modelled (nor looked for when finding the first record of a chunk). */
    private static final int MAX_RECORD = 1 << 24;
    static final byte[] NIBBLE_BASES = "=ACMGRSVTWYHKDBN".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BASE_NIBBLE = new byte[256];

    static {
        java.util.Arrays.fill(BASE_NIBBLE, (byte) -1);
        for (int i = 0; i < 16; i++) {
            BASE_NIBBLE[NIBBLE_BASES[i]] = (byte) i;
        }
    }

    BamCodec() {
        super(10, "bam", VERSION, WORK);
    }

    static int le32(byte[] d, int p) {
        return d[p] & 0xFF | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16 | d[p + 3] << 24;
    }

    static int le16(byte[] d, int p) {
        return d[p] & 0xFF | (d[p + 1] & 0xFF) << 8;
    }

    /** Whether a file's content starts with a BAM header: the magic and a sane header length. */
    @Override
    boolean recognises(byte[] d, int off, int len) {
        return len >= 12 && d[off] == 'B' && d[off + 1] == 'A' && d[off + 2] == 'M' && d[off + 3] == 1
            && le32(d, off + 4) >= 0;
    }

    /** Where the records start after a BAM header at {@code p}, or -1 if the header does not end before {@code e}. */
    private static int headerEnd(byte[] d, int p, int e) {
        if (e - p < 12) {
            return -1;
        }
        long q = p + 8L + (le32(d, p + 4) & 0xFFFFFFFFL);
        if (q + 4 > e) {
            return -1;
        }
        int refs = le32(d, (int) q);
        q += 4;
        for (int i = 0; i < refs; i++) {
            if (q + 4 > e) {
                return -1;
            }
            q += 8L + (le32(d, (int) q) & 0xFFFFFFFFL);
            if (q > e) {
                return -1;
            }
        }
        return refs < 0 ? -1 : (int) q;
    }

    /**
     * The length of the record at {@code p} (block_size + 4) if its fixed fields are consistent and it
     * ends by {@code e}; 0 if it is consistent as far as the chunk goes but ends after it; -1 if it is
     * not a record.
     */
    private static int structure(byte[] d, int p, int e) {
        if (e - p < 4) {
            return 0;
        }
        int bs = le32(d, p);
        if (bs < FIXED || bs > MAX_RECORD) {
            return -1;
        }
        if (e - p < 4 + FIXED) {
            return 0;
        }
        int ref = le32(d, p + 4);
        int pos = le32(d, p + 8);
        int lrn = d[p + 12] & 0xFF;
        int ncig = le16(d, p + 16);
        int lseq = le32(d, p + 20);
        int nref = le32(d, p + 24);
        int npos = le32(d, p + 28);
        if (ref < -1 || pos < -1 || lrn < 1 || lseq < 0 || lseq > MAX_RECORD || nref < -1 || npos < -1
            || (long) FIXED + lrn + 4L * ncig + (lseq + 1) / 2 + lseq > bs) {
            return -1;
        }
        if (p + 4 + FIXED + lrn <= e && d[p + 4 + FIXED + lrn - 1] != 0) {
            return -1;
        }
        return p + 4L + bs > e ? 0 : bs + 4;
    }

    /** Where the first record of [p, e) starts: the first offset from which a few records chain, or e. */
    private static int firstRecord(byte[] d, int p, int e) {
        for (int s = p; s + 4 + FIXED <= e; s++) {
            int q = s;
            int ok = 0;
            while (ok < 4) {
                int n = structure(d, q, e);
                if (n <= 0) {
                    break;
                }
                q += n;
                ok++;
            }
            if (ok > 0 && (ok == 4 || structure(d, q, e) == 0)) {
                return s;
            }
        }
        return e;
    }

    /** The end of the aux fields that start at {@code a} and must end exactly at {@code e}, or -1. */
    private static int auxEnd(byte[] d, int a, int e) {
        while (a < e) {
            if (e - a < 4) {
                return -1;
            }
            int n = auxValueLength(d, a + 2, e);
            if (n < 0) {
                return -1;
            }
            a += 3 + n;
        }
        return a == e ? a : -1;
    }

    /** The length of the value of type {@code d[t]} after it, or -1 if not one this codec models. */
    private static int auxValueLength(byte[] d, int t, int e) {
        switch (d[t]) {
            case 'A', 'c', 'C':
                return 1;
            case 's', 'S':
                return 2;
            case 'i', 'I', 'f':
                return 4;
            case 'Z', 'H': {
                for (int i = t + 1; i < e; i++) {
                    if (d[i] == 0) {
                        return i - t;
                    }
                }
                return -1;
            }
            case 'B': {
                if (e - t < 6) {
                    return -1;
                }
                int size = switch (d[t + 1]) {
                    case 'c', 'C' -> 1;
                    case 's', 'S' -> 2;
                    case 'i', 'I', 'f' -> 4;
                    default -> -1;
                };
                long count = le32(d, t + 2) & 0xFFFFFFFFL;
                long n = 5 + count * size;
                return size < 0 || n > e - t - 1 ? -1 : (int) n;
            }
            default:
                return -1;
        }
    }

    /** Whether the whole record at {@code p} of length {@code n} is one this codec prints back exactly. */
    private static boolean modelled(byte[] d, int p, int n) {
        int e = p + n;
        int lrn = d[p + 12] & 0xFF;
        int ncig = le16(d, p + 16);
        int lseq = le32(d, p + 20);
        int name = p + 4 + FIXED;
        if (lrn < 2 || !ReadNames.codable(d, name, name + lrn - 1)) {
            return false;
        }
        int cig = name + lrn;
        for (int i = 0; i < ncig; i++) {
            if ((d[cig + 4 * i] & 0xF) > 8) {
                return false;
            }
        }
        int seq = cig + 4 * ncig;
        if ((lseq & 1) == 1 && (d[seq + lseq / 2] & 0xF) != 0) {
            return false;
        }
        int qual = seq + (lseq + 1) / 2;
        return auxEnd(d, qual + lseq, e) == e;
    }

    /** The bin that htslib gives an alignment of [beg, end) (UCSC binning, as in the SAM specification). */
    static int reg2bin(int beg, int end) {
        --end;
        if (beg >> 14 == end >> 14) {
            return ((1 << 15) - 1) / 7 + (beg >> 14);
        }
        if (beg >> 17 == end >> 17) {
            return ((1 << 12) - 1) / 7 + (beg >> 17);
        }
        if (beg >> 20 == end >> 20) {
            return ((1 << 9) - 1) / 7 + (beg >> 20);
        }
        if (beg >> 23 == end >> 23) {
            return ((1 << 6) - 1) / 7 + (beg >> 23);
        }
        if (beg >> 26 == end >> 26) {
            return ((1 << 3) - 1) / 7 + (beg >> 26);
        }
        return 0;
    }

    /** The bin POS and the CIGAR give: the reference span, at least one base. */
    private static int bin(int pos, byte[] ops, int[] lens, int nops) {
        long span = 0;
        for (int i = 0; i < nops; i++) {
            switch (ops[i]) {
                case 'M', 'D', 'N', '=', 'X' -> span += lens[i];
                default -> {
                }
            }
        }
        long end = pos + Math.max(1, span);
        return end > Integer.MAX_VALUE ? -1 : reg2bin(pos, (int) end);
    }

    private static final byte[] CIGAR_OPS = "MIDNSHP=X".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Each CIGAR letter's BAM operation code; -1 for another byte. */
    private static final byte[] OP_CODE = new byte[256];

    static {
        java.util.Arrays.fill(OP_CODE, (byte) -1);
        for (int i = 0; i < CIGAR_OPS.length; i++) {
            OP_CODE[CIGAR_OPS[i]] = (byte) i;
        }
    }

    /** The integer aux value of type {@code t} (one of {@code cCsSiI}) at {@code v}. */
    private static long intValue(byte[] d, int v, byte t) {
        return switch (t) {
            case 'c' -> d[v];
            case 'C' -> d[v] & 0xFF;
            case 's' -> (short) le16(d, v);
            case 'S' -> le16(d, v);
            case 'i' -> le32(d, v);
            default -> le32(d, v) & 0xFFFFFFFFL;
        };
    }

    private static void put32(byte[] d, int p, int v) {
        d[p] = (byte) v;
        d[p + 1] = (byte) (v >>> 8);
        d[p + 2] = (byte) (v >>> 16);
        d[p + 3] = (byte) (v >>> 24);
    }

    private static void put16(byte[] d, int p, int v) {
        d[p] = (byte) v;
        d[p + 1] = (byte) (v >>> 8);
    }

    /** A template length as the mate's position and this read's length predict it (0 for no mate). */
    private static long predictedLength(long pos, long pnext, int seqLen) {
        return pnext < 0 ? 0 : pnext >= pos ? pnext - pos + seqLen : -(pos - pnext + seqLen);
    }


    @Override
    byte[] columns(byte[] d, int off, int len) {
        return columns(d, off, len, VERSION);
    }

    /** Writes payload version 2 (without reference spans) to 7. */
    @Override
    byte[] columns(byte[] d, int off, int len, int version) {
        if (version < 2 || version > VERSION) {
            throw new IllegalArgumentException("BAM payload version " + version + " is not written");
        }
        List<int[]> items = items(d, off, len);
        return items == null ? null : columns(d, len, items, ReferenceSpans.NONE.spans(), version);
    }

    /** The chunk's items: {layout, start, end} of each verbatim part and record; null if no record. */
    private static List<int[]> items(byte[] d, int off, int len) {
        int end = off + len;
        List<int[]> items = new ArrayList<>();
        int records = 0;
        int p = off;
        if (len >= 4 && d[p] == 'B' && d[p + 1] == 'A' && d[p + 2] == 'M' && d[p + 3] == 1) {
            int h = headerEnd(d, p, end);
            if (h < 0) {
                return null;
            }
            if (h > p) {
                items.add(new int[] {RAW, p, h});
            }
            p = h;
        } else {
            int s = firstRecord(d, p, end);
            if (s > p) {
                items.add(new int[] {RAW, p, s});
            }
            p = s;
        }
        while (p < end) {
            int n = structure(d, p, end);
            if (n <= 0) {
                items.add(new int[] {RAW, p, end});
                break;
            }
            if (modelled(d, p, n)) {
                items.add(new int[] {RECORD, p, p + n});
                records++;
            } else {
                items.add(new int[] {RAW, p, p + n});
            }
            p += n;
        }
        return records == 0 ? null : items;
    }

    /**
     * The header's reference names and lengths: name i is bytes [{@code ends[i - 1]}, {@code ends[i]}) of
     * {@code names} (from 0 for the first), without its NUL.
     */
    private record Header(byte[] names, int[] ends, long[] lengths) {
        int count() {
            return lengths.length;
        }

        String name(int i) {
            int from = i == 0 ? 0 : ends[i - 1];
            return new String(names, from, ends[i] - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The most references, and bytes of their names, read of a header that goes on past the file's first
     * chunk (a draft assembly's scaffolds); beyond either the chunks are coded without the references.
     */
    static final int MAX_HEADER_REFERENCES = 1 << 21;
    static final int MAX_HEADER_NAME_BYTES = 32 << 20;

    /** The header's references, or a {@link HeaderReader} that reads on when the first chunk does not hold them all. */
    @Override
    Object fileState(byte[] d, int off, int len) {
        if (!recognises(d, off, len)) {
            return null;
        }
        // a header the first chunk holds whole is read whatever its size, as the chunk is in memory anyway
        return new HeaderReader(headerEnd(d, off, off + len) < 0).next(d, off, len);
    }

    /**
     * A BAM header read chunk by chunk: magic, {@code l_text} and the text (skipped), {@code n_ref}, then
     * per reference {@code l_name}, the name and {@code l_ref}. Held by the reading thread alone.
     */
    private static final class HeaderReader implements Unfinished {
        /** The field being read: the magic, l_text, the text, n_ref, l_name, the name, l_ref. */
        private static final int MAGIC = 0;
        private static final int L_TEXT = 1;
        private static final int TEXT = 2;
        private static final int N_REF = 3;
        private static final int L_NAME = 4;
        private static final int NAME = 5;
        private static final int L_REF = 6;
        private final boolean bounded;
        private int step = MAGIC;
        /** The little-endian int being read, and how many of its bytes are read. */
        private int field;
        private int fieldBytes;
        private long textLeft;
        private int nRef;
        private int ref;
        /** The current name's bytes read so far (of l_name, its last one the NUL) and l_name. */
        private int nameRead;
        private int lName;
        private byte[] names = new byte[256];
        private int namesLength;
        private int[] ends = new int[16];
        private long[] lengths = new long[16];

        /** {@code bounded}: read at most {@link #MAX_HEADER_REFERENCES} and {@link #MAX_HEADER_NAME_BYTES}. */
        HeaderReader(boolean bounded) {
            this.bounded = bounded;
        }

        @Override
        public Object next(byte[] d, int off, int len) {
            int p = off;
            int e = off + len;
            while (p < e) {
                if (step == TEXT) {
                    int n = (int) Math.min(textLeft, e - p);
                    p += n;
                    textLeft -= n;
                    if (textLeft == 0) {
                        step = N_REF;
                    }
                    continue;
                }
                if (step == NAME) {
                    int n = Math.min(lName - nameRead, e - p);
                    int keep = Math.min(n, lName - 1 - nameRead); // the name without its NUL
                    if (keep > 0) {
                        if (namesLength + keep > names.length) {
                            names = java.util.Arrays.copyOf(names, Math.max(namesLength + keep, 2 * names.length));
                        }
                        System.arraycopy(d, p, names, namesLength, keep);
                        namesLength += keep;
                    }
                    p += n;
                    nameRead += n;
                    if (nameRead == lName) {
                        step = L_REF;
                    }
                    continue;
                }
                field |= (d[p++] & 0xFF) << 8 * fieldBytes;
                if (++fieldBytes < 4) {
                    continue;
                }
                int v = field;
                field = 0;
                fieldBytes = 0;
                switch (step) {
                    case MAGIC -> {
                        if (v != 0x014D4142) { // "BAM\1"
                            return null;
                        }
                        step = L_TEXT;
                    }
                    case L_TEXT -> {
                        textLeft = v & 0xFFFFFFFFL;
                        step = textLeft == 0 ? N_REF : TEXT;
                    }
                    case N_REF -> {
                        if (v < 0 || bounded && v > MAX_HEADER_REFERENCES) {
                            return null;
                        }
                        nRef = v;
                        if (nRef == 0) {
                            return header();
                        }
                        step = L_NAME;
                    }
                    case L_NAME -> {
                        if (v < 0 || bounded && (long) namesLength + v > MAX_HEADER_NAME_BYTES) {
                            return null;
                        }
                        lName = v;
                        nameRead = 0;
                        step = lName == 0 ? L_REF : NAME;
                    }
                    default -> { // L_REF
                        if (ref == ends.length) {
                            ends = java.util.Arrays.copyOf(ends, 2 * ref);
                            lengths = java.util.Arrays.copyOf(lengths, 2 * ref);
                        }
                        ends[ref] = namesLength;
                        lengths[ref] = v & 0xFFFFFFFFL;
                        if (++ref == nRef) {
                            return header();
                        }
                        step = L_NAME;
                    }
                }
            }
            return this;
        }

        private Header header() {
            return new Header(java.util.Arrays.copyOf(names, namesLength), java.util.Arrays.copyOf(ends, ref),
                java.util.Arrays.copyOf(lengths, ref));
        }
    }

    @Override
    Encoding encode(byte[] data, int level, Object fileState, References references) throws org.damnit.DamnitException {
        return encode(data, fileState, references, VERSION);
    }

    /** The chunk as payload {@code version} (2 to the current, for tests of the readers) against the references. */
    Encoding encode(byte[] data, Object fileState, References references, int version) throws org.damnit.DamnitException {
        if (version < 2 || version > VERSION) {
            throw new IllegalArgumentException("BAM payload version " + version + " is not written");
        }
        List<int[]> items = items(data, 0, data.length);
        if (items == null) {
            return null;
        }
        ReferenceSpans.Plan plan = ReferenceSpans.NONE;
        if (fileState instanceof Header h && references != References.NONE) {
            plan = ReferenceSpans.plan(covered(data, items),
                ref -> ref < h.count() ? references.find(h.name(ref), h.lengths[ref]) : null, references);
        }
        return plan.encoding(version, columns(data, data.length, items, plan.spans(), version));
    }

    /** Per reference (in order of first appearance), the reference positions the chunk's records align to. */
    private static Map<Integer, long[]> covered(byte[] d, List<int[]> items) {
        Map<Integer, long[]> spans = new java.util.LinkedHashMap<>();
        for (int[] it : items) {
            if (it[0] != RECORD) {
                continue;
            }
            int r = it[1];
            int ref = le32(d, r + 4);
            int pos = le32(d, r + 8);
            if (ref < 0 || pos < 0) {
                continue;
            }
            int cig = r + 4 + FIXED + (d[r + 12] & 0xFF);
            long span = 0;
            for (int i = 0; i < le16(d, r + 16); i++) {
                int c = le32(d, cig + 4 * i);
                switch (c & 0xF) {
                    case 0, 2, 3, 7, 8 -> span += c >>> 4;
                    default -> {
                    }
                }
            }
            if (span == 0) {
                continue;
            }
            ReferenceSpans.cover(spans, ref, pos, pos + span);
        }
        return spans;
    }

    /** The body of payload {@code version} (2 to 7). */
    private byte[] columns(byte[] d, int len, List<int[]> items, ReferenceSpans.Span[] spans, int version) {
        RecordWriter rw = new RecordWriter(d, len, items, spans, version);
        for (int[] it : items) {
            if (it[0] == RAW) {
                rawLine(rw.layout, RAW, rw.raw, d, new int[] {it[1], it[2]});
            } else {
                rw.record(it[1], it[2]);
            }
        }
        return rw.finish(items.size());
    }

    /**
     * One chunk's encoding: the columns, the models and the record being coded, the work of a record
     * in methods of a few hundred bytecodes each (as {@link RecordReader}'s), so that the JIT compiles
     * each early, alone and quickly.
     */
    private static final class RecordWriter {
        private final byte[] d;
        private final int len;
        private final ReferenceSpans.Span[] spans;
        private final int version;
        private final int records;
        private final QualityColumns.Writer qualityColumns;
        final Columns.Sink layout;
        final Columns.Sink raw = new Columns.Sink();
        private final Columns.Sink names;
        private final Columns.Sink flags;
        private final Columns.Sink refs;
        private final Columns.Sink nextRefs;
        private final Columns.Sink bins = new Columns.Sink();
        private final Columns.Sink pos;
        private final Columns.Sink mapq;
        private final Columns.Sink ops;
        private final Columns.Sink lens;
        private final Columns.Sink pnext;
        private final Columns.Sink tlen;
        private final Columns.Sink mates;
        private final Columns.Sink seqLens;
        private final Columns.Sink exceptions;
        private final Columns.Sink signatures;
        private final Columns.Sink signatureDict = new Columns.Sink();
        private final Map<ReadNames.Key, long[]> pending = new HashMap<>();
        private final TagColumn.Signatures sigs = new TagColumn.Signatures();
        private final ReadModels.Alphabet alphabet = new ReadModels.Alphabet();
        private final ReadModels.Bases bases;
        private final ReadModels.Qualities quals;
        private final RangeCoder.Encoder rc;
        private final BaseFeatures features;
        private final DerivedTags derived;
        private byte[] cigarOps = new byte[16];
        private int[] cigarLens = new int[16];
        private int[] aligned = new int[256];
        private byte[] q = new byte[256];
        private byte[] qb = new byte[256];
        private byte[] seqText = new byte[256];
        private byte[] refCode = new byte[256];
        private byte[] baseCode = new byte[256];
        private boolean[] derivedTag = new boolean[16];
        private long lastPos;
        // the record being coded
        private int ref;
        private int p0;
        private int ncig;
        private int flag;
        private int lseq;

        RecordWriter(byte[] d, int len, List<int[]> items, ReferenceSpans.Span[] spans, int version) {
            this.d = d;
            this.len = len;
            this.spans = spans;
            this.version = version;
            boolean binary = version >= 3;
            qualityColumns = version >= 4 ? new QualityColumns.Writer(len / 3) : null;
            int n = 0;
            for (int[] it : items) {
                if (it[0] == RECORD) {
                    n++;
                }
            }
            records = n;
            layout = new Columns.Sink(items.size());
            names = new Columns.Sink(len / 10);
            flags = new Columns.Sink(records * 2);
            refs = new Columns.Sink(records * 2);
            nextRefs = new Columns.Sink(records);
            pos = new Columns.Sink(records * 2);
            mapq = new Columns.Sink(records);
            ops = new Columns.Sink(records * 2);
            lens = new Columns.Sink(records * 2);
            pnext = new Columns.Sink(records * 2);
            tlen = new Columns.Sink(records * 2);
            mates = new Columns.Sink(records);
            seqLens = new Columns.Sink(records * 2);
            exceptions = new Columns.Sink(records);
            signatures = new Columns.Sink(records);
            for (int[] it : items) {
                if (it[0] == RECORD) {
                    int r = it[1];
                    int lseq = le32(d, r + 20);
                    int qual = r + 4 + FIXED + (d[r + 12] & 0xFF) + 4 * le16(d, r + 16) + (lseq + 1) / 2;
                    if (lseq > 0 && !absent(d, qual, lseq)) {
                        alphabet.mark(d, qual, qual + lseq);
                    }
                }
            }
            int symbols = alphabet.seal();
            bases = new ReadModels.Bases(SEQ_ORDER, SEQ_BITS, binary);
            quals = version >= 4 ? null : new ReadModels.Qualities(symbols, binary);
            rc = new RangeCoder.Encoder(len / 4);
            features = version >= 5 ? new BaseFeatures(alphabet) : null;
            derived = version >= 7 ? new DerivedTags() : null;
        }

        /** The record [r, e) of the chunk. */
        void record(int r, int e) {
            fixed(r);
            int name = r + 4 + FIXED;
            int lrn = d[r + 12] & 0xFF;
            int seq = name + lrn + 4 * ncig;
            int qual = seq + (lseq + 1) / 2;
            if (lseq > 0) {
                sequence(seq, qual);
            }
            tags(seq, qual + lseq, e);
        }

        /** The fixed fields, the name, the CIGAR and the mate of the record at {@code r}. */
        private void fixed(int r) {
            ref = le32(d, r + 4);
            p0 = le32(d, r + 8);
            int lrn = d[r + 12] & 0xFF;
            int mq = d[r + 13] & 0xFF;
            int bin = le16(d, r + 14);
            ncig = le16(d, r + 16);
            flag = le16(d, r + 18);
            lseq = le32(d, r + 20);
            int name = r + 4 + FIXED;
            cigar(name + lrn);
            if (bin == bin(p0, cigarOps, cigarLens, ncig)) {
                layout.put(RECORD);
            } else {
                layout.put(RECORD_BIN);
                bins.varint(bin);
            }
            names.put(d, name, lrn - 1);
            names.put(0);
            flags.put(flag & 0xFF);
            flags.put(flag >>> 8);
            refs.varint(ref + 1);
            pos.signed((long) p0 - lastPos);
            lastPos = p0;
            mapq.put(mq);
            mate(r, name, lrn);
        }

        private void cigar(int cig) {
            if (cigarOps.length < ncig) {
                cigarOps = new byte[ncig];
                cigarLens = new int[ncig];
            }
            ops.varint(ncig);
            for (int i = 0; i < ncig; i++) {
                int c = le32(d, cig + 4 * i);
                cigarOps[i] = CIGAR_OPS[c & 0xF];
                cigarLens[i] = c >>> 4;
                ops.put(cigarOps[i]);
                lens.varint(cigarLens[i]);
            }
        }

        private void mate(int r, int name, int lrn) {
            int nref = le32(d, r + 24);
            int npos = le32(d, r + 28);
            int tl = le32(d, r + 32);
            ReadNames.Key mateKey = new ReadNames.Key(d, name, name + lrn - 1);
            long[] mate = pending.remove(mateKey);
            if (mate != null && mate[0] == npos && mate[1] == p0 && mate[2] == -(long) tl && mate[3] == nref
                && mate[4] == ref) {
                mates.put(1);
            } else {
                mates.put(0);
                nextRefs.signed((long) nref - ref);
                pnext.signed((long) npos - p0);
                tlen.signed(tl - predictedLength(p0, npos, lseq));
                pending.put(mateKey, new long[] {p0, npos, tl, ref, nref});
            }
            seqLens.varint(lseq);
        }

        /** The qualities and the bases of a record with {@code lseq > 0}. */
        private void sequence(int seq, int qual) {
            boolean hasQual = !absent(d, qual, lseq);
            seqLens.put(hasQual ? QUAL_PRESENT : QUAL_ABSENT);
            if (q.length < lseq) {
                q = new byte[lseq];
                qb = new byte[lseq];
                seqText = new byte[lseq];
                refCode = new byte[lseq];
                baseCode = new byte[lseq];
            }
            if (hasQual) {
                if (features == null) {
                    for (int i = 0; i < lseq; i++) {
                        q[i] = (byte) alphabet.index(d[qual + i]);
                        qb[i] = alphabet.quarter(q[i]);
                    }
                }
                if (qualityColumns != null) {
                    qualityColumns.add(d, qual, lseq, (flag & 16) != 0);
                } else {
                    quals.encode(rc, q, 0, lseq, (flag & 16) != 0);
                }
            }
            for (int i = 0; i < lseq; i++) {
                int b = d[seq + (i >> 1)];
                seqText[i] = NIBBLE_BASES[(i & 1) == 0 ? b >> 4 & 0xF : b & 0xF];
            }
            ReadModels.exceptions(seqText, 0, lseq, exceptions);
            if (features != null) {
                refBases(hasQual, qual);
            } else {
                aligned = ReadModels.alignedPositions(p0 + 1L, cigarOps, cigarLens, ncig, lseq, aligned);
                bases.encode(rc, seqText, 0, lseq, aligned, ref, hasQual ? qb : null,
                    ReferenceSpans.codes(spans, ref, aligned, lseq, refCode));
            }
        }

        /** Version 5: the bases as mismatches against the reference, the others one by one. */
        private void refBases(boolean hasQual, int qual) {
            int coded = BaseFeatures.codes(BaseFeatures.span(spans, ref), p0, cigarOps, cigarLens, ncig, lseq,
                refCode);
            int covered = BaseFeatures.baseCodes(seqText, 0, lseq, baseCode, refCode, coded);
            boolean sparse = features.encode(rc, refCode, baseCode, lseq, hasQual ? d : null, qual);
            if (!sparse || covered < lseq) {
                if (hasQual) {
                    for (int i = 0; i < lseq; i++) {
                        qb[i] = alphabet.quarter(alphabet.index(d[qual + i]));
                    }
                }
                aligned = ReadModels.alignedPositions(p0 + 1L, cigarOps, cigarLens, ncig, lseq, aligned);
                if (sparse) {
                    bases.encodeRest(rc, seqText, 0, lseq, refCode, aligned, ref, hasQual ? qb : null);
                } else {
                    bases.encode(rc, seqText, 0, lseq, aligned, ref, hasQual ? qb : null, refCode);
                }
            }
        }

        /** The aux fields [aux, e) of the record whose bases are at {@code seq}. */
        private void tags(int seq, int aux, int e) {
            sigs.start();
            int derivable = -1;
            int tagCount = 0;
            for (int a = aux; a < e; tagCount++) {
                int n = auxValueLength(d, a + 2, e);
                byte type = d[a + 2];
                int dt = derived == null || d[a] != (type == 'Z' ? 'M' : 'N') || d[a + 1] != (type == 'Z' ? 'D' : 'M')
                    ? -1 : type == 'Z' ? DerivedTags.INT_TYPES.length : DerivedTags.intType(type);
                if (dt >= 0 && derivable < 0) {
                    derivable = derived.compute(BaseFeatures.span(spans, ref), p0, cigarOps, cigarLens, ncig, d, seq,
                        lseq) ? 1 : 0;
                }
                if (tagCount == derivedTag.length) {
                    derivedTag = java.util.Arrays.copyOf(derivedTag, tagCount * 2);
                }
                derivedTag[tagCount] = false;
                if (dt >= 0 && derivable == 1) {
                    if (dt == DerivedTags.INT_TYPES.length && derived.mdEquals(d, a + 3, n - 1)) {
                        type = DerivedTags.MD;
                        derivedTag[tagCount] = true;
                    } else if (dt < DerivedTags.INT_TYPES.length && intValue(d, a + 3, d[a + 2]) == derived.nm()) {
                        type = (byte) (DerivedTags.NM + dt);
                        derivedTag[tagCount] = true;
                    }
                }
                sigs.add(d[a], d[a + 1], type);
                a += 3 + n;
            }
            int id = sigs.id(signatureDict);
            signatures.varint(id);
            values(sigs.columns(id), aux, e);
        }

        /** The values of the aux fields [aux, e) not derived, each into its tag's column. */
        private void values(TagColumn[] columns, int aux, int e) {
            int k = 0;
            for (int a = aux; a < e; k++) {
                int n = auxValueLength(d, a + 2, e);
                TagColumn tag = columns[k];
                int v = a + 3;
                if (derivedTag[k]) {
                    a += 3 + n;
                    continue;
                }
                switch (d[a + 2]) {
                    case 'c' -> tag.column.signed(d[v]);
                    case 'C' -> tag.column.signed(d[v] & 0xFF);
                    case 's' -> tag.column.signed((short) le16(d, v));
                    case 'S' -> tag.column.signed(le16(d, v));
                    case 'i' -> tag.column.signed(le32(d, v));
                    case 'I' -> tag.column.signed(le32(d, v) & 0xFFFFFFFFL);
                    default -> tag.column.put(d, v, n); // A, f, Z and H (with their 0), B (subtype, count, values)
                }
                a += 3 + n;
            }
        }

        /** The payload body: the counts, the spans and every column. */
        byte[] finish(int itemCount) {
            Columns.Sink out = new Columns.Sink(len / 4);
            out.varint(itemCount);
            out.varint(records);
            out.varint(SEQ_ORDER);
            out.varint(SEQ_BITS);
            ReferenceSpans.write(spans, out);
            for (Columns.Sink c : new Columns.Sink[] {layout, raw, flags, refs, nextRefs, bins, pos, mapq, ops, lens,
                pnext, tlen, seqLens, exceptions, signatures, signatureDict, mates}) {
                out.block(Columns.pack(c, version >= 6));
            }
            out.block(ReadNames.encode(names, records, version >= 6));
            TagColumn.write(sigs.order, out, version >= 6);
            alphabet.write(out);
            if (qualityColumns != null) {
                qualityColumns.write(out);
            }
            out.block(rc.finish());
            return out.bytes();
        }
    }

    /** Whether a record's qualities are absent: all 0xFF, as htslib writes a SAM QUAL of '*'. */
    private static boolean absent(byte[] d, int qual, int lseq) {
        for (int i = qual; i < qual + lseq; i++) {
            if (d[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void le32(Columns.Writer w, long v) {
        int at = w.reserve(4);
        w.out[at] = (byte) v;
        w.out[at + 1] = (byte) (v >>> 8);
        w.out[at + 2] = (byte) (v >>> 16);
        w.out[at + 3] = (byte) (v >>> 24);
    }

    private static void le16(Columns.Writer w, long v) {
        w.put((int) v & 0xFF);
        w.put((int) (v >>> 8) & 0xFF);
    }

    private static int int32(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Columns.Damaged("field out of range");
        }
        return (int) v;
    }

    /** BAM's 4-bit code of each base code 0-3 (A, C, G, T). */
    private static final byte[] CODE_NIBBLE = {1, 2, 4, 8};
    /** Two base codes (4 a + b) as one byte of BAM bases. */
    private static final byte[] CODE_PAIR = new byte[16];

    static {
        for (int i = 0; i < 16; i++) {
            CODE_PAIR[i] = (byte) (CODE_NIBBLE[i >> 2] << 4 | CODE_NIBBLE[i & 3]);
        }
    }

    /** Packs the bases of {@code text} (BAM's letters) into 4-bit codes at {@code seq} of {@code out}. */
    private static void pack(byte[] text, int lseq, byte[] out, int seq) {
        for (int i = 0; i < lseq; i++) {
            int nib = BASE_NIBBLE[text[i] & 0xFF];
            if (nib < 0) {
                throw new Columns.Damaged("not a BAM base");
            }
            out[seq + (i >> 1)] |= (byte) ((i & 1) == 0 ? nib << 4 : nib);
        }
    }

    /**
     * Version 5, a read without mismatches and exceptions: where its CIGAR is one alignment operation
     * over the whole read within {@code span} and the reference is known there, writes the reference's
     * bases as the read's and returns true; else false (and writes nothing that stays).
     */
    private static boolean matchesAll(ReferenceSpans.Span span, long pos, byte[] ops, int[] lens, int nops, int lseq,
                                      byte[] out, int seq) {
        if (span == null || nops != 1 || lens[0] != lseq || ops[0] != 'M' && ops[0] != '=' && ops[0] != 'X'
            || pos < span.from() || pos + lseq > span.to()) {
            return false;
        }
        byte[] codes = span.codes();
        int at = (int) (pos - span.from());
        int acc = 0;
        int j = seq;
        int i = 0;
        for (; i + 1 < lseq; i += 2) {
            int a = codes[at + i];
            int b = codes[at + i + 1];
            acc |= a | b;
            out[j++] = CODE_PAIR[(a << 2 | b) & 15];
        }
        if (i < lseq) {
            int a = codes[at + i];
            acc |= a;
            out[j] = (byte) (CODE_NIBBLE[a & 3] << 4);
        }
        if (acc < 0) {
            java.util.Arrays.fill(out, seq, seq + (lseq + 1) / 2, (byte) 0);
            return false;
        }
        return true;
    }

    /**
     * Version 5, the general case: a read's reference codes, its {@code m} mismatches (or, for a dense
     * read, all its bases) and its other bases, packed at {@code seq} of {@code out}; {@code skip} marks
     * the exceptions (already in the read's {@code text}). The scratch arrays hold {@code lseq} at least.
     */
    private static void refBases(RangeCoder.Decoder rc, BaseFeatures features, int m, ReferenceSpans.Span span,
                                 long pos, byte[] ops, int[] lens, int nops, int lseq, boolean[] skip, byte[] qual,
                                 int q, ReadModels.Alphabet alphabet, ReadModels.Bases bases, int ref, byte[] text,
                                 byte[] codes, byte[] qb, int[] aligned, byte[] out, int seq) {
        int known = BaseFeatures.codes(span, pos, ops, lens, nops, lseq, codes);
        int other = 0;
        if (skip != null) {
            for (int i = 0; i < lseq; i++) {
                if (skip[i]) {
                    other++;
                    if (codes[i] >= 0) {
                        codes[i] = -1;
                        known--;
                    }
                }
            }
        }
        boolean dense = BaseFeatures.dense(m);
        if (!dense) {
            features.places(rc, m, codes, lseq, qual, q);
        }
        if (dense || known + other < lseq) {
            if (qual != null) {
                for (int i = 0; i < lseq; i++) {
                    qb[i] = alphabet.quarterOf(qual[q + i]);
                }
            }
            ReadModels.alignedPositions(pos + 1L, ops, lens, nops, lseq, aligned);
            if (dense) {
                bases.decode(rc, text, 0, lseq, skip, aligned, ref, qual != null ? qb : null, codes);
                pack(text, lseq, out, seq);
                return;
            }
            bases.decodeRest(rc, text, 0, lseq, codes, skip, aligned, ref, qual != null ? qb : null);
        }
        if (known == lseq) {
            int j = seq;
            int i = 0;
            for (; i + 1 < lseq; i += 2) {
                out[j++] = CODE_PAIR[codes[i] << 2 | codes[i + 1]];
            }
            if (i < lseq) {
                out[j] = (byte) (CODE_NIBBLE[codes[i]] << 4);
            }
            return;
        }
        for (int i = 0; i < lseq; i++) {
            int nib = codes[i] >= 0 ? CODE_NIBBLE[codes[i]] : BASE_NIBBLE[text[i] & 0xFF];
            if (nib < 0) {
                throw new Columns.Damaged("not a BAM base");
            }
            out[seq + (i >> 1)] |= (byte) ((i & 1) == 0 ? nib << 4 : nib);
        }
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength) {
        return decode(in, rawLength, 1, null);
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength, int version, byte[] base) {
        return new RecordReader(in, rawLength, version, base).run();
    }

    /**
     * One chunk's decoding: the columns, the models and the record being put together. The work of a
     * record is split into methods of a few hundred bytecodes each ({@link #record} calls them once per
     * record), so that the JIT compiles each one early, alone and quickly, and recompiles only the small
     * method whose profile a rare record invalidated, instead of one loop over all of a chunk's records
     * compiled on-stack as a whole (seconds of a fresh JVM's compiler time).
     */
    private static final class RecordReader {
        private final int rawLength;
        private final int items;
        private final ReferenceSpans.Span[] spans;
        private final Columns.Source layout;
        private final Columns.Source raw;
        private final Columns.Source flags;
        private final Columns.Source refs;
        private final Columns.Source nextRefs;
        private final Columns.Source bins;
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
        private final DerivedTags derived;
        private final byte[] out;
        private final Columns.Writer w;
        private final Map<ReadNames.Key, long[]> pending = new HashMap<>();
        private boolean[] skip = new boolean[256];
        private byte[] seqText = new byte[256];
        private byte[] qb = new byte[256];
        private byte[] refCode = new byte[256];
        private byte[] cigarOps = new byte[16];
        private int[] cigarLens = new int[16];
        private int[] aligned = new int[256];
        private int name;
        private long lastPos;
        // the record being decoded
        private int flag;
        private int ref;
        private int p;
        private int ncig;
        private int lseq;
        private int seqAt;
        private boolean perfect;

        RecordReader(Columns.Source in, int rawLength, int version, byte[] base) {
            this.rawLength = rawLength;
            Columns.Budget budget = new Columns.Budget(rawLength, version >= 6);
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
            nextRefs = Columns.unpack(in.block(), 10L * records, budget);
            bins = Columns.unpack(in.block(), 10L * records, budget);
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
            features = version >= 5 ? new BaseFeatures(alphabet) : null;
            derived = version >= 7 ? new DerivedTags() : null;
            out = new byte[rawLength];
            w = new Columns.Writer(out);
        }

        byte[] run() {
            for (int k = 0; k < items; k++) {
                int code = layout.get();
                if (code == RAW) {
                    rawLine(raw, w, out, rawLength);
                } else if (code > RAW) {
                    throw new Columns.Damaged("unknown record layout " + code);
                } else {
                    record(code);
                }
            }
            if (w.pos != rawLength) {
                throw new Columns.Damaged("decodes to " + w.pos + " bytes, not " + rawLength);
            }
            return out;
        }

        private void record(int code) {
            int start = w.reserve(4);
            fixed(code);
            seqAt = -1;
            perfect = false;
            if (lseq > 0) {
                sequence();
            }
            tags();
            int bs = w.pos - start - 4;
            put32(out, start, bs);
        }

        /** The name, the fixed fields and the CIGAR. */
        private void fixed(int code) {
            int nameStart = name;
            name = nameEnd(names, name);
            int lrn = name - nameStart + 1;
            if (lrn > 255) {
                throw new Columns.Damaged("name too long");
            }
            flag = flags.get() | flags.get() << 8;
            ref = int32(refs.count(Integer.MAX_VALUE) - 1L);
            p = int32(lastPos + pos.signed());
            lastPos = p;
            int mq = mapq.get();
            cigar();
            int bin = code == RECORD ? bin(p, cigarOps, cigarLens, ncig) : bins.count(0xFFFF);
            ReadNames.Key mateKey = new ReadNames.Key(names, nameStart, name);
            name++;
            lseq = seqLens.count(rawLength);
            if (bin < 0) {
                throw new Columns.Damaged("no bin");
            }
            int f = w.reserve(FIXED);
            mate(mateKey, f);
            put32(out, f, ref);
            put32(out, f + 4, p);
            out[f + 8] = (byte) lrn;
            out[f + 9] = (byte) mq;
            put16(out, f + 10, bin);
            put16(out, f + 12, ncig);
            put16(out, f + 14, flag);
            put32(out, f + 16, lseq);
            w.put(names, nameStart, lrn - 1);
            w.put(0);
            int cig = w.reserve(4 * ncig);
            for (int i = 0; i < ncig; i++) {
                int op = OP_CODE[cigarOps[i] & 0xFF];
                if (op < 0) {
                    throw new Columns.Damaged("unknown CIGAR operation");
                }
                put32(out, cig + 4 * i, cigarLens[i] << 4 | op);
            }
        }

        private void cigar() {
            ncig = ops.count(0xFFFF);
            if (cigarOps.length < ncig) {
                cigarOps = new byte[ncig];
                cigarLens = new int[ncig];
            }
            for (int i = 0; i < ncig; i++) {
                cigarOps[i] = (byte) ops.get();
                cigarLens[i] = lens.count(0xFFFFFFF);
            }
        }

        /** The mate's reference, position and the template length, at {@code f + 20} of the fixed fields. */
        private void mate(ReadNames.Key mateKey, int f) {
            long npos;
            long tl;
            long nref;
            if (mates.get() == 1) {
                long[] mate = pending.remove(mateKey);
                if (mate == null || mate[1] != p) {
                    throw new Columns.Damaged("mate not found");
                }
                npos = mate[0];
                tl = -mate[2];
                nref = mate[3];
                if (mate[4] != ref) {
                    throw new Columns.Damaged("mate on another reference");
                }
            } else {
                nref = ref + nextRefs.signed();
                npos = p + pnext.signed();
                tl = tlen.signed() + predictedLength(p, npos, lseq);
                pending.put(mateKey, new long[] {p, npos, tl, ref, nref});
            }
            put32(out, f + 20, int32(nref));
            put32(out, f + 24, int32(npos));
            put32(out, f + 28, int32(tl));
        }

        /** The qualities and the bases of a record with {@code lseq > 0}. */
        private void sequence() {
            boolean hasQual = seqLens.get() == QUAL_PRESENT;
            int seq = w.reserve((lseq + 1) / 2);
            seqAt = seq;
            int qual = w.reserve(lseq);
            if (skip.length < lseq) {
                skip = new boolean[lseq];
                seqText = new byte[lseq];
                qb = new byte[lseq];
                refCode = new byte[lseq];
                aligned = new int[lseq];
            }
            if (hasQual && qualityColumns != null) {
                qualityColumns.next(out, qual, lseq, (flag & 16) != 0);
                if (features == null) {
                    for (int i = 0; i < lseq; i++) {
                        qb[i] = alphabet.quarterOf(out[qual + i]);
                    }
                }
            } else if (hasQual) {
                quals.decode(rc, out, qual, lseq, (flag & 16) != 0);
                for (int i = 0; i < lseq; i++) {
                    int s = out[qual + i] & 0xFF;
                    qb[i] = alphabet.quarter(s);
                    out[qual + i] = alphabet.symbol(s);
                }
            } else {
                java.util.Arrays.fill(out, qual, qual + lseq, (byte) 0xFF);
            }
            boolean some = ReadModels.exceptions(exceptions, seqText, 0, lseq, skip);
            if (features != null) {
                ReferenceSpans.Span span = BaseFeatures.span(spans, ref);
                int m = features.count(rc);
                perfect = m == 0 && !some && matchesAll(span, p, cigarOps, cigarLens, ncig, lseq, out, seq);
                if (!perfect) {
                    refBases(rc, features, m, span, p, cigarOps, cigarLens, ncig, lseq, some ? skip : null,
                        hasQual ? out : null, qual, alphabet, bases, ref, seqText, refCode, qb, aligned, out, seq);
                }
            } else {
                aligned = ReadModels.alignedPositions(p + 1L, cigarOps, cigarLens, ncig, lseq, aligned);
                bases.decode(rc, seqText, 0, lseq, some ? skip : null, aligned, ref, hasQual ? qb : null,
                    ReferenceSpans.codes(spans, ref, aligned, lseq, refCode));
                pack(seqText, lseq, out, seq);
            }
        }

        /** The aux fields. */
        private void tags() {
            sigs.next(signatures);
            int[] keys = sigs.keys();
            Columns.Source[] columns = sigs.columns();
            boolean derivedDone = false;
            for (int t = 0; t < keys.length; t++) {
                int key = keys[t];
                w.put(key >>> 16);
                w.put(key >>> 8 & 0xFF);
                int type = key & 0xFF;
                if (derived != null && (type == DerivedTags.MD
                    || type >= DerivedTags.NM && type < DerivedTags.NM + DerivedTags.INT_TYPES.length)) {
                    if (!derivedDone) {
                        derive();
                        derivedDone = true;
                    }
                    derivedTag(type);
                } else {
                    tag(type, columns[t]);
                }
            }
        }

        private void derive() {
            if (perfect) {
                derived.perfect(lseq);
            } else if (!derived.compute(BaseFeatures.span(spans, ref), p, cigarOps, cigarLens, ncig, out, seqAt,
                lseq)) {
                throw new Columns.Damaged("a derived tag that cannot be derived");
            }
        }

        /** MD or NM as derived. */
        private void derivedTag(int type) {
            if (type == DerivedTags.MD) {
                w.put('Z');
                int n = derived.mdLength();
                int at = w.reserve(n + 1);
                derived.mdInto(out, at);
                out[at + n] = 0;
            } else {
                int t2 = DerivedTags.INT_TYPES[type - DerivedTags.NM];
                w.put(t2);
                switch (t2) {
                    case 'c', 'C' -> w.put(derived.nm() & 0xFF);
                    case 's', 'S' -> le16(w, derived.nm());
                    default -> le32(w, derived.nm());
                }
            }
        }

        /** A tag's type and value from its column. */
        private void tag(int type, Columns.Source column) {
            w.put(type);
            switch (type) {
                case 'c', 'C' -> w.put((int) column.signed() & 0xFF);
                case 's', 'S' -> le16(w, column.signed());
                case 'i', 'I' -> le32(w, column.signed());
                case 'A' -> w.put(column.get());
                case 'f' -> column.get(out, w.reserve(4), 4);
                case 'Z', 'H' -> {
                    byte[] a = column.array();
                    int from = column.position();
                    int end = from + column.remaining();
                    int z = from;
                    while (z < end && a[z] != 0) {
                        z++;
                    }
                    int n = z - from + 1;
                    column.get(out, w.reserve(n), n);
                }
                case 'B' -> array(column);
                default -> throw new Columns.Damaged("unknown tag type");
            }
        }

        private void array(Columns.Source column) {
            int sub = column.get();
            int size = switch (sub) {
                case 'c', 'C' -> 1;
                case 's', 'S' -> 2;
                case 'i', 'I', 'f' -> 4;
                default -> throw new Columns.Damaged("unknown array type");
            };
            w.put(sub);
            int count = w.reserve(4);
            column.get(out, count, 4);
            long n = (le32(out, count) & 0xFFFFFFFFL) * size;
            if (n > rawLength) {
                throw new Columns.Damaged("array too long");
            }
            column.get(out, w.reserve((int) n), (int) n);
        }
    }

}
