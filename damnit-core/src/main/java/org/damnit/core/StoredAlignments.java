package org.damnit.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * The BAM files of the current branch's commit, and of a commit in progress ({@link #including}), that are
 * kept by their decompressed content (a container,
 * see docs/FORMAT.md "Containers"), as a source of records for SAM text exported from them ({@link
 * SamFromBam}). A BAM (named {@code .bam}) is indexed the first time a SAM chunk finds its records in no
 * BAM indexed so far, and only if its references (names and lengths) are the SAM header's: its content
 * chunks are read in order, and of each record whose key ({@link SamText#key}) falls in a 1/32 sample,
 * or that ends {@link #SPACING} bytes or more after the last kept record's start (long reads: a chunk of
 * their SAM holds a few dozen lines, often none in the sample), the key is kept with the content chunk
 * the record starts in; of each chunk, where its first record starts.
 * At most {@link #MAX_KEYS} keys are kept, in primitive arrays (later BAMs are then not indexed). A BAM's index is kept in
 * {@code .damnit/cache/alignments/SHA256} (the file's SHA-256; docs/FORMAT.md, "Chunk index (local
 * cache)") so that later processes read it instead of the BAM; one that is damaged or names other chunks
 * is rebuilt. Also the FASTA {@link References} it wraps. Thread-safe.
 */
final class StoredAlignments implements References {
    /**
     * The keys kept, at most: 12 bytes each (24 with the table's slack), a 64th of the heap (160,000
     * keys, the records of some 1.5 GB of BAM content, in the command line's 160 MiB), at most 4 Mi.
     */
    static final int MAX_KEYS = (int) Math.max(1024, Math.min(4 << 20, Runtime.getRuntime().maxMemory() / 64 / 24));

    private final References fasta;
    private final Refs refs;
    private final Trees trees;
    private final ChunkReader reader;
    private final Containers containers;
    /** Where indexes are kept between processes ({@code .damnit/cache}), or null: not kept. */
    private final Path cacheDir;
    private Optional<ObjectId> listed;
    /** BAM files of a commit in progress ({@link Including}) by SHA-256, and how often that set changed. */
    private final LinkedHashMap<ObjectId, Node> committing = new LinkedHashMap<>();
    private long committingVersion;
    /** {@link #committingVersion} when {@link #pending} was listed. */
    private long listedVersion = -1;
    /** BAM files of the commit in progress, then of the head commit, by SHA-256, not yet indexed or refused. */
    private final LinkedHashMap<ObjectId, Node> pending = new LinkedHashMap<>();
    private final Set<ObjectId> done = new HashSet<>();
    private final List<Content> streams = new ArrayList<>();
    private final Keys slots = new Keys();
    /** Slot i: stream {@code slotStream[i]}, chunk {@code slotChunk[i]}. */
    private final List<int[]> slotList = new ArrayList<>();

    StoredAlignments(References fasta, Refs refs, Trees trees, ChunkReader reader, Containers containers,
                     Path cacheDir) {
        this.fasta = fasta;
        this.cacheDir = cacheDir;
        this.refs = refs;
        this.trees = trees;
        this.reader = reader;
        this.containers = containers;
    }

    @Override
    public Sequence find(String name, long length) throws DamnitException {
        return fasta.find(name, length);
    }

    @Override
    public byte[] chunk(ObjectId id) throws DamnitException {
        return fasta.chunk(id);
    }

    @Override
    public StoredAlignments alignments() {
        return this;
    }

    /** Whether a key is in the sample every record of which is kept: 1 in 32. */
    static boolean sampled(long key) {
        return key >>> 59 == 0;
    }

    /**
     * A record is kept too when it ends this many bytes of BAM content or more after the start of the last
     * one kept: kept records start less than this apart, and every record this long is kept, so SAM
     * text of twice as many bytes of records holds a kept one's line (records of short reads, 1 in 32 of
     * some 300 bytes each: about 5% more keys).
     */
    static final int SPACING = 32 << 10;

    /**
     * One BAM's decompressed content: its chunks, the offset each starts at, where the first record
     * starting in each lies in it (-1: none), and its header's reference names.
     */
    record Content(List<ObjectId> chunks, long[] starts, int[] firstRecord, byte[][] names) implements SamText.Names {
        @Override
        public byte[] name(int id) {
            return id >= 0 && id < names.length ? names[id] : null;
        }
    }

    /** A kept key's place: the content and its chunk holding the record's start. */
    record Place(Content content, int chunk) {
    }

    /** How many BAMs are indexed. */
    synchronized int indexed() {
        return streams.size();
    }

    /** Where a kept key's record lies, or null if no indexed BAM holds it. */
    synchronized Place place(long key) {
        int s = slots.get(key);
        if (s < 0) {
            return null;
        }
        int[] p = slotList.get(s);
        return new Place(streams.get(p[0]), p[1]);
    }

    /** {@link #place} of each key {@code keyed} marks (null for the others and keys not kept), under one lock. */
    synchronized Place[] places(long[] keys, boolean[] keyed) {
        Place[] out = new Place[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = keyed[i] ? place(keys[i]) : null;
        }
        return out;
    }

    /** The record cache of FASTQ from BAM records ({@link FastqFromBam}), or null. */
    BamRecords bamRecords() {
        return reader.bamRecords();
    }

    private Optional<ObjectId> contentsListed;
    private long contentsVersion = -1;
    private List<List<Node.Piece>> contents = List.of();

    /**
     * The content chunks of each BAM file kept by a container ({@link #bamFiles}: the commit in progress's,
     * then the head commit's), for FASTQ from BAM records.
     */
    synchronized List<List<Node.Piece>> bamContents() throws DamnitException {
        Optional<ObjectId> head = refs.head();
        if (!head.equals(contentsListed) || contentsVersion != committingVersion) {
            List<List<Node.Piece>> out = new ArrayList<>();
            for (Node n : bamFiles(head)) {
                Optional<Container> c = containers.find(n.sha256());
                if (c.isPresent() && !c.get().content().pieces().isEmpty()) {
                    out.add(c.get().content().pieces());
                }
            }
            contents = List.copyOf(out);
            contentsListed = head;
            contentsVersion = committingVersion;
        }
        return contents;
    }

    /** The content chunks of the BAM that FASTQ from BAM records last found a chunk's reads in, or null. */
    private volatile List<ObjectId> lastReadSource;

    List<ObjectId> lastReadSource() {
        return lastReadSource;
    }

    void lastReadSource(List<ObjectId> chunks) {
        lastReadSource = chunks;
    }

    /** The verified bytes of a content chunk. */
    byte[] content(ObjectId id) throws DamnitException {
        return reader.readBase(id, 1, null);
    }

    /** The delta depth of a stored chunk's record, or -1 if it is not stored. */
    int depth(ObjectId id) throws DamnitException {
        return reader.locate(id).map(ChunkIndex.Location::depth).orElse(-1);
    }

    /** What a BAM's header says: its references (names, lengths) and its read groups' ids. */
    private record Header(byte[][] names, long[] lengths, Set<String> readGroups) {
        /** Whether SAM text of these references ({@code sq}: null, any) and read groups may be this BAM's. */
        boolean fits(Map<?, ?> sq, Set<String> groups) {
            if (sq != null) {
                if (sq.size() != names.length) {
                    return false;
                }
                for (int i = 0; i < names.length; i++) {
                    if (!Long.valueOf(lengths[i]).equals(sq.get(new String(names[i], StandardCharsets.ISO_8859_1)))) {
                        return false;
                    }
                }
            }
            return groups.isEmpty() || readGroups.isEmpty() || groups.stream().anyMatch(readGroups::contains);
        }
    }

    /** The headers read so far, by the BAM's SHA-256 (empty: not a BAM). */
    private final Map<ObjectId, Optional<Header>> headers = new HashMap<>();

    /**
     * Indexes the next BAM ({@link #bamFiles}: the commit in progress's, then the head commit's) that SAM text of these references (names to lengths; null:
     * any) and read groups (the {@code RG} tags of its lines; empty: any) may have been printed from: same
     * references, and one of the read groups among the BAM header's (or no read groups on either side);
     * false when none is left. True at once when another thread indexed one since the caller saw {@code
     * seen} BAMs indexed ({@link #indexed}): the caller looks again first.
     */
    synchronized boolean indexMore(Map<?, ?> sq, Set<String> groups, int seen) throws DamnitException {
        if (streams.size() != seen) {
            return true;
        }
        Optional<ObjectId> head = refs.head();
        if (!head.equals(listed) || listedVersion != committingVersion) {
            pending.clear();
            for (Node n : bamFiles(head)) {
                if (!done.contains(n.sha256())) {
                    pending.putIfAbsent(n.sha256(), n);
                }
            }
            listed = head;
            listedVersion = committingVersion;
        }
        for (java.util.Iterator<ObjectId> it = pending.keySet().iterator(); it.hasNext() && slots.size() < MAX_KEYS; ) {
            ObjectId file = it.next();
            Optional<Container> c = containers.find(file);
            Optional<Header> h = c.isEmpty() ? Optional.empty() : headers.get(file);
            if (c.isPresent() && h == null) {
                h = Optional.ofNullable(header(c.get().content().pieces()));
                headers.put(file, h);
            }
            if (h.isEmpty()) {
                it.remove();
                done.add(file);
                continue;
            }
            if (!h.get().fits(sq, groups)) {
                continue; // another SAM may be this one's
            }
            it.remove();
            done.add(file);
            if (index(file, c.get().content().pieces(), sq)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file is named as a BAM ({@code .bam}): only those are looked at. */
    static boolean bamName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".bam");
    }

    /**
     * The BAM files (by name, {@link #bamName}) whose content codecs may code against: those of the commit
     * in progress ({@link Including}), in the order they were added, then the head commit's; each once,
     * with or without a container (a codec finds that with {@code containers.find(sha256)}). A codec that
     * looks BAMs up by anything else than the kept keys ({@link #place}) lists them from here.
     */
    synchronized List<Node> bamFiles() throws DamnitException {
        return bamFiles(refs.head());
    }

    private List<Node> bamFiles(Optional<ObjectId> head) throws DamnitException {
        LinkedHashMap<ObjectId, Node> out = new LinkedHashMap<>();
        for (Node n : committing.values()) {
            if (bamName(n.name())) {
                out.putIfAbsent(n.sha256(), n);
            }
        }
        for (Node n : head.isEmpty() ? List.<Node>of() : trees.flatten(trees.readCommit(head.get()).tree()).values()) {
            if (n.type() == org.damnit.EntryType.FILE && n.sha256() != null && bamName(n.name())) {
                out.putIfAbsent(n.sha256(), n);
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * Files of a commit in progress that content codecs may code against before that commit is the head
     * (a commit with {@code deepOnCommit} adds its FASTA files once their chunks are published, and its
     * BAM files once their containers are): BAMs for {@link #indexMore} and {@link #bamFiles}, FASTA files
     * for {@link #find}. Closing it withdraws them (what was indexed of them stays: the chunks are stored,
     * and a record listing them as bases keeps them).
     */
    Including including() {
        return new Including();
    }

    /** See {@link #including()}. */
    final class Including implements AutoCloseable {
        private final List<ObjectId> added = new ArrayList<>();
        private final List<Node> fastaFiles = new ArrayList<>();

        private Including() {
        }

        /** Adds a file of the commit in progress, every chunk (and container) it names already published. */
        void add(Node file) {
            if (file == null || file.type() != org.damnit.EntryType.FILE || file.sha256() == null) {
                return;
            }
            if (StoredReferences.fastaName(file.name())) {
                synchronized (this) {
                    fastaFiles.add(file);
                    if (fasta instanceof StoredReferences s) {
                        s.including(fastaFiles);
                    }
                }
            }
            if (bamName(file.name())) {
                synchronized (StoredAlignments.this) {
                    if (committing.putIfAbsent(file.sha256(), file) == null) {
                        added.add(file.sha256());
                        committingVersion++;
                    }
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (!fastaFiles.isEmpty() && fasta instanceof StoredReferences s) {
                    s.including(List.of());
                }
                fastaFiles.clear();
            }
            synchronized (StoredAlignments.this) {
                added.forEach(committing::remove);
                added.clear();
                committingVersion++;
            }
        }
    }

    /** The header of the BAM content of these chunks, or null if it is not a BAM. */
    private Header header(List<Node.Piece> pieces) throws DamnitException {
        byte[] buf = new byte[0];
        for (int i = 0; i < pieces.size(); i++) {
            byte[] d = content(pieces.get(i).id());
            byte[] joined = java.util.Arrays.copyOf(buf, buf.length + d.length);
            System.arraycopy(d, 0, joined, buf.length, d.length);
            buf = joined;
            int h = SamText.headerEnd(buf);
            if (h == -2 || h == -1 && buf.length > SamText.MAX_BLOCK) {
                return null;
            }
            if (h >= 0) {
                int lText = SamText.int32(buf, 4);
                Set<String> groups = new HashSet<>();
                for (String line : new String(buf, 8, lText, StandardCharsets.ISO_8859_1).split("\n")) {
                    if (line.startsWith("@RG\t")) {
                        for (String f : line.split("\t")) {
                            if (f.startsWith("ID:")) {
                                groups.add(f.substring(3));
                            }
                        }
                    }
                }
                int q = 8 + lText;
                int nRef = SamText.int32(buf, q);
                q += 4;
                byte[][] names = new byte[nRef][];
                long[] lengths = new long[nRef];
                for (int r = 0; r < nRef; r++) {
                    int lName = SamText.int32(buf, q);
                    names[r] = java.util.Arrays.copyOfRange(buf, q + 4, q + 4 + lName - 1);
                    lengths[r] = SamText.int32(buf, q + 4 + lName) & 0xFFFFFFFFL;
                    q += 4 + lName + 4;
                }
                return new Header(names, lengths, groups);
            }
        }
        return null;
    }

    /** One BAM content's index as built or loaded: its chunks, references and kept keys. */
    private record Built(List<ObjectId> ids, long[] starts, int[] first, byte[][] names, long[] lengths,
                         long[] keys, int[] keyChunks) {
    }

    /** Indexes one BAM's content stream (from the cache if it has it); false if it is not a BAM of these references. */
    private boolean index(ObjectId file, List<Node.Piece> pieces, Map<?, ?> sq) throws DamnitException {
        if (pieces.isEmpty()) {
            return false;
        }
        Built b = load(file, pieces);
        if (b == null) {
            b = build(pieces, sq);
            if (b == null) {
                return false;
            }
            save(file, b);
        }
        if (sq != null) {
            if (sq.size() != b.names.length) {
                return false;
            }
            for (int i = 0; i < b.names.length; i++) {
                if (!Long.valueOf(b.lengths[i]).equals(sq.get(new String(b.names[i], StandardCharsets.ISO_8859_1)))) {
                    return false;
                }
            }
        }
        Content content = new Content(b.ids, b.starts, b.first, b.names);
        streams.add(content);
        int stream = streams.size() - 1;
        for (int i = 0; i < b.keys.length && slots.size() < MAX_KEYS; i++) {
            int chunk = b.keyChunks[i];
            if (slotList.isEmpty() || slotList.get(slotList.size() - 1)[0] != stream
                || slotList.get(slotList.size() - 1)[1] != chunk) {
                slotList.add(new int[] {stream, chunk});
            }
            slots.putIfAbsent(b.keys[i], slotList.size() - 1);
        }
        return true;
    }

    /** Reads one BAM's content stream; null if it is not a BAM (or not of {@code sq}'s references). */
    private Built build(List<Node.Piece> pieces, Map<?, ?> sq) throws DamnitException {
        int n = pieces.size();
        List<ObjectId> ids = new ArrayList<>(n);
        long[] starts = new long[n];
        int[] first = new int[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            ids.add(pieces.get(i).id());
            starts[i] = at;
            at += pieces.get(i).size();
            first[i] = -1;
        }
        byte[] buf = new byte[0];
        long bufStart = 0;
        byte[][] names = null;
        long[] lengths = null;
        SamText.Names dict = null;
        long[] keys = new long[1024];
        int[] keyChunks = new int[1024];
        int nKeys = 0;
        int chunk = 0;
        long lastKept = 0; // the stream offset of the last kept record's start (the first record's, at first)
        // chunks are decoded two at a time, every other one by a pool thread, then walked in order
        java.util.concurrent.Future<byte[]> ahead = null;
        try {
            for (int i = 0; i < n; i++) {
                byte[] d;
                if (ahead != null) {
                    d = ahead.get();
                    ahead = null;
                } else {
                    int next = i + 1;
                    if (next < n) {
                        ahead = java.util.concurrent.ForkJoinPool.commonPool().submit(() -> content(ids.get(next)));
                    }
                    d = content(ids.get(i));
                }
                byte[] joined = new byte[buf.length + d.length];
                System.arraycopy(buf, 0, joined, 0, buf.length);
                System.arraycopy(d, 0, joined, buf.length, d.length);
                buf = joined;
                int p = 0;
                if (names == null) {
                    int h = SamText.headerEnd(buf);
                    if (h == -2) {
                        return null; // not a BAM, or one with a damaged header
                    }
                    if (h == -1) {
                        if (buf.length > SamText.MAX_BLOCK) {
                            return null;
                        }
                        continue; // the header goes on in the next chunk
                    }
                    int q = 8 + SamText.int32(buf, 4);
                    int nRef = SamText.int32(buf, q);
                    q += 4;
                    names = new byte[nRef][];
                    lengths = new long[nRef];
                    for (int r = 0; r < nRef; r++) {
                        int lName = SamText.int32(buf, q);
                        names[r] = java.util.Arrays.copyOfRange(buf, q + 4, q + 4 + lName - 1);
                        lengths[r] = SamText.int32(buf, q + 4 + lName) & 0xFFFFFFFFL;
                        q += 4 + lName + 4;
                        if (sq != null && !Long.valueOf(lengths[r]).equals(sq.get(new String(names[r], StandardCharsets.ISO_8859_1)))) {
                            return null;
                        }
                    }
                    if (sq != null && sq.size() != nRef) {
                        return null;
                    }
                    byte[][] nm = names;
                    dict = id -> id >= 0 && id < nm.length ? nm[id] : null;
                    p = h;
                    lastKept = bufStart + h;
                }
                for (int e; (e = SamText.recordEnd(buf, p, buf.length)) >= 0; p = e) {
                    long x = bufStart + p;
                    while (chunk + 1 < n && starts[chunk + 1] <= x) {
                        chunk++;
                    }
                    if (first[chunk] < 0) {
                        first[chunk] = (int) (x - starts[chunk]);
                    }
                    long key = SamText.key(buf, p, dict);
                    if (key != 0 && (sampled(key) || bufStart + e - lastKept >= SPACING) && nKeys < MAX_KEYS) {
                        if (nKeys == keys.length) {
                            keys = java.util.Arrays.copyOf(keys, 2 * nKeys);
                            keyChunks = java.util.Arrays.copyOf(keyChunks, 2 * nKeys);
                        }
                        keys[nKeys] = key;
                        keyChunks[nKeys++] = chunk;
                        lastKept = x;
                    }
                }
                if (buf.length - p >= 4 + SamText.FIXED && SamText.recordEnd(buf, p, Integer.MAX_VALUE) < 0) {
                    break; // not a record: what comes before it is indexed, nothing after
                }
                bufStart += p;
                buf = java.util.Arrays.copyOfRange(buf, p, buf.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.damnit.StorageException("indexing a BAM's records was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof DamnitException de) {
                throw de;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (ahead != null) {
                ahead.cancel(false);
            }
        }
        if (names == null) {
            return null;
        }
        return new Built(ids, starts, first, names, lengths, java.util.Arrays.copyOf(keys, nKeys),
            java.util.Arrays.copyOf(keyChunks, nKeys));
    }

    /** Version 2: records kept by {@link #SPACING} too (a version 1 file, of the sample alone, is rebuilt). */
    private static final byte[] MAGIC = {'D', 'M', 'N', 'A', 2, 0, 0, 0};

    private Path cacheFile(ObjectId file) {
        return cacheDir == null ? null : cacheDir.resolve("alignments").resolve(file.toHex());
    }

    /** The cached index of the BAM with this SHA-256, if its file is intact and names these chunks; else null. */
    private Built load(ObjectId file, List<Node.Piece> pieces) {
        Path f = cacheFile(file);
        if (f == null) {
            return null;
        }
        try {
            // no larger than this process would write: a file of more keys or chunks is not read whole
            long most = 64 + 44L * pieces.size() + 2L * SamText.MAX_BLOCK + 12L * MAX_KEYS;
            if (!Files.isRegularFile(f) || Files.size(f) > most) {
                return null;
            }
            byte[] all = Files.readAllBytes(f);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(all, 0, all.length - 4);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
            if (all.length < 12 || (int) crc.getValue() != b.getInt(all.length - 4)
                || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return null;
            }
            b.position(MAGIC.length);
            int n = b.getInt();
            if (n != pieces.size()) {
                return null;
            }
            List<ObjectId> ids = new ArrayList<>(n);
            long[] starts = new long[n];
            int[] first = new int[n];
            long at = 0;
            for (int i = 0; i < n; i++) {
                byte[] id = new byte[32];
                b.get(id);
                ids.add(ObjectId.of(id));
                starts[i] = b.getLong();
                first[i] = b.getInt();
                if (!ids.get(i).equals(pieces.get(i).id()) || starts[i] != at
                    || first[i] < -1 || first[i] >= pieces.get(i).size()) {
                    return null;
                }
                at += pieces.get(i).size();
            }
            // every count is checked against the bytes left before anything of its size is allocated
            int nNames = b.getInt();
            if (nNames < 0 || nNames > b.remaining() / 12) {
                return null;
            }
            byte[][] names = new byte[nNames][];
            long[] lengths = new long[names.length];
            for (int i = 0; i < names.length; i++) {
                int l = b.getInt();
                if (l < 0 || l > b.remaining()) {
                    return null;
                }
                names[i] = new byte[l];
                b.get(names[i]);
                lengths[i] = b.getLong();
            }
            int k = b.getInt();
            if (k < 0 || k > MAX_KEYS || 12L * k + 4 != b.remaining()) {
                return null;
            }
            long[] keys = new long[k];
            int[] chunks = new int[k];
            for (int i = 0; i < k; i++) {
                keys[i] = b.getLong();
                chunks[i] = b.getInt();
                if (chunks[i] < 0 || chunks[i] >= n) {
                    return null;
                }
            }
            return b.remaining() == 4 ? new Built(ids, starts, first, names, lengths, keys, chunks) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // a cache only: rebuilt
        }
    }

    /** Writes the index of the BAM with this SHA-256 to the cache; a failure only costs a rebuild later. */
    private void save(ObjectId file, Built b) {
        Path f = cacheFile(file);
        if (f == null) {
            return;
        }
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(b.ids.size());
            for (int i = 0; i < b.ids.size(); i++) {
                out.write(b.ids.get(i).toBytes());
                out.writeLong(b.starts[i]);
                out.writeInt(b.first[i]);
            }
            out.writeInt(b.names.length);
            for (int i = 0; i < b.names.length; i++) {
                out.writeInt(b.names[i].length);
                out.write(b.names[i]);
                out.writeLong(b.lengths[i]);
            }
            out.writeInt(b.keys.length);
            for (int i = 0; i < b.keys.length; i++) {
                out.writeLong(b.keys[i]);
                out.writeInt(b.keyChunks[i]);
            }
            out.flush();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            Files.createDirectories(f.getParent());
            // a file of its own (not one per process: two repositories of a process may write the same index)
            Path tmp = Files.createTempFile(f.getParent(), f.getFileName() + ".", ".tmp");
            try {
                Files.write(tmp, bytes.toByteArray());
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a cache only
        }
    }

    /** Keys to slot numbers: open addressing over two arrays, a key 0 never stored. */
    private static final class Keys {
        private long[] keys = new long[1024];
        private int[] values = new int[1024];
        private int size;

        int size() {
            return size;
        }

        /** The value of {@code key}, or -1. */
        int get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); keys[i] != 0; i = i + 1 & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
            }
            return -1;
        }

        void putIfAbsent(long key, int value) {
            if (key == 0) {
                return;
            }
            if (2 * (size + 1) > keys.length) {
                long[] k = keys;
                int[] v = values;
                keys = new long[2 * k.length];
                values = new int[2 * k.length];
                size = 0;
                for (int i = 0; i < k.length; i++) {
                    if (k[i] != 0) {
                        putIfAbsent(k[i], v[i]);
                    }
                }
            }
            int mask = keys.length - 1;
            int i = slot(key, mask);
            for (; keys[i] != 0; i = i + 1 & mask) {
                if (keys[i] == key) {
                    return;
                }
            }
            keys[i] = key;
            values[i] = value;
            size++;
        }

        private static int slot(long key, int mask) {
            return (int) (key ^ key >>> 32) * 0x9E3779B9 >>> 7 & mask;
        }
    }
}

