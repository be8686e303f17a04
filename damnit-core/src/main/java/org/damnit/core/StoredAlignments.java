package org.damnit.core;

import java.nio.charset.StandardCharsets;
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
 * The BAM files of the current branch's commit that are kept by their decompressed content (a container,
 * see docs/FORMAT.md "Containers"), as a source of records for SAM text exported from them ({@link
 * SamFromBam}). A BAM (named {@code .bam}) is indexed the first time a SAM chunk finds its records in no
 * BAM indexed so far, and only if its references (names and lengths) are the SAM header's: its content
 * chunks are read in order, and of each record whose key ({@link SamText#key}) falls in a 1/32 sample the
 * key is kept with the content chunk the record starts in; of each chunk, where its first record starts.
 * At most {@link #MAX_KEYS} keys are kept (later BAMs are then not indexed). Also the FASTA {@link
 * References} it wraps. Thread-safe.
 */
final class StoredAlignments implements References {
    /** The keys kept, at most: about 16 bytes each, so some 64 MiB. */
    static final int MAX_KEYS = 4 << 20;

    private final References fasta;
    private final Refs refs;
    private final Trees trees;
    private final ChunkReader reader;
    private final Containers containers;
    private Optional<ObjectId> listed;
    /** BAM files of the head commit by SHA-256, in tree order, not yet indexed or refused. */
    private final LinkedHashMap<ObjectId, Node> pending = new LinkedHashMap<>();
    private final Set<ObjectId> done = new HashSet<>();
    private final List<Content> streams = new ArrayList<>();
    private final Map<Long, Integer> slots = new HashMap<>();
    /** Slot i: stream {@code slotStream[i]}, chunk {@code slotChunk[i]}. */
    private final List<int[]> slotList = new ArrayList<>();

    StoredAlignments(References fasta, Refs refs, Trees trees, ChunkReader reader, Containers containers) {
        this.fasta = fasta;
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

    /** Whether a key is kept: 1 in 32. */
    static boolean sampled(long key) {
        return key >>> 59 == 0;
    }

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

    /** A sampled key's place: the content and its chunk holding the record's start. */
    record Place(Content content, int chunk) {
    }

    /** Where a sampled key's record lies, or null if no indexed BAM holds it. */
    synchronized Place place(long key) {
        Integer s = slots.get(key);
        if (s == null) {
            return null;
        }
        int[] p = slotList.get(s);
        return new Place(streams.get(p[0]), p[1]);
    }

    /** The verified bytes of a content chunk. */
    byte[] content(ObjectId id) throws DamnitException {
        return reader.readBase(id, 1, null);
    }

    /** The delta depth of a stored chunk's record, or -1 if it is not stored. */
    int depth(ObjectId id) throws DamnitException {
        return reader.locate(id).map(ChunkIndex.Location::depth).orElse(-1);
    }

    /**
     * Indexes the next BAM of the head commit whose references are {@code sq}'s (names to lengths; null:
     * any); false when none is left.
     */
    synchronized boolean indexMore(Map<?, ?> sq) throws DamnitException {
        Optional<ObjectId> head = refs.head();
        if (!head.equals(listed)) {
            pending.clear();
            for (Node n : head.isEmpty() ? List.<Node>of() : trees.flatten(trees.readCommit(head.get()).tree()).values()) {
                if (n.type() == org.damnit.EntryType.FILE && n.sha256() != null && !done.contains(n.sha256())
                    && n.name().toLowerCase(java.util.Locale.ROOT).endsWith(".bam")) {
                    pending.putIfAbsent(n.sha256(), n);
                }
            }
            listed = head;
        }
        while (!pending.isEmpty() && slots.size() < MAX_KEYS) {
            ObjectId file = pending.keySet().iterator().next();
            pending.remove(file);
            done.add(file);
            Optional<Container> c = containers.find(file);
            if (c.isPresent() && index(c.get().content().pieces(), sq)) {
                return true;
            }
        }
        return false;
    }

    /** Indexes one BAM's content stream; false if it is not a BAM of these references. */
    private boolean index(List<Node.Piece> pieces, Map<?, ?> sq) throws DamnitException {
        int n = pieces.size();
        if (n == 0) {
            return false;
        }
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
        Content content = null;
        int chunk = 0;
        for (int i = 0; i < n; i++) {
            byte[] d = content(ids.get(i));
            byte[] joined = new byte[buf.length + d.length];
            System.arraycopy(buf, 0, joined, 0, buf.length);
            System.arraycopy(d, 0, joined, buf.length, d.length);
            buf = joined;
            int p = 0;
            if (names == null) {
                int h = header(buf);
                if (h == -2) {
                    return false; // not a BAM, or one with a damaged header
                }
                if (h == -1) {
                    if (buf.length > SamText.MAX_BLOCK) {
                        return false;
                    }
                    continue; // the header goes on in the next chunk
                }
                names = names(buf, h, sq);
                if (names == null) {
                    return false;
                }
                content = new Content(ids, starts, first, names);
                streams.add(content);
                p = h;
            }
            int stream = streams.size() - 1;
            for (int e; (e = SamText.recordEnd(buf, p, buf.length)) >= 0; p = e) {
                long x = bufStart + p;
                while (chunk + 1 < n && starts[chunk + 1] <= x) {
                    chunk++;
                }
                if (first[chunk] < 0) {
                    first[chunk] = (int) (x - starts[chunk]);
                }
                long key = SamText.key(buf, p, content);
                if (key != 0 && sampled(key) && slots.size() < MAX_KEYS) {
                    if (slotList.isEmpty() || slotList.get(slotList.size() - 1)[0] != stream
                        || slotList.get(slotList.size() - 1)[1] != chunk) {
                        slotList.add(new int[] {stream, chunk});
                    }
                    slots.putIfAbsent(key, slotList.size() - 1);
                }
            }
            if (buf.length - p >= 4 + SamText.FIXED && SamText.recordEnd(buf, p, Integer.MAX_VALUE) < 0) {
                return true; // not a record: what comes before it is indexed, nothing after
            }
            bufStart += p;
            buf = java.util.Arrays.copyOfRange(buf, p, buf.length);
        }
        return content != null;
    }

    /** The end of the BAM header at the start of {@code b}; -1 if {@code b} ends within it, -2 if not one. */
    private static int header(byte[] b) {
        if (b.length < 12) {
            return b.length >= 4 && !(b[0] == 'B' && b[1] == 'A' && b[2] == 'M' && b[3] == 1) ? -2 : -1;
        }
        if (!(b[0] == 'B' && b[1] == 'A' && b[2] == 'M' && b[3] == 1)) {
            return -2;
        }
        long lText = SamText.int32(b, 4) & 0xFFFFFFFFL;
        long p = 8 + lText;
        if (p + 4 > b.length) {
            return lText > SamText.MAX_BLOCK ? -2 : -1;
        }
        long nRef = SamText.int32(b, (int) p) & 0xFFFFFFFFL;
        p += 4;
        for (long i = 0; i < nRef; i++) {
            if (p + 4 > b.length) {
                return -1;
            }
            long lName = SamText.int32(b, (int) p) & 0xFFFFFFFFL;
            p += 4 + lName + 4;
            if (lName < 1 || p > b.length) {
                return lName < 1 || lName > SamText.MAX_BLOCK ? -2 : -1;
            }
        }
        return (int) p;
    }

    /** The reference names of the header [0, end) of {@code b}, or null when they are not {@code sq}'s. */
    private static byte[][] names(byte[] b, int end, Map<?, ?> sq) {
        int p = 8 + SamText.int32(b, 4);
        int nRef = SamText.int32(b, p);
        p += 4;
        byte[][] names = new byte[nRef][];
        for (int i = 0; i < nRef; i++) {
            int lName = SamText.int32(b, p);
            names[i] = java.util.Arrays.copyOfRange(b, p + 4, p + 4 + lName - 1);
            long length = SamText.int32(b, p + 4 + lName) & 0xFFFFFFFFL;
            p += 4 + lName + 4;
            if (sq != null && !Long.valueOf(length).equals(sq.get(new String(names[i], StandardCharsets.ISO_8859_1)))) {
                return null;
            }
        }
        return sq != null && sq.size() != nRef ? null : names;
    }
}
