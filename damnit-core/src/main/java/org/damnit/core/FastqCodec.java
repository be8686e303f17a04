package org.damnit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * FASTQ records in columns (chunk codec 6, docs/FORMAT.md "Content codecs"): names tokenised ({@link
 * ReadNames}), bases two bits each and qualities in columns by read position, both in rANS Nx16
 * columns ({@link ColumnStreams}; payload version 1, still read, modelled them with {@link ReadModels}),
 * the line layout of every record (line endings, the '+' line, a last line without its newline) as a
 * code per record; any line that is not part of a record, such as a record cut by the chunk's ends, is
 * kept verbatim.
 */
final class FastqCodec extends ReadCodec {
    static final int VERSION = 2;
    /**
     * Version 2 keeps the qualities of read positions [s c, s c + s) in column c, the last of at most 16
     * columns holding the rest; the span s is the one of these whose columns an entropy estimate finds
     * smallest (more columns: a context nearer the position, but a frequency table each).
     */
    private static final int[] QUALITY_SPANS = {16, 32, 64, Integer.MAX_VALUE};
    private static final int QUALITY_COLUMNS = 16;

    /** Record layout codes are {@code ending + 2 * plus + 6 * unterminated}; this one is a verbatim line. */
    static final int RAW_LINE = 12;
    static final int PLUS_EMPTY = 0;
    static final int PLUS_NAME = 1;
    static final int PLUS_OTHER = 2;
    private static final int SEQ_ORDER = 4;
    private static final int SEQ_BITS = 8;
    /** Heap beyond the chunk's copies: version 1's models (quality contexts of up to 256 symbols, lazily). */
    private static final long WORK = 8L << 20;

    FastqCodec() {
        super(6, "fastq", VERSION, WORK);
    }

    /** One parsed record: offsets into the input. */
    record Rec(int name, int nameEnd, int seq, int len, int plus, int plusEnd, int qual, int code) {
    }

    /** Whether {@code data} looks like FASTQ: a record at the first line that starts with '@'. */
    @Override
    boolean recognises(byte[] data, int off, int len) {
        int end = off + len;
        for (int p = off; p < end && p < off + 65536; p = nextLine(data, p, end)) {
            if (data[p] == '@') {
                return parse(data, p, end) != null;
            }
        }
        return false;
    }

    private static int nextLine(byte[] d, int p, int end) {
        int nl = indexOf(d, p, end);
        return nl < 0 ? end : nl + 1;
    }

    /** The record at {@code p}, or null. */
    static Rec parse(byte[] d, int p, int end) {
        if (d[p] != '@') {
            return null;
        }
        int l1 = indexOf(d, p, end);
        if (l1 < 0) {
            return null;
        }
        boolean crlf = l1 > p + 1 && d[l1 - 1] == '\r';
        int cr = crlf ? 1 : 0;
        int nameEnd = l1 - cr;
        if (!ReadNames.codable(d, p + 1, nameEnd)) {
            return null;
        }
        int s = l1 + 1;
        int l2 = indexOf(d, s, end);
        if (l2 < 0 || crlf && (l2 == s || d[l2 - 1] != '\r')) {
            return null;
        }
        int n = l2 - cr - s;
        int t = l2 + 1;
        if (t >= end || d[t] != '+') {
            return null;
        }
        int l3 = indexOf(d, t, end);
        if (l3 < 0 || crlf && (l3 == t + 1 || d[l3 - 1] != '\r')) {
            return null;
        }
        int plusEnd = l3 - cr;
        int u = l3 + 1;
        if (u + n > end) {
            return null;
        }
        int unterminated;
        if (u + n == end) {
            unterminated = 1;
        } else if (crlf ? u + n + 1 < end && d[u + n] == '\r' && d[u + n + 1] == '\n' : d[u + n] == '\n') {
            unterminated = 0;
        } else {
            return null;
        }
        int plusKind = plusEnd == t + 1 ? PLUS_EMPTY
            : java.util.Arrays.equals(d, t + 1, plusEnd, d, p + 1, nameEnd) ? PLUS_NAME : PLUS_OTHER;
        return new Rec(p + 1, nameEnd, s, n, t + 1, plusEnd, u, cr + 2 * plusKind + 6 * unterminated);
    }

    static int recordEnd(Rec r) {
        int cr = r.code % 2;
        return r.qual + r.len + (r.code >= 6 ? 0 : 1 + cr);
    }

    /**
     * Reads that a stored BAM holds are coded against its records ({@link FastqFromBam}) when that decodes
     * back to the chunk byte for byte; otherwise, or when it declines, the chunk is coded here.
     */
    @Override
    Encoding encode(byte[] data, int level, Object fileState, References references) throws org.damnit.DamnitException {
        Encoding fromBam = FastqFromBam.encode(data, level, references);
        if (fromBam != null && fromBam.codec().roundTrips(fromBam.base(), data, fromBam.payload())) {
            return fromBam;
        }
        return super.encode(data, level, fileState, references);
    }

    @Override
    byte[] columns(byte[] d, int off, int len) {
        int end = off + len;
        List<Object> items = new ArrayList<>();
        int records = 0;
        for (int p = off; p < end; ) {
            Rec r = parse(d, p, end);
            if (r != null) {
                items.add(r);
                records++;
                p = recordEnd(r);
            } else {
                int q = nextLine(d, p, end);
                items.add(new int[] {p, q});
                p = q;
            }
        }
        if (records == 0) {
            return null;
        }
        Columns.Sink layout = new Columns.Sink(items.size());
        Columns.Sink raw = new Columns.Sink();
        Columns.Sink plus = new Columns.Sink();
        Columns.Sink lengths = new Columns.Sink(records * 2);
        Columns.Sink exceptions = new Columns.Sink(records);
        Columns.Sink names = new Columns.Sink(len / 8);
        long bases = 0;
        int longest = 0;
        for (Object o : items) {
            if (o instanceof Rec r) {
                bases += r.len;
                longest = Math.max(longest, r.len);
            }
        }
        ColumnStreams.Out packed = new ColumnStreams.Out((int) (bases / 4 + 1));
        int acc = 0;
        int held = 0;
        for (Object o : items) {
            if (o instanceof int[] line) {
                rawLine(layout, RAW_LINE, raw, d, line);
                continue;
            }
            Rec r = (Rec) o;
            layout.put(r.code);
            names.put(d, r.name, r.nameEnd - r.name);
            names.put(0);
            if ((r.code / 2) % 3 == PLUS_OTHER) {
                plus.varint(r.plusEnd - r.plus);
                plus.put(d, r.plus, r.plusEnd - r.plus);
            }
            lengths.varint(r.len);
            ReadModels.exceptions(d, r.seq, r.len, exceptions);
            for (int i = r.seq; i < r.seq + r.len; i++) {
                acc |= Math.max(0, ReadModels.BASE_CODE[d[i] & 0xFF]) << (2 * held);
                if (++held == 4) {
                    packed.put(acc);
                    acc = 0;
                    held = 0;
                }
            }
        }
        if (held > 0) {
            packed.put(acc);
        }
        Columns.Sink out = new Columns.Sink(len / 4);
        out.varint(items.size());
        out.block(Columns.pack(layout));
        out.block(Columns.pack(raw));
        out.block(Columns.pack(plus));
        out.varint(records);
        out.block(ReadNames.encode(names, records));
        out.block(Columns.pack(lengths));
        out.block(Columns.pack(exceptions));
        ColumnStreams.Out coded = new ColumnStreams.Out((int) (bases / 2));
        coded.coded(packed);
        ColumnStreams.Out[] quals = null;
        double smallest = Double.MAX_VALUE;
        int span = 0;
        for (int s : QUALITY_SPANS) {
            ColumnStreams.Out[] cols = qualityColumns(d, items, records, longest, s);
            double size = 0;
            for (ColumnStreams.Out c : cols) {
                size += ColumnStreams.estimatedBytes(c.array(), c.size());
            }
            if (size < smallest) {
                smallest = size;
                quals = cols;
                span = Math.min(s, Math.max(1, longest));
            }
        }
        coded.putVarint(span);
        coded.putVarint(quals.length);
        for (ColumnStreams.Out c : quals) {
            coded.coded(c);
        }
        out.put(coded.array(), 0, coded.size());
        return out.bytes();
    }

    /** The quality columns of version 2 with this span. */
    private static ColumnStreams.Out[] qualityColumns(byte[] d, List<Object> items, int records, int longest, int span) {
        int columns = (int) Math.min(QUALITY_COLUMNS, (longest + (long) span - 1) / span);
        span = Math.min(span, Math.max(1, longest));
        ColumnStreams.Out[] quals = new ColumnStreams.Out[columns];
        for (int c = 0; c < columns; c++) {
            quals[c] = new ColumnStreams.Out((int) Math.min((long) records * span, (long) records * longest));
        }
        for (Object o : items) {
            if (o instanceof Rec r) {
                for (int c = 0, i = 0; i < r.len && c < columns; c++, i += span) {
                    quals[c].putBytes(d, r.qual + i, c == columns - 1 ? r.len - i : Math.min(span, r.len - i));
                }
            }
        }
        return quals;
    }

    /** The four bases of each byte of version 2's packed bases. */
    private static final byte[] UNPACKED = new byte[1024];

    static {
        for (int b = 0; b < 1024; b++) {
            UNPACKED[b] = ReadModels.BASES[(b >> 2 >> (2 * (b & 3))) & 3];
        }
    }

    /** Bases and qualities of the records in order, as a payload version codes them. */
    private interface Reads {
        /** Sequence {@code n} bases long at {@code at} of {@code out}, leaving the positions {@code skip} marks (may be null). */
        void bases(byte[] out, int at, int n, boolean[] skip);

        void qualities(byte[] out, int at, int n);
    }

    /** Version 1: bases and qualities range coded under {@link ReadModels}, qualities as alphabet indexes. */
    private static Reads modelled(Columns.Source in) {
        ReadModels.Alphabet alphabet = ReadModels.Alphabet.read(in);
        Columns.Source coded = in.block();
        RangeCoder.Decoder rc = new RangeCoder.Decoder(coded.array(), coded.position(), coded.remaining());
        ReadModels.Bases bases = new ReadModels.Bases(SEQ_ORDER, SEQ_BITS);
        ReadModels.Qualities quals = new ReadModels.Qualities(alphabet.size());
        return new Reads() {
            @Override
            public void bases(byte[] out, int at, int n, boolean[] skip) {
                bases.decode(rc, out, at, n, skip);
            }

            @Override
            public void qualities(byte[] out, int at, int n) {
                quals.decode(rc, out, at, n, false);
                for (int i = at; i < at + n; i++) {
                    out[i] = alphabet.symbol(out[i] & 0xFF);
                }
            }
        };
    }

    /**
     * Version 2: bases two bits each (A for an exception) in a coded column, qualities in coded columns
     * by position in the read, so that the order-1 context of rANS is the previous quality at about that
     * position.
     */
    private static Reads columned(Columns.Source in, int rawLength) {
        ColumnStreams.In cols = new ColumnStreams.In("the FASTQ payload", in.array(), in.position(), in.remaining());
        ColumnStreams.In[] quals;
        int span;
        byte[] p;
        int packedLength;
        int start;
        try {
            ColumnStreams.In packed = cols.coded(rawLength / 4 + 1);
            p = packed.buffer();
            packedLength = packed.remaining();
            start = packed.take(packedLength);
            span = cols.count(rawLength);
            if (span == 0) {
                span = 1;
            }
            quals = new ColumnStreams.In[cols.count(QUALITY_COLUMNS)];
            for (int c = 0; c < quals.length; c++) {
                quals[c] = cols.coded(rawLength);
            }
        } catch (org.damnit.CorruptObjectException e) {
            throw new Columns.Damaged(e.getMessage());
        }
        int s = span;
        return new Reads() {
            private long base;

            @Override
            public void bases(byte[] out, int at, int n, boolean[] skip) {
                if (base + n > 4L * packedLength) {
                    throw new Columns.Damaged("bases end early");
                }
                int i = 0;
                if (skip == null) {
                    for (; i < n && (base & 3) != 0; i++, base++) {
                        out[at + i] = ReadModels.BASES[(p[start + (int) (base >>> 2)] >> (2 * (int) (base & 3))) & 3];
                    }
                    for (int from = start + (int) (base >>> 2); i + 4 <= n; i += 4, base += 4, from++) {
                        int four = (p[from] & 0xFF) << 2;
                        out[at + i] = UNPACKED[four];
                        out[at + i + 1] = UNPACKED[four + 1];
                        out[at + i + 2] = UNPACKED[four + 2];
                        out[at + i + 3] = UNPACKED[four + 3];
                    }
                }
                for (; i < n; i++, base++) {
                    if (skip == null || !skip[i]) {
                        out[at + i] = ReadModels.BASES[(p[start + (int) (base >>> 2)] >> (2 * (int) (base & 3))) & 3];
                    }
                }
            }

            @Override
            public void qualities(byte[] out, int at, int n) {
                if (n > 0 && quals.length == 0) {
                    throw new Columns.Damaged("qualities end early");
                }
                try {
                    for (int c = 0, i = 0; i < n && c < quals.length; c++, i += s) {
                        quals[c].copy(out, at + i, c == quals.length - 1 ? n - i : Math.min(s, n - i));
                    }
                } catch (org.damnit.CorruptObjectException e) {
                    throw new Columns.Damaged(e.getMessage());
                }
            }
        };
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength) {
        return decode(in, rawLength, VERSION, null);
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength, int version, byte[] base) {
        if (base != null) {
            throw new Columns.Damaged("a record with bases");
        }
        Columns.Budget budget = new Columns.Budget(rawLength);
        byte[] out = new byte[rawLength];
        int items = in.count(rawLength);
        Columns.Source layout = Columns.unpack(in.block(), rawLength, budget);
        Columns.Source raw = Columns.unpack(in.block(), 2L * rawLength, budget);
        Columns.Source plus = Columns.unpack(in.block(), 2L * rawLength, budget);
        int records = in.count(rawLength);
        byte[] names = ReadNames.decode(in.block(), records, rawLength, budget);
        Columns.Source lengths = Columns.unpack(in.block(), 2L * rawLength, budget);
        Columns.Source exceptions = Columns.unpack(in.block(), 4L * rawLength, budget);
        Reads reads = version == 1 ? modelled(in) : columned(in, rawLength);
        Columns.Writer w = new Columns.Writer(out);
        int name = 0;
        boolean[] skip = new boolean[256];
        for (int k = 0; k < items; k++) {
            int code = layout.get();
            if (code == RAW_LINE) {
                rawLine(raw, w, out, rawLength);
                continue;
            }
            if (code > RAW_LINE) {
                throw new Columns.Damaged("unknown record layout " + code);
            }
            int cr = code % 2;
            int plusKind = (code / 2) % 3;
            w.put('@');
            int nameStart = name;
            name = nameEnd(names, name);
            w.put(names, nameStart, name - nameStart);
            name++;
            w.end(cr);
            int n = lengths.count(rawLength);
            int seq = w.reserve(n);
            if (skip.length < n) {
                skip = new boolean[n];
            }
            boolean some = ReadModels.exceptions(exceptions, out, seq, n, skip);
            reads.bases(out, seq, n, some ? skip : null);
            w.end(cr);
            w.put('+');
            if (plusKind == PLUS_NAME) {
                w.put(names, nameStart, name - 1 - nameStart);
            } else if (plusKind == PLUS_OTHER) {
                int m = plus.count(rawLength);
                plus.get(out, w.reserve(m), m);
            }
            w.end(cr);
            reads.qualities(out, w.reserve(n), n);
            if (code < 6) {
                w.end(cr);
            }
        }
        if (w.pos != rawLength) {
            throw new Columns.Damaged("decodes to " + w.pos + " bytes, not " + rawLength);
        }
        return out;
    }
}
