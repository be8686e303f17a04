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
            check(from, to, zero, lineBases, lineBytes, base.length);
            return new Span(ref, from, to, zero, lineBases, lineBytes,
                ReferenceSpans.codes(from, to, zero, lineBases, lineBytes, base));
        }
    }

    /** The most spans a payload holds (a writer leaves further references out). */
    static final int MAX_SPANS = Pack.MAX_BASES * 64;

    /**
     * The most reference codes a record's spans may make a reader build, spans of one geometry read as
     * their union ({@link #read}): {@link Pack#MAX_BASES} times the bytes of the record's base (a writer
     * leaves out a reference that would take its spans past it).
     */
    static long maxCodes(long baseLength) {
        return Pack.MAX_BASES * baseLength;
    }

    /** Refuses a span that is empty, of an impossible line layout or whose bases lie outside a base of that length. */
    private static void check(long from, long to, long zero, int lineBases, int lineBytes, long baseLength) {
        if (to <= from || from < 0 || to - from > baseLength || lineBases < 1 || lineBytes < lineBases
            || Math.abs(zero) > 1L << 62 || to > Integer.MAX_VALUE) {
            throw new Columns.Damaged("bad reference span");
        }
        if (at(from, zero, lineBases, lineBytes) < 0 || at(to - 1, zero, lineBases, lineBytes) >= baseLength) {
            throw new Columns.Damaged("reference span outside its chunks");
        }
    }

    /** The index in the base of position {@code p} (at most 2^31, so no overflow for |zero| <= 2^62). */
    private static long at(long p, long zero, int lineBases, int lineBytes) {
        return zero + p / lineBases * lineBytes + p % lineBases;
    }

    /** The codes of positions [from, to), whose bases {@link #check} found within {@code base}. */
    private static byte[] codes(long from, long to, long zero, int lineBases, int lineBytes, byte[] base) {
        byte[] codes = new byte[(int) (to - from)];
        long line = zero + from / lineBases * lineBytes;
        int col = (int) (from % lineBases);
        for (int i = 0; i < codes.length; ) {
            int n = (int) Math.min(codes.length - i, lineBases - col);
            for (int j = 0, at = (int) (line + col); j < n; j++) {
                codes[i + j] = ReadModels.BASE_CODE[base[at + j] & 0xDF];
            }
            i += n;
            col = 0;
            line += lineBytes;
        }
        return codes;
    }

    /** Where a span's bases lie: spans of one geometry are of one reference sequence. */
    private record Geometry(long zero, int lineBases, int lineBytes) {
    }

    /**
     * The union of the spans of each geometry (several reference ids of one sequence: a header naming a
     * reference twice), in order of first appearance; null when together they would take more than
     * {@link #maxCodes} codes of a base of {@code baseLength} bytes.
     */
    private static Map<Geometry, long[]> unions(List<long[]> spans, long baseLength) {
        Map<Geometry, long[]> u = new java.util.LinkedHashMap<>();
        long total = 0;
        for (long[] f : spans) {
            long[] r = u.computeIfAbsent(new Geometry(f[3], (int) f[4], (int) f[5]), g -> new long[] {f[1], f[1]});
            total -= r[1] - r[0];
            r[0] = Math.min(r[0], f[1]);
            r[1] = Math.max(r[1], f[2]);
            total += r[1] - r[0];
        }
        return total > maxCodes(baseLength) ? null : u;
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
            if (chunks.size() + need.size() > Pack.MAX_BASES || found.size() == MAX_SPANS) {
                continue;
            }
            List<byte[]> bytes = new ArrayList<>();
            Map<ObjectId, Long> place = new HashMap<>();
            long size = base.size();
            for (ObjectId id : need) {
                byte[] c = references.chunk(id);
                place.put(id, size);
                size += c.length;
                bytes.add(c);
            }
            ObjectId head = seq.chunks().get(first);
            long zero = (at.containsKey(head) ? at.get(head) : place.get(head)) - seq.starts()[first] + seq.firstBase();
            found.add(new long[] {e.getKey(), from, to, zero, seq.lineBases(), seq.lineBytes()});
            try {
                // its chunks not in the FASTA's order after those already listed, or a reference named again
                // over other positions past the reader's bound: the reference is left out
                check(from, to, zero, seq.lineBases(), seq.lineBytes(), size);
            } catch (Columns.Damaged outside) {
                found.remove(found.size() - 1);
                continue;
            }
            if (unions(found, size) == null) {
                found.remove(found.size() - 1);
                continue;
            }
            for (int i = 0; i < need.size(); i++) {
                at.put(need.get(i), base.size());
                chunks.add(need.get(i));
                base.writeBytes(bytes.get(i));
            }
        }
        byte[] b = base.toByteArray();
        Span[] spans = new Span[found.size()];
        for (int i = 0; i < spans.length; i++) {
            long[] f = found.get(i);
            spans[i] = Span.of((int) f[0], f[1], f[2], f[3], (int) f[4], (int) f[5], b);
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

    /**
     * The spans of a payload coded against {@code base} (null: none). Spans of one geometry (reference ids
     * of one sequence, as a header naming a reference twice gives) are read as their union and share its
     * codes, which a reader builds for at most {@link #maxCodes} positions; a writer codes every read of a
     * reference id within its own span, so the union reads them as that span does.
     */
    static Span[] read(Columns.Source in, byte[] base) {
        int n = in.count(Math.min(MAX_SPANS, in.remaining() / 6)); // a span takes six bytes at least
        if (n > 0 && base == null) {
            throw new Columns.Damaged("reference spans without reference chunks");
        }
        List<long[]> found = new ArrayList<>(n);
        java.util.Set<Integer> refs = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int ref = in.count(Integer.MAX_VALUE);
            long from = in.count(Integer.MAX_VALUE);
            long to = from + in.count(base.length);
            long zero = in.signed();
            int lineBases = in.count(Integer.MAX_VALUE);
            int lineBytes = in.count(Integer.MAX_VALUE);
            check(from, to, zero, lineBases, lineBytes, base.length);
            if (!refs.add(ref)) {
                throw new Columns.Damaged("two reference spans of one reference id");
            }
            found.add(new long[] {ref, from, to, zero, lineBases, lineBytes});
        }
        Map<Geometry, long[]> unions = n == 0 ? Map.of() : unions(found, base.length);
        if (unions == null) {
            throw new Columns.Damaged("reference spans larger than their chunks allow");
        }
        Map<Geometry, byte[]> codes = new HashMap<>();
        Span[] spans = new Span[n];
        for (int i = 0; i < n; i++) {
            long[] f = found.get(i);
            Geometry g = new Geometry(f[3], (int) f[4], (int) f[5]);
            long[] u = unions.get(g);
            byte[] c = codes.computeIfAbsent(g, k -> codes(u[0], u[1], k.zero(), k.lineBases(), k.lineBytes(), base));
            spans[i] = new Span((int) f[0], u[0], u[1], g.zero(), g.lineBases(), g.lineBytes(), c);
        }
        return none(n == 0 ? base : null, spans);
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
