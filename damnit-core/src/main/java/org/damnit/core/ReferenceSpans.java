package org.damnit.core;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * Reference-based sequence coding for the alignment codecs (BAM records, SAM): which stored FASTA
 * chunks a chunk's reads need, and where each reference's bases lie in their concatenation (the
 * record's base), as the payload's reference spans (docs/FORMAT.md, "BAM records, version 2").
 */
final class ReferenceSpans {
    private ReferenceSpans() {
    }

    /** Coding without references. */
    static final Plan NONE = new Plan(new Span[0], List.of(), null);

    /**
     * The bases of the codec's reference {@code ref} at positions [from, to) (0-based), at index {@code
     * zero + p / lineBases * lineBytes + p % lineBases} of the base for position p; {@code codes} holds
     * them as 0-3 (-1: not A, C, G or T).
     */
    record Span(int ref, long from, long to, long zero, int lineBases, int lineBytes, byte[] codes) {
        static Span of(int ref, long from, long to, long zero, int lineBases, int lineBytes, byte[] base) {
            if (to <= from || to - from > base.length || lineBases < 1 || lineBytes < lineBases) {
                throw new Columns.Damaged("bad reference span");
            }
            byte[] codes = new byte[(int) (to - from)];
            long line = zero + from / lineBases * lineBytes;
            int col = (int) (from % lineBases);
            for (int i = 0; i < codes.length; ) {
                int n = (int) Math.min(codes.length - i, lineBases - col);
                long x = line + col;
                if (x < 0 || x + n > base.length) {
                    throw new Columns.Damaged("reference span outside its chunks");
                }
                for (int j = 0, at = (int) x; j < n; j++) {
                    codes[i + j] = ReadModels.BASE_CODE[base[at + j] & 0xDF];
                }
                i += n;
                col = 0;
                line += lineBytes;
            }
            return new Span(ref, from, to, zero, lineBases, lineBytes, codes);
        }
    }

    /** The spans, the chunks they lie in and those chunks' concatenation (null if none). */
    record Plan(Span[] spans, List<ObjectId> chunks, byte[] base) {
        /** The payload of payload {@code version} and {@code body}, with the chunks as its bases. */
        ContentCodec.Encoding encoding(int version, byte[] body) {
            byte[] payload = new byte[body.length + 1];
            payload[0] = (byte) version;
            System.arraycopy(body, 0, payload, 1, body.length);
            return new ContentCodec.Encoding(payload, chunks, chunks.isEmpty() ? null : base);
        }
    }

    /** The stored sequence of a codec's reference id, or null. */
    interface Lookup {
        References.Sequence sequence(int ref) throws DamnitException;
    }

    /**
     * The plan for the positions [from, to) each reference id's reads cover ({@code covered}, in order of
     * first appearance): a reference without a stored sequence, or whose chunks would take the record past
     * {@link Pack#MAX_BASES} bases, is left out.
     */
    static Plan plan(Map<Integer, long[]> covered, Lookup lookup, References references) throws DamnitException {
        List<long[]> found = new ArrayList<>();
        List<References.Sequence> sequences = new ArrayList<>();
        List<ObjectId> chunks = new ArrayList<>();
        Map<ObjectId, Integer> at = new HashMap<>();
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        for (Map.Entry<Integer, long[]> e : covered.entrySet()) {
            long from = e.getValue()[0];
            References.Sequence seq = lookup.sequence(e.getKey());
            if (seq == null || from >= seq.length()) {
                continue;
            }
            // a read past the reference's end: its bases there are not reference-coded, the others are
            long to = Math.min(e.getValue()[1], seq.length());
            int first = seq.chunkAt(seq.offset(from));
            int last = seq.chunkAt(seq.offset(to - 1));
            List<ObjectId> need = new ArrayList<>();
            for (int i = first; i <= last; i++) {
                ObjectId id = seq.chunks().get(i);
                if (!at.containsKey(id) && !need.contains(id)) {
                    need.add(id);
                }
            }
            if (chunks.size() + need.size() > Pack.MAX_BASES) {
                continue;
            }
            for (ObjectId id : need) {
                at.put(id, base.size());
                chunks.add(id);
                base.writeBytes(references.chunk(id));
            }
            found.add(new long[] {e.getKey(), from, to, at.get(seq.chunks().get(first)) - seq.starts()[first]
                + seq.firstBase()});
            sequences.add(seq);
        }
        byte[] b = base.toByteArray();
        Span[] spans = new Span[found.size()];
        for (int i = 0; i < spans.length; i++) {
            long[] f = found.get(i);
            References.Sequence seq = sequences.get(i);
            spans[i] = Span.of((int) f[0], f[1], f[2], f[3], seq.lineBases(), seq.lineBytes(), b);
        }
        return new Plan(spans, chunks, b);
    }

    /** Grows {@code covered}'s span of {@code ref} by [from, to). */
    static void cover(Map<Integer, long[]> covered, int ref, long from, long to) {
        long[] s = covered.computeIfAbsent(ref, k -> new long[] {from, to});
        s[0] = Math.min(s[0], from);
        s[1] = Math.max(s[1], to);
    }

    static void write(Span[] spans, Columns.Sink out) {
        out.varint(spans.length);
        for (Span s : spans) {
            out.varint(s.ref);
            out.varint(s.from);
            out.varint(s.to - s.from);
            out.signed(s.zero);
            out.varint(s.lineBases);
            out.varint(s.lineBytes);
        }
    }

    /** The spans of a payload coded against {@code base} (null: none). */
    static Span[] read(Columns.Source in, byte[] base) {
        Span[] spans = new Span[in.count(Pack.MAX_BASES * 64L)];
        if (spans.length > 0 && base == null) {
            throw new Columns.Damaged("reference spans without reference chunks");
        }
        for (int i = 0; i < spans.length; i++) {
            int ref = in.count(Integer.MAX_VALUE);
            long from = in.count(Integer.MAX_VALUE);
            long n = in.count(base.length);
            long zero = in.signed();
            int lineBases = in.count(Integer.MAX_VALUE);
            int lineBytes = in.count(Integer.MAX_VALUE);
            spans[i] = Span.of(ref, from, from + n, zero, lineBases, lineBytes, base);
        }
        return none(spans.length == 0 ? base : null, spans);
    }

    /** No spans, as a payload version without them has; refuses a base. */
    static Span[] none(byte[] base) {
        return none(base, new Span[0]);
    }

    private static Span[] none(byte[] base, Span[] spans) {
        if (base != null) {
            throw new Columns.Damaged("reference chunks without reference spans");
        }
        return spans;
    }

    /**
     * The reference base codes of a read on reference {@code ref} at its aligned positions ({@code
     * aligned}, -1: none) into {@code into}; null when no span covers the reference.
     */
    static byte[] codes(Span[] spans, int ref, int[] aligned, int n, byte[] into) {
        for (Span s : spans) {
            if (s.ref == ref) {
                for (int i = 0; i < n; i++) {
                    long a = aligned[i];
                    into[i] = a >= s.from && a < s.to ? s.codes[(int) (a - s.from)] : -1;
                }
                return into;
            }
        }
        return null;
    }
}
