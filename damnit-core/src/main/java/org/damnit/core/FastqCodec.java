package org.damnit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * FASTQ records in columns (chunk codec 6, docs/FORMAT.md "FASTQ codec"): names through CRAM 3.1's
 * name tokeniser, bases and qualities through {@link ReadModels}, the line layout of every record
 * (line endings, the '+' line, a last line without its newline) as a code per record; any line that
 * is not part of a record, such as a record cut by the chunk's ends, is kept verbatim.
 */
final class FastqCodec extends ReadCodec {
    static final int VERSION = 1;
    /** Record layout codes are {@code ending + 2 * plus + 6 * unterminated}; this one is a verbatim line. */
    static final int RAW_LINE = 12;
    static final int PLUS_EMPTY = 0;
    static final int PLUS_NAME = 1;
    static final int PLUS_OTHER = 2;
    private static final int SEQ_ORDER = 4;
    private static final int SEQ_BITS = 8;
    /** Heap beyond the chunk's copies: the models (quality contexts of up to 256 symbols, lazily). */
    private static final long WORK = 8L << 20;

    FastqCodec() {
        super(6, "fastq", VERSION, WORK);
    }

    /** One parsed record: offsets into the input. */
    private record Rec(int name, int nameEnd, int seq, int len, int plus, int plusEnd, int qual, int code) {
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
    private static Rec parse(byte[] d, int p, int end) {
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

    private static int recordEnd(Rec r) {
        int cr = r.code % 2;
        return r.qual + r.len + (r.code >= 6 ? 0 : 1 + cr);
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
        ReadModels.Alphabet alphabet = new ReadModels.Alphabet();
        for (Object o : items) {
            if (o instanceof Rec r) {
                alphabet.mark(d, r.qual, r.qual + r.len);
            }
        }
        int symbols = alphabet.seal();
        ReadModels.Bases bases = new ReadModels.Bases(SEQ_ORDER, SEQ_BITS);
        ReadModels.Qualities quals = new ReadModels.Qualities(symbols);
        RangeCoder.Encoder rc = new RangeCoder.Encoder(len / 3);
        byte[] q = new byte[256];
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
            bases.encode(rc, d, r.seq, r.len);
            if (q.length < r.len) {
                q = new byte[r.len];
            }
            for (int i = 0; i < r.len; i++) {
                q[i] = (byte) alphabet.index(d[r.qual + i]);
            }
            quals.encode(rc, q, 0, r.len, false);
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
        alphabet.write(out);
        out.block(rc.finish());
        return out.bytes();
    }

    @Override
    byte[] decode(Columns.Source in, int rawLength) {
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
        ReadModels.Alphabet alphabet = ReadModels.Alphabet.read(in);
        int symbols = alphabet.size();
        Columns.Source coded = in.block();
        RangeCoder.Decoder rc = new RangeCoder.Decoder(coded.array(), coded.position(), coded.remaining());
        ReadModels.Bases bases = new ReadModels.Bases(SEQ_ORDER, SEQ_BITS);
        ReadModels.Qualities quals = new ReadModels.Qualities(symbols);
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
            bases.decode(rc, out, seq, n, some ? skip : null);
            w.end(cr);
            w.put('+');
            if (plusKind == PLUS_NAME) {
                w.put(names, nameStart, name - 1 - nameStart);
            } else if (plusKind == PLUS_OTHER) {
                int m = plus.count(rawLength);
                plus.get(out, w.reserve(m), m);
            }
            w.end(cr);
            int qual = w.reserve(n);
            quals.decode(rc, out, qual, n, false);
            for (int i = qual; i < qual + n; i++) {
                out[i] = alphabet.symbol(out[i] & 0xFF);
            }
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
