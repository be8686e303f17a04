package org.damnit.core;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;

/**
 * FASTQ reads coded as the stored BAM records that hold them (chunk codec 12, docs/FORMAT.md "FASTQ from
 * BAM records"): a read whose name (less a {@code /1} or {@code /2} suffix and a comment after a space) is
 * the QNAME of a primary record of a BAM stored in the repository by its content, of that mate (or of no
 * mate: a read aligned alone), whose
 * bases and qualities (reverse-complemented and reversed when the record is reversed) are the read's,
 * is coded as the record's place among the records of the BAM content chunks the chunk lists as its bases
 * (up to {@link #MAX_BASES}); any other line (a read no BAM holds, a record cut by the chunk's ends, other
 * bases or qualities, CR line endings) is the chunk's own and coded by the FASTQ codec. The FASTQ codec hands
 * it a chunk; it recognises no file itself. Its decoder reads the records it names through the local
 * record cache ({@link BamRecords}), never the concatenation of its bases.
 */
final class FastqFromBam extends FromBamCodec {
    static final int VERSION = 1;
    static final int ID = 12;
    /** A record of this codec lists at most this many bases (the record header's count is a byte). */
    static final int MAX_BASES = 255;
    /** Record-cache entries an encoder keeps open at once (each holds its file open). */
    static final int OPEN_ENTRIES = 64;
    /** Keep the chunk only if reads from records make at least this share of it. */
    static final double MIN_SHARE = 0.5;
    private static final byte[] BASES = "=ACMGRSVTWYHKDBN".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The complement of each 4-bit base code. */
    private static final int[] COMPLEMENT = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};

    /** What one encoding was made against: a decoder bound to it checks the encoding. */
    private final List<ObjectId> bound;
    private final BamRecords records;
    private final BamRecords.Chunks chunks;

    FastqFromBam() {
        this(null, null, null);
    }

    private FastqFromBam(List<ObjectId> bases, BamRecords records, BamRecords.Chunks chunks) {
        super(ID, "fastq-bam", VERSION);
        this.bound = bases;
        this.records = records;
        this.chunks = chunks;
    }

    /** For tests of the fallback: every check by decode of an encoding fails. */
    static volatile boolean failChecks;
    /** The chunk and payload this decoder found to decode back byte for byte (the check is made once). */
    private volatile byte[] checkedData;
    private volatile byte[] checkedPayload;

    /** Whether {@code payload} decodes back to {@code data}; true again without decoding for the pair just checked. */
    @Override
    public boolean roundTrips(byte[] base, byte[] data, byte[] payload) {
        if (data == checkedData && payload == checkedPayload && data != null) {
            return true;
        }
        if (failChecks || !super.roundTrips(base, data, payload)) {
            return false;
        }
        checkedData = data;
        checkedPayload = payload;
        return true;
    }

    @Override
    long workBytes(int length) {
        return (8L << 20) + 16L * length;
    }

    @Override
    byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException {
        if (bound == null) {
            throw new CorruptObjectException(where + " is damaged: a " + name() + " record read without its BAM records");
        }
        try {
            return decode(bound, records, chunks, payload, off, len, rawLength);
        } catch (DamnitException e) {
            throw new CorruptObjectException(where + " cannot be decoded: " + e.getMessage());
        }
    }

    /**
     * Decodes a record of this codec: its bases, the record cache and a reader of verified chunks for
     * entries it must build; the result is to be checked against the chunk's id by the caller.
     */
    static byte[] decode(String where, List<ObjectId> bases, BamRecords records, BamRecords.Chunks chunks,
                         byte[] payload, int off, int len, int rawLength) throws DamnitException {
        FastqFromBam codec = new FastqFromBam(bases, records, chunks);
        if (len < 1 || rawLength < 0 || rawLength > Config.MAX_CHUNK_MAX || (payload[off] & 0xff) < 1
            || (payload[off] & 0xff) > VERSION) {
            return codec.decode(where, null, payload, off, len, rawLength); // refuses it, naming why
        }
        byte[] out;
        try {
            out = codec.decode(bases, records, chunks, payload, off + 1, len - 1, rawLength);
        } catch (StorageException e) {
            throw e; // a base the store cannot read now (a network error, a full disk) is no damage of the chunk
        } catch (DamnitException e) {
            throw new CorruptObjectException(where + " cannot be decoded: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CorruptObjectException(where + " is damaged: its " + codec.name() + " payload does not decode ("
                + e.getClass().getSimpleName() + ")");
        }
        if (out.length != rawLength) {
            throw new CorruptObjectException(where + " is damaged: its " + codec.name() + " payload decodes to "
                + out.length + " bytes, not " + rawLength);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- encode

    /**
     * The FASTQ chunk {@code data} coded against stored BAM records, or null when {@code references} offers
     * none, too few of its reads are in them, or anything fails (the FASTQ codec then codes it).
     */
    static Encoding encode(byte[] data, int level, References references) {
        StoredAlignments a = references.alignments();
        if (a == null || data.length == 0 || a.bamRecords() == null) {
            return null;
        }
        try {
            return new Encoder(data, level, a).encode();
        } catch (DamnitException | RuntimeException e) {
            return null;
        }
    }

    /** One read: its record in the FASTQ text and the parts of its name. */
    private record Read(FastqCodec.Rec rec, int start, int end, int qnameEnd, int suffix, int commentStart, int plus) {
    }

    private static final class Encoder {
        private final byte[] d;
        private final int level;
        private final StoredAlignments a;
        private final List<Object> items = new ArrayList<>(); // Read or int[] {from, to} own bytes

        Encoder(byte[] d, int level, StoredAlignments a) {
            this.d = d;
            this.level = level;
            this.a = a;
            for (int p = 0; p < d.length; ) {
                FastqCodec.Rec r = d[p] == '@' ? FastqCodec.parse(d, p, d.length) : null;
                Read read = r == null ? null : read(r, p);
                if (read != null) {
                    items.add(read);
                    p = read.end;
                } else {
                    int nl = ReadCodec.indexOf(d, p, d.length);
                    int q = r != null ? FastqCodec.recordEnd(r) : nl < 0 ? d.length : nl + 1;
                    items.add(new int[] {p, q});
                    p = q;
                }
            }
        }

        /** The read of a parsed record, or null if it is not of the layout this codec writes. */
        private Read read(FastqCodec.Rec r, int start) {
            if (r.code() != FastqCodec.PLUS_EMPTY * 2 && r.code() != FastqCodec.PLUS_NAME * 2) {
                return null; // CR, another '+' line, the last record without its newline
            }
            int comment = r.nameEnd();
            for (int i = r.name(); i < r.nameEnd(); i++) {
                if (d[i] == ' ' || d[i] == '\t') {
                    comment = i;
                    break;
                }
            }
            int qEnd = comment;
            int suffix = 0;
            if (qEnd - r.name() > 2 && d[qEnd - 2] == '/' && (d[qEnd - 1] == '1' || d[qEnd - 1] == '2')) {
                suffix = d[qEnd - 1] - '0';
                qEnd -= 2;
            }
            if (qEnd == r.name() || qEnd - r.name() > 254) {
                return null;
            }
            return new Read(r, start, FastqCodec.recordEnd(r), qEnd, suffix, comment, r.code() / 2);
        }

        Encoding encode() throws DamnitException {
            int reads = 0;
            for (Object o : items) {
                reads += o instanceof Read ? 1 : 0;
            }
            if (reads == 0) {
                return null;
            }
            BamRecords br = a.bamRecords();
            BamRecords.Chunks reader = a::content;
            // the BAM whose records hold a sample of the reads. Names alone do not tell: reads of other
            // samples may be named alike (simulators number them from 1), so of each BAM whose index names
            // half the sample a few reads are matched against their records, the BAM chosen last first.
            List<Read> sample = new ArrayList<>();
            for (int i = 0, k = 0, step = Math.max(1, reads / 64); i < items.size(); i++) {
                if (items.get(i) instanceof Read r && k++ % step == 0) {
                    sample.add(r);
                }
            }
            List<BamRecords.Index> named = new ArrayList<>();
            List<Integer> hitsOf = new ArrayList<>();
            for (List<Node.Piece> bam : a.bamContents()) {
                BamRecords.Index idx = br.index(bam, reader);
                if (idx == null) {
                    continue;
                }
                int hits = 0;
                for (Read r : sample) {
                    hits += candidates(idx, r).length > 0 ? 1 : 0;
                }
                if (hits > 0 && hits >= sample.size() / 2) {
                    named.add(idx);
                    hitsOf.add(hits);
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < named.size(); i++) {
                order.add(i);
            }
            List<ObjectId> last = a.lastReadSource();
            order.sort((x, y) -> {
                boolean lx = named.get(x).chunks.equals(last);
                boolean ly = named.get(y).chunks.equals(last);
                return lx != ly ? (lx ? -1 : 1) : Integer.compare(hitsOf.get(y), hitsOf.get(x));
            });
            BamRecords.Index best = null;
            for (int i : order) {
                if (holds(named.get(i), sample, br, reader)) {
                    best = named.get(i);
                    break;
                }
            }
            if (best == null) {
                return null;
            }
            a.lastReadSource(best.chunks);
            BamRecords.Index idx = best;
            if (!reachable(idx)) {
                return null;
            }
            Map<Integer, BamRecords.Entry> open = openEntries();
            try {
                long[] at = new long[items.size()]; // the place of each read found, else -1
                java.util.Arrays.fill(at, -1);
                Map<Integer, Integer> votes = new HashMap<>();
                byte[][] scratch = {new byte[1024]};
                for (int i = 0; i < items.size(); i++) {
                    if (!(items.get(i) instanceof Read r)) {
                        continue;
                    }
                    long place = find(idx, r, br, reader, open, scratch);
                    if (place >= 0) {
                        at[i] = place;
                        votes.merge((int) (place >>> 32), 1, Integer::sum);
                    }
                }
                // the bases: the chunks used, by votes while at most MAX_BASES (with the chunks last records run on into)
                List<Integer> byVotes = new ArrayList<>(votes.keySet());
                byVotes.sort((x, y) -> Integer.compare(votes.get(y), votes.get(x)));
                java.util.TreeSet<Integer> listed = new java.util.TreeSet<>();
                java.util.Set<Integer> usedChunks = new java.util.HashSet<>();
                for (int c : byVotes) {
                    // a spilling chunk's entry holds its last record whole from the next chunk
                    if (list(listed, c, idx.spills[c])) {
                        usedChunks.add(c);
                    }
                }
                List<Integer> baseChunks = new ArrayList<>(listed);
                Map<Integer, Integer> baseOf = new HashMap<>();
                long[] offset = new long[baseChunks.size() + 1];
                for (int i = 0; i < baseChunks.size(); i++) {
                    baseOf.put(baseChunks.get(i), i);
                    offset[i + 1] = offset[i] + Math.max(0, idx.counts[baseChunks.get(i)]);
                }
                long total = Math.max(1, offset[baseChunks.size()]);
                int width = 64 - Long.numberOfLeadingZeros(total - 1);
                Columns.Sink head = new Columns.Sink(64 + 8 * baseChunks.size());
                head.varint(baseChunks.size());
                for (int i = 0; i < baseChunks.size(); i++) {
                    int c = baseChunks.get(i);
                    boolean spill = idx.spills[c] && i + 1 < baseChunks.size() && baseChunks.get(i + 1) == c + 1;
                    head.varint(idx.first[c] + 1L);
                    head.varint(Math.max(0, idx.counts[c]));
                    head.put(spill ? 1 : 0);
                }
                Columns.Sink ops = new Columns.Sink(items.size());
                Columns.Sink ownLengths = new Columns.Sink(64);
                Columns.Sink comments = new Columns.Sink(64);
                Bits pointers = new Bits();
                ByteArrayOutputStream own = new ByteArrayOutputStream();
                long derived = 0;
                int ownRun = 0;
                int nItems = 0;
                for (int i = 0; i < items.size(); i++) {
                    Object o = items.get(i);
                    long place = at[i];
                    Read r = o instanceof Read x ? x : null;
                    if (r == null || place < 0 || !usedChunks.contains((int) (place >>> 32))) {
                        int from = r != null ? r.start : ((int[]) o)[0];
                        int to = r != null ? r.end : ((int[]) o)[1];
                        own.write(d, from, to - from);
                        ownRun += to - from;
                        continue;
                    }
                    if (ownRun > 0) {
                        ops.put(0);
                        ownLengths.varint(ownRun);
                        ownRun = 0;
                        nItems++;
                    }
                    boolean comment = r.commentStart < r.rec.nameEnd();
                    ops.put(1 + r.suffix + 3 * r.plus + 6 * (comment ? 1 : 0));
                    nItems++;
                    if (comment) {
                        comments.varint(r.rec.nameEnd() - r.commentStart);
                        comments.put(d, r.commentStart, r.rec.nameEnd() - r.commentStart);
                    }
                    int c = (int) (place >>> 32);
                    pointers.put(offset[baseOf.get(c)] + (int) place, width);
                    derived += r.end - r.start;
                }
                if (ownRun > 0) {
                    ops.put(0);
                    ownLengths.varint(ownRun);
                    nItems++;
                }
                if (derived < MIN_SHARE * d.length) {
                    return null;
                }
                head.varint(nItems);
                head.block(Columns.pack(ops));
                head.block(Columns.pack(ownLengths));
                head.block(Columns.pack(comments));
                head.varint(width);
                head.block(pointers.bytes());
                writeResidual(head, own.toByteArray(), ChunkCodecs.FASTQ, level);
                byte[] payload = payload(VERSION, head);
                List<ObjectId> bases = new ArrayList<>();
                for (int c : baseChunks) {
                    bases.add(idx.chunks.get(c));
                }
                bases = List.copyOf(bases);
                return new Encoding(payload, bases, null, new FastqFromBam(bases, br, reader));
            } finally {
                for (BamRecords.Entry e : open.values()) {
                    e.close();
                }
            }
        }

        /**
         * Whether the reads the index names could make {@link #MIN_SHARE} of the chunk from at most {@link
         * #MAX_BASES} of its chunks, by the index alone (no record opened): reads of a FASTQ in an order
         * unrelated to the BAM's lie in as many chunks of it as there are reads, so of a BAM of more chunks
         * than that a chunk can list too few to pay.
         */
        private boolean reachable(BamRecords.Index idx) {
            Map<Integer, Long> bytes = new HashMap<>();
            for (Object o : items) {
                if (o instanceof Read r) {
                    long[] p = candidates(idx, r);
                    if (p.length > 0) {
                        bytes.merge((int) (p[0] >>> 32), (long) (r.end - r.start), Long::sum);
                    }
                }
            }
            List<Map.Entry<Integer, Long>> by = new ArrayList<>(bytes.entrySet());
            by.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
            java.util.Set<Integer> listed = new java.util.HashSet<>();
            long reach = 0;
            for (Map.Entry<Integer, Long> e : by) {
                int c = e.getKey();
                if (list(listed, c, c >= 0 && c < idx.spills.length && idx.spills[c])) {
                    reach += e.getValue();
                }
            }
            return reach >= MIN_SHARE * d.length;
        }

        /** Whether the records of {@code idx} hold at least half of up to 8 reads of the sample. */
        private boolean holds(BamRecords.Index idx, List<Read> sample, BamRecords br, BamRecords.Chunks reader)
            throws DamnitException {
            Map<Integer, BamRecords.Entry> open = openEntries();
            byte[][] scratch = {new byte[1024]};
            try {
                int tried = 0;
                int held = 0;
                for (int i = 0, step = Math.max(1, sample.size() / 8); i < sample.size() && tried < 8; i += step) {
                    tried++;
                    held += find(idx, sample.get(i), br, reader, open, scratch) >= 0 ? 1 : 0;
                }
                return tried > 0 && 2 * held >= tried;
            } finally {
                for (BamRecords.Entry e : open.values()) {
                    e.close();
                }
            }
        }

        /**
         * The entries an encoder has open, by chunk: at most {@link #OPEN_ENTRIES} (each holds its file open),
         * the least recently used closed beyond them.
         */
        private static Map<Integer, BamRecords.Entry> openEntries() {
            return new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, BamRecords.Entry> eldest) {
                    if (size() <= OPEN_ENTRIES) {
                        return false;
                    }
                    eldest.getValue().close();
                    return true;
                }
            };
        }

        /** The place of the record of {@code idx} that prints as read {@code r}, or -1; entries opened go into {@code open}. */
        private long find(BamRecords.Index idx, Read r, BamRecords br, BamRecords.Chunks reader,
                          Map<Integer, BamRecords.Entry> open, byte[][] scratch) throws DamnitException {
            for (long place : candidates(idx, r)) {
                int c = (int) (place >>> 32);
                int k = (int) place;
                if (c < 0 || c >= idx.chunks.size() || idx.first[c] < 0 || k < 0 || k >= idx.counts[c]) {
                    continue;
                }
                BamRecords.Entry e = open.get(c);
                if (e == null) {
                    e = br.new Entry(idx.chunks.get(c), idx.first[c], idx.spills[c] ? idx.chunks.get(c + 1) : null,
                        idx.counts[c], reader);
                    open.put(c, e);
                }
                byte[] rec = e.record(k);
                int n = r.rec.len();
                if (scratch[0].length < 2 * n) {
                    scratch[0] = new byte[2 * n];
                }
                if (matches(rec, d, r, scratch[0])) {
                    return place;
                }
            }
            return -1;
        }

        /**
         * Lists chunk {@code c} among the bases, and the next one too where its last record spills into it
         * ({@code tail}), if they fit within {@link #MAX_BASES}; whether they did.
         */
        private static boolean list(java.util.Set<Integer> listed, int c, boolean tail) {
            int more = (listed.contains(c) ? 0 : 1) + (tail && !listed.contains(c + 1) ? 1 : 0);
            if (listed.size() + more > MAX_BASES) {
                return false;
            }
            listed.add(c);
            if (tail) {
                listed.add(c + 1);
            }
            return true;
        }

        /** The places the index holds for this read's name and mate. */
        private long[] candidates(BamRecords.Index idx, Read r) {
            // a read named /1 or /2 is that mate's record, or a record of a read aligned alone (no mate bits:
            // bwa mem of one FASTQ drops the suffix); the suffix is kept in the payload either way
            int[] mates = r.suffix == 1 ? new int[] {0x40, 0} : r.suffix == 2 ? new int[] {0x80, 0} : new int[] {0, 0x40, 0x80, 0xC0};
            long[] all = new long[0];
            for (int m : mates) {
                long[] p = idx.find(BamRecords.key(d, r.rec.name(), r.qnameEnd, m), 4);
                if (p.length > 0) {
                    long[] j = java.util.Arrays.copyOf(all, all.length + p.length);
                    System.arraycopy(p, 0, j, all.length, p.length);
                    all = j;
                }
            }
            return all;
        }

        /** Whether BAM record {@code rec} prints as the read's name, bases and qualities. */
        private static boolean matches(byte[] rec, byte[] d, Read r, byte[] scratch) {
            int lName = rec[12] & 0xFF;
            int flag = SamText.uint16(rec, 18);
            if ((flag & 0x900) != 0 || 36 + lName > rec.length) {
                return false;
            }
            int qn = r.qnameEnd - r.rec.name();
            if (lName - 1 != qn || !java.util.Arrays.equals(rec, 36, 36 + qn, d, r.rec.name(), r.qnameEnd)) {
                return false;
            }
            int n = r.rec.len();
            if (!readOf(rec, scratch, 0, n)) {
                return false;
            }
            return java.util.Arrays.equals(scratch, 0, n, d, r.rec.seq(), r.rec.seq() + n)
                && java.util.Arrays.equals(scratch, n, 2 * n, d, r.rec.qual(), r.rec.qual() + n);
        }
    }

    /**
     * Writes the bases then the qualities (Phred+33) of the read BAM record {@code rec} holds, as the
     * sequencer gave them (reverse-complemented and reversed if the record is reversed), to [at, at + 2n)
     * of {@code out}; false if the record's read is not {@code n} bases with qualities.
     */
    static boolean readOf(byte[] rec, byte[] out, int at, int n) {
        int lName = rec[12] & 0xFF;
        int nCigar = SamText.uint16(rec, 16);
        int flag = SamText.uint16(rec, 18);
        int lSeq = SamText.int32(rec, 20);
        int seq = 36 + lName + 4 * nCigar;
        int qual = seq + (lSeq + 1) / 2;
        if (lSeq != n || n == 0 || qual + (long) lSeq > rec.length || (rec[qual] & 0xFF) == 0xFF) {
            return false;
        }
        boolean rev = (flag & 0x10) != 0;
        for (int i = 0; i < n; i++) {
            int j = rev ? n - 1 - i : i;
            int code = (rec[seq + (j >> 1)] >> ((j & 1) == 0 ? 4 : 0)) & 0xF;
            out[at + i] = BASES[rev ? COMPLEMENT[code] : code];
            int q = rec[qual + j] & 0xFF;
            if (q > 93) {
                return false;
            }
            out[at + n + i] = (byte) (q + 33);
        }
        return true;
    }

    /** Fixed-width unsigned integers, most significant bit first. */
    private static final class Bits {
        private final Columns.Sink out = new Columns.Sink(256);
        private long acc;
        private int held;

        void put(long v, int width) {
            for (int b = width - 1; b >= 0; b--) {
                acc = acc << 1 | (v >>> b & 1);
                if (++held == 8) {
                    out.put((int) acc);
                    acc = 0;
                    held = 0;
                }
            }
        }

        byte[] bytes() {
            if (held > 0) {
                out.put((int) (acc << (8 - held)));
                acc = 0;
                held = 0;
            }
            return out.bytes();
        }
    }

    // ---------------------------------------------------------------------------------------------- decode

    private byte[] decode(List<ObjectId> bases, BamRecords br, BamRecords.Chunks reader, byte[] payload, int off,
                          int len, int rawLength) throws DamnitException {
        Columns.Source in = new Columns.Source(payload, off, len);
        int nb = in.count(MAX_BASES);
        if (nb != bases.size()) {
            throw new Columns.Damaged("names " + nb + " bases, the record " + bases.size());
        }
        int[] first = new int[nb];
        int[] counts = new int[nb];
        boolean[] spill = new boolean[nb];
        long[] offset = new long[nb + 1];
        for (int i = 0; i < nb; i++) {
            first[i] = in.count(Integer.MAX_VALUE) - 1;
            counts[i] = in.count(64 << 20);
            spill[i] = in.get() != 0;
            offset[i + 1] = offset[i] + counts[i];
        }
        int items = in.count(rawLength);
        Columns.Budget budget = new Columns.Budget(rawLength);
        Columns.Source ops = Columns.unpack(in.block(), rawLength, budget);
        Columns.Source ownLengths = Columns.unpack(in.block(), 2L * rawLength, budget);
        Columns.Source comments = Columns.unpack(in.block(), 2L * rawLength, budget);
        int width = in.count(40);
        Columns.Source bits = in.block();
        byte[] res = readResidual(in, rawLength, ChunkCodecs.FASTQ, "the residual");
        if (!in.atEnd()) {
            throw new Columns.Damaged("residual of the wrong length");
        }
        byte[] bitBuf = bits.array();
        int bitStart = bits.position();
        long bitEnd = 8L * bits.remaining();
        // the ops, and the pointer of each read
        byte[] opOf = new byte[items];
        long[] ptr = new long[Math.min(items, 1024)];
        int reads = 0;
        long bitAt = 0;
        for (int k = 0; k < items; k++) {
            int op = ops.get();
            if (op > 12) {
                throw new Columns.Damaged("unknown op " + op);
            }
            opOf[k] = (byte) op;
            if (op == 0) {
                continue;
            }
            if (bitAt + width > bitEnd) {
                throw new Columns.Damaged("pointers end early");
            }
            long g = bits(bitBuf, bitStart, bitAt, width);
            bitAt += width;
            int i = upper(offset, g);
            if (i < 0) {
                throw new Columns.Damaged("a pointer past the records");
            }
            if (first[i] < 0) {
                throw new Columns.Damaged("a pointer into a chunk without records");
            }
            if (reads == ptr.length) {
                ptr = java.util.Arrays.copyOf(ptr, 2 * reads);
            }
            ptr[reads++] = g;
        }
        if (!ops.atEnd()) {
            throw new Columns.Damaged("ops after the last item");
        }
        // the reads grouped by base, so each base's records are opened once, one base at a time
        boolean[] used = new boolean[nb];
        int[] perBase = new int[nb + 1];
        for (int j = 0; j < reads; j++) {
            int i = upper(offset, ptr[j]);
            used[i] = true;
            perBase[i + 1]++;
        }
        for (int i = 0; i < nb; i++) {
            perBase[i + 1] += perBase[i];
        }
        int[] order = new int[reads];
        int[] fill = java.util.Arrays.copyOf(perBase, nb);
        for (int j = 0; j < reads; j++) {
            order[fill[upper(offset, ptr[j])]++] = j;
        }
        // their missing cache entries are built first, in order (skipped when the cache cannot be written)
        br.prepare(bases, first, spill, used, reader);
        // each read's name, bases and qualities, read base by base; all of them print within the chunk
        int[] at = new int[reads];
        int[] nameLength = new int[reads];
        int[] seqLength = new int[reads];
        byte[] got = new byte[Math.min(rawLength, 1 << 16)];
        int gotAt = 0;
        byte[] scratch = new byte[512];
        for (int i = 0; i < nb; i++) {
            if (perBase[i] == perBase[i + 1]) {
                continue;
            }
            BamRecords.Entry e = br.new Entry(bases.get(i), first[i], spill[i] && i + 1 < nb ? bases.get(i + 1) : null,
                counts[i], reader);
            try {
                for (int x = perBase[i]; x < perBase[i + 1]; x++) {
                    int j = order[x];
                    byte[] rec = e.record((int) (ptr[j] - offset[i]));
                    int lName = rec[12] & 0xFF;
                    int lSeq = SamText.int32(rec, 20);
                    if (lName < 2 || 36 + lName > rec.length || lSeq < 1 || lSeq > rawLength) {
                        throw new Columns.Damaged("a record that is no read");
                    }
                    if (scratch.length < 2 * lSeq) {
                        scratch = new byte[2 * lSeq];
                    }
                    if (!readOf(rec, scratch, 0, lSeq)) {
                        throw new Columns.Damaged("a record without its read");
                    }
                    int need = lName - 1 + 2 * lSeq;
                    if ((long) gotAt + need > rawLength) {
                        throw new Columns.Damaged("reads longer than the chunk");
                    }
                    if (gotAt + need > got.length) {
                        got = java.util.Arrays.copyOf(got, (int) Math.min(rawLength, Math.max(2L * got.length, gotAt + need)));
                    }
                    at[j] = gotAt;
                    nameLength[j] = lName - 1;
                    seqLength[j] = lSeq;
                    System.arraycopy(rec, 36, got, gotAt, lName - 1);
                    System.arraycopy(scratch, 0, got, gotAt + lName - 1, 2 * lSeq);
                    gotAt += need;
                }
            } finally {
                e.close();
            }
        }
        byte[] out = new byte[rawLength];
        Columns.Writer w = new Columns.Writer(out);
        int resAt = 0;
        for (int k = 0, j = 0; k < items; k++) {
            int op = opOf[k];
            if (op == 0) {
                int n = ownLengths.count(rawLength);
                if (resAt + n > res.length) {
                    throw new Columns.Damaged("residual ends early");
                }
                w.put(res, resAt, n);
                resAt += n;
                continue;
            }
            int suffix = (op - 1) % 3;
            int plus = (op - 1) / 3 % 2;
            boolean comment = op > 6;
            int a = at[j];
            int nl = nameLength[j];
            int lSeq = seqLength[j++];
            int nameStart = w.pos + 1;
            w.put('@');
            w.put(got, a, nl);
            if (suffix > 0) {
                w.put('/');
                w.put('0' + suffix);
            }
            if (comment) {
                int m = comments.count(rawLength);
                comments.get(out, w.reserve(m), m);
            }
            int nameEnd = w.pos;
            w.put('\n');
            w.put(got, a + nl, lSeq);
            w.put('\n');
            w.put('+');
            if (plus == 1) {
                w.put(out, nameStart, nameEnd - nameStart);
            }
            w.put('\n');
            w.put(got, a + nl + lSeq, lSeq);
            w.put('\n');
        }
        if (w.pos != rawLength || resAt != res.length) {
            throw new Columns.Damaged("decodes to " + w.pos + " bytes, not " + rawLength);
        }
        return out;
    }

    /** The {@code width} bits at bit {@code at} after byte {@code start} of {@code b}, most significant first. */
    private static long bits(byte[] b, int start, long at, int width) {
        long g = 0;
        for (int k = 0; k < width; k++, at++) {
            g = g << 1 | (b[start + (int) (at >>> 3)] >> (7 - (int) (at & 7)) & 1);
        }
        return g;
    }

    /** The i with offset[i] &lt;= g &lt; offset[i + 1], or -1. */
    private static int upper(long[] offset, long g) {
        int lo = 0;
        int hi = offset.length - 2;
        if (hi < 0 || g < 0 || g >= offset[offset.length - 1]) {
            return -1;
        }
        while (lo < hi) {
            int mid = lo + hi + 1 >>> 1;
            if (offset[mid] <= g) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}

