package org.damnit.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * Random access to the records of stored BAM content by place (content codec 12, {@link FastqFromBam};
 * docs/FORMAT.md "FASTQ from BAM records"), kept in the local cache directory {@code .damnit/cache/fqbam}:
 * <ul>
 * <li>a <b>name index</b> per BAM content stream ({@code index/H}, H the SHA-256 of its chunk ids): every
 * primary record's name hash ({@link #key}) with its place (the content chunk it starts in, its ordinal
 * among the records starting there), sorted by hash, read by binary search through a memory map; its
 * CRC-32C is checked when it is opened, and a damaged one is rebuilt;</li>
 * <li>a <b>record cache</b>: per content chunk ({@code records/ID-F-N}: the chunk's id, where its first
 * record starts, the first bytes of the id of the chunk a last record runs on into), the records that start
 * in it, whole, with their offsets, memory-mapped (a mapping holds no open file). It is built from the verified chunks, but
 * trusted no further than the SHA-256 of what is decoded from it: a reader that finds a mismatch drops
 * the entries it used ({@link #drop}), which are then built again. Its files are evicted oldest first
 * beyond {@link #CACHE_BYTES}.</li>
 * </ul>
 * Building either reads the BAM's content chunks one at a time (at most two and a record in memory).
 * Thread-safe.
 */
final class BamRecords {
    /** The record cache is kept under this many bytes (oldest files deleted first). */
    static final long CACHE_BYTES = Long.getLong("damnit.fqbam.cacheBytes", 8L << 30);
    /** A name index holds at most this many records (16 bytes each while it is built). */
    static final int MAX_ENTRIES = (int) Math.max(1 << 16, Math.min(64 << 20, Runtime.getRuntime().maxMemory() / 4 / 16));
    private static final byte[] INDEX_MAGIC = {'D', 'M', 'N', 'Q', 1, 0, 0, 0};
    private static final byte[] ENTRY_MAGIC = {'D', 'M', 'N', 'R', 1, 0, 0, 0};
    private static final int ENTRY_HEADER = 8 + 4;

    private final Path dir;
    private final Map<ObjectId, Index> open = new LinkedHashMap<>(16, 0.75f, true);

    BamRecords(Path dir) {
        this.dir = dir;
    }

    /** Reads a chunk's verified content. */
    interface Chunks {
        byte[] read(ObjectId id) throws DamnitException;
    }

    /** The hash under which a record of this name and mate bits (FLAG &amp; 0xC0) is indexed. */
    static long key(byte[] name, int from, int to, int mate) {
        long h = 0xCBF29CE484222325L ^ mate;
        for (int i = from; i < to; i++) {
            h = (h ^ (name[i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** A record's place: the chunk (index in the stream) it starts in and its ordinal among those. */
    static long place(int chunk, int ordinal) {
        return (long) chunk << 32 | ordinal & 0xFFFFFFFFL;
    }

    /**
     * One BAM content stream's name index: its chunks, where each one's first record starts (-1: none),
     * how many records start in each, whether the last runs on into the next chunk; and the sorted keys.
     */
    static final class Index {
        final List<ObjectId> chunks;
        final int[] first;
        final int[] counts;
        final boolean[] spills;
        private final MappedByteBuffer entries;
        private final int n;

        private Index(List<ObjectId> chunks, int[] first, int[] counts, boolean[] spills, MappedByteBuffer entries,
                      int n) {
            this.chunks = chunks;
            this.first = first;
            this.counts = counts;
            this.spills = spills;
            this.entries = entries;
            this.n = n;
        }

        int size() {
            return n;
        }

        /** The places of the records indexed under {@code key}, at most {@code max}. */
        long[] find(long key, int max) {
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = lo + hi >>> 1;
                if (entries.getLong(16 * mid) < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int k = 0;
            while (lo + k < n && k < max && entries.getLong(16 * (lo + k)) == key) {
                k++;
            }
            long[] out = new long[k];
            for (int i = 0; i < k; i++) {
                out[i] = entries.getLong(16 * (lo + i) + 8);
            }
            return out;
        }
    }

    /** The name index of the BAM content of these chunks, built (and its records cached) if need be; null if not a BAM. */
    Index index(List<Node.Piece> pieces, Chunks reader) throws DamnitException {
        List<ObjectId> ids = new ArrayList<>(pieces.size());
        for (Node.Piece p : pieces) {
            ids.add(p.id());
        }
        ObjectId name = streamId(ids);
        synchronized (open) {
            Index i = open.get(name);
            if (i != null) {
                return i;
            }
        }
        synchronized (this) { // one build at a time
            synchronized (open) {
                Index i = open.get(name);
                if (i != null) {
                    return i;
                }
            }
            Path f = dir.resolve("index").resolve(name.toHex());
            Index i = load(f, ids);
            if (i == null) {
                if (!build(f, ids, reader)) {
                    return null;
                }
                i = load(f, ids);
                if (i == null) {
                    return null;
                }
            }
            synchronized (open) {
                open.put(name, i);
                while (open.size() > 16) {
                    open.remove(open.keySet().iterator().next());
                }
            }
            return i;
        }
    }

    private static ObjectId streamId(List<ObjectId> ids) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (ObjectId id : ids) {
                md.update(id.toBytes());
            }
            return ObjectId.of(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The index in {@code f} if it is intact and of these chunks, else null. */
    private static Index load(Path f, List<ObjectId> ids) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            int nc = ids.size();
            long head = INDEX_MAGIC.length + 8 + 41L * nc;
            if (size < head + 4 || (size - head - 4) % 16 != 0 || (size - head - 4) / 16 > MAX_ENTRIES) {
                return null;
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(m.duplicate().limit((int) (size - 4)));
            if ((int) crc.getValue() != m.getInt((int) (size - 4))) {
                return null;
            }
            byte[] magic = new byte[INDEX_MAGIC.length];
            m.get(0, magic);
            if (!java.util.Arrays.equals(magic, INDEX_MAGIC) || m.getInt(8) != nc) {
                return null;
            }
            int n = m.getInt(12);
            if (16L * n != size - head - 4) {
                return null;
            }
            int[] first = new int[nc];
            int[] counts = new int[nc];
            boolean[] spills = new boolean[nc];
            int at = 16;
            byte[] id = new byte[32];
            for (int c = 0; c < nc; c++) {
                m.get(at, id);
                if (!ObjectId.of(id).equals(ids.get(c))) {
                    return null;
                }
                first[c] = m.getInt(at + 32);
                counts[c] = m.getInt(at + 36);
                spills[c] = m.get(at + 40) != 0;
                at += 41;
            }
            MappedByteBuffer entries = (MappedByteBuffer) m.slice(at, 16 * n);
            return new Index(List.copyOf(ids), first, counts, spills, entries, n);
        } catch (IOException | RuntimeException e) {
            return null; // a cache only: rebuilt
        }
    }

    /**
     * Walks the BAM content of {@code ids} in order, writing each chunk's record-cache entry and the name
     * index to {@code f}; false if it is not BAM content.
     */
    private boolean build(Path f, List<ObjectId> ids, Chunks reader) throws DamnitException {
        int nc = ids.size();
        int[] first = new int[nc];
        int[] counts = new int[nc];
        boolean[] spills = new boolean[nc];
        long[] keys = new long[1024];
        long[] places = new long[1024];
        int n = 0;
        byte[] carry = new byte[0]; // the bytes of the stream from the last record start not yet walked
        boolean header = true;
        for (int c = 0; c < nc; c++) {
            byte[] d = reader.read(ids.get(c));
            byte[] buf = new byte[carry.length + d.length];
            System.arraycopy(carry, 0, buf, 0, carry.length);
            System.arraycopy(d, 0, buf, carry.length, d.length);
            int p = 0;
            if (header) {
                int h = SamText.headerEnd(buf);
                if (h == -2) {
                    return false;
                }
                if (h == -1) {
                    if (buf.length > SamText.MAX_BLOCK) {
                        return false;
                    }
                    carry = buf;
                    first[c] = -1;
                    continue;
                }
                header = false;
                p = h;
            }
            // records that start in chunk c: those whose start is at or past carry.length
            int at = p;
            while (at < carry.length) { // the record that started before (in an earlier chunk) and ends here
                int e = SamText.recordEnd(buf, at, buf.length);
                if (e < 0) {
                    break;
                }
                at = e;
            }
            if (at < carry.length) { // a record longer than this chunk too
                first[c] = -1;
                carry = java.util.Arrays.copyOfRange(buf, p, buf.length);
                if (carry.length > 2 * SamText.MAX_BLOCK) {
                    return false;
                }
                continue;
            }
            first[c] = at - carry.length;
            List<int[]> recs = new ArrayList<>();
            int q = at;
            for (int e; (e = SamText.recordEnd(buf, q, buf.length)) >= 0; q = e) {
                recs.add(new int[] {q, e});
            }
            boolean spill = q < buf.length;
            int end = q;
            byte[] tail = null;
            if (spill) { // the last record runs on into the next chunk
                if (c + 1 >= nc || buf.length - q >= 4 + SamText.FIXED && SamText.recordEnd(buf, q, Integer.MAX_VALUE) < 0) {
                    spill = false; // trailing bytes that are no record
                } else {
                    byte[] next = reader.read(ids.get(c + 1));
                    byte[] two = new byte[buf.length - q + next.length];
                    System.arraycopy(buf, q, two, 0, buf.length - q);
                    System.arraycopy(next, 0, two, buf.length - q, next.length);
                    int e = SamText.recordEnd(two, 0, two.length);
                    if (e < 0 || e <= buf.length - q) {
                        spill = false;
                    } else {
                        tail = java.util.Arrays.copyOf(two, e);
                    }
                }
            }
            spills[c] = spill;
            int count = recs.size() + (spill ? 1 : 0);
            counts[c] = count;
            // the entry: offsets, then the records
            int bytes = end - at + (spill ? tail.length : 0);
            int[] offsets = new int[count + 1];
            for (int r = 0; r < recs.size(); r++) {
                offsets[r] = recs.get(r)[0] - at;
            }
            if (spill) {
                offsets[recs.size()] = end - at;
            }
            offsets[count] = bytes;
            for (int r = 0; r < count; r++) {
                byte[] src = r < recs.size() ? buf : tail;
                int s = r < recs.size() ? recs.get(r)[0] : 0;
                int flag = SamText.uint16(src, s + 18);
                if ((flag & 0x900) == 0 && n < MAX_ENTRIES) {
                    if (n == keys.length) {
                        keys = java.util.Arrays.copyOf(keys, 2 * n);
                        places = java.util.Arrays.copyOf(places, 2 * n);
                    }
                    int l = src[s + 12] & 0xFF;
                    keys[n] = key(src, s + 36, s + 36 + Math.max(0, l - 1), flag & 0xC0);
                    places[n++] = place(c, r);
                }
            }
            writeEntry(entryFile(ids.get(c), first[c], spill ? ids.get(c + 1) : null), offsets, buf, at, end, tail);
            carry = java.util.Arrays.copyOfRange(buf, end, buf.length);
        }
        if (header) {
            return false;
        }
        sort(keys, places, 0, n - 1);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), f.getFileName() + ".", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    ByteBuffer b = ByteBuffer.allocate(16 + 41 * nc);
                    b.put(INDEX_MAGIC).putInt(nc).putInt(n);
                    for (int c = 0; c < nc; c++) {
                        b.put(ids.get(c).toBytes()).putInt(first[c]).putInt(counts[c]).put((byte) (spills[c] ? 1 : 0));
                    }
                    write(ch, b.flip(), crc);
                    ByteBuffer e = ByteBuffer.allocate(16 << 12);
                    for (int i = 0; i < n; i++) {
                        e.putLong(keys[i]).putLong(places[i]);
                        if (!e.hasRemaining()) {
                            write(ch, e.flip(), crc);
                            e.clear();
                        }
                    }
                    write(ch, e.flip(), crc);
                    write(ch, ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip(), null);
                }
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new org.damnit.StorageException("cannot write the name index " + f + ": " + e.getMessage(), e);
        }
        evict();
        return true;
    }

    private static void write(FileChannel ch, ByteBuffer b, java.util.zip.CRC32C crc) throws IOException {
        if (crc != null) {
            crc.update(b.duplicate());
        }
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Sorts the pairs by key (then place). */
    private static void sort(long[] k, long[] v, int lo, int hi) {
        while (lo < hi) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i <= hi; i++) {
                    for (int j = i; j > lo && less(k, v, j, j - 1); j--) {
                        swap(k, v, j, j - 1);
                    }
                }
                return;
            }
            int mid = lo + hi >>> 1;
            long pk = k[mid];
            long pv = v[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (k[i] < pk || k[i] == pk && v[i] < pv) {
                    i++;
                }
                while (k[j] > pk || k[j] == pk && v[j] > pv) {
                    j--;
                }
                if (i <= j) {
                    swap(k, v, i++, j--);
                }
            }
            if (j - lo < hi - i) {
                sort(k, v, lo, j);
                lo = i;
            } else {
                sort(k, v, i, hi);
                hi = j;
            }
        }
    }

    private static boolean less(long[] k, long[] v, int a, int b) {
        return k[a] < k[b] || k[a] == k[b] && v[a] < v[b];
    }

    private static void swap(long[] k, long[] v, int a, int b) {
        long t = k[a];
        k[a] = k[b];
        k[b] = t;
        t = v[a];
        v[a] = v[b];
        v[b] = t;
    }

    private Path entryFile(ObjectId chunk, int first, ObjectId next) {
        return dir.resolve("records").resolve(chunk.toHex() + "-" + first + "-"
            + (next == null ? "0" : next.toHex().substring(0, 16)));
    }

    private void writeEntry(Path f, int[] offsets, byte[] buf, int from, int to, byte[] tail) throws DamnitException {
        try {
            writeFile(f, entryBytes(offsets, buf, from, to, tail));
        } catch (IOException e) {
            throw new org.damnit.StorageException("cannot write the record cache " + f + ": " + e.getMessage(), e);
        }
    }

    /** An entry as its file holds it: the header, the offsets, the records [from, to) of buf, then tail. */
    private static ByteBuffer entryBytes(int[] offsets, byte[] buf, int from, int to, byte[] tail) {
        int count = offsets.length - 1;
        ByteBuffer b = ByteBuffer.allocate(ENTRY_HEADER + 4 * offsets.length + to - from + (tail == null ? 0 : tail.length))
            .order(ByteOrder.LITTLE_ENDIAN);
        b.put(ENTRY_MAGIC).putInt(count);
        for (int o : offsets) {
            b.putInt(o);
        }
        b.put(buf, from, to - from);
        if (tail != null) {
            b.put(tail);
        }
        return b.flip();
    }

    private static void writeFile(Path f, ByteBuffer bytes) throws IOException {
        Files.createDirectories(f.getParent());
        Path tmp = Files.createTempFile(f.getParent(), f.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                write(ch, bytes.duplicate(), null);
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the oldest record-cache files beyond {@link #CACHE_BYTES}. */
    private void evict() {
        Path records = dir.resolve("records");
        try (var files = Files.list(records)) {
            List<Object[]> all = new ArrayList<>();
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
                    all.add(new Object[] {p, a.lastModifiedTime().toMillis(), a.size()});
                    total += a.size();
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
            if (total <= CACHE_BYTES) {
                return;
            }
            all.sort(java.util.Comparator.comparingLong(o -> (Long) o[1]));
            for (Object[] o : all) {
                if (total <= CACHE_BYTES) {
                    break;
                }
                Files.deleteIfExists((Path) o[0]);
                total -= (Long) o[2];
            }
        } catch (IOException e) {
            // a cache only
        }
    }

    /**
     * The records that start in one content chunk (from {@code first}), the last one whole if it runs on
     * into {@code next}; opened from the record cache, built there from the chunks if it is missing.
     */
    final class Entry implements AutoCloseable {
        /** The entry file mapped (a mapping holds no open file), or the entry built in memory. */
        private final ByteBuffer map;
        private final int[] offsets;

        Entry(ObjectId chunk, int first, ObjectId next, int count, Chunks reader) throws DamnitException {
            Path f = entryFile(chunk, first, next);
            ByteBuffer m = mapped(f);
            int[] o = m == null ? null : offsets(m, count);
            if (o == null) { // missing or damaged: built from the chunks, in memory when the cache cannot be written
                m = buildEntry(f, chunk, first, next, reader);
                o = offsets(m, count);
            }
            if (o == null) {
                throw new CorruptObjectException("chunk " + chunk.abbreviate(12) + " does not hold the " + count
                    + " BAM records a FASTQ chunk names from " + first);
            }
            this.map = m;
            this.offsets = o;
        }

        int count() {
            return offsets.length - 1;
        }

        /** Record {@code r}'s bytes (its block_size first). */
        byte[] record(int r) throws DamnitException {
            if (r < 0 || r >= count()) {
                throw new Columns.Damaged("no BAM record " + r);
            }
            int len = offsets[r + 1] - offsets[r];
            if (len < 4 + SamText.FIXED || len > SamText.MAX_BLOCK + 4) {
                throw new Columns.Damaged("a BAM record of " + len + " bytes");
            }
            long at = ENTRY_HEADER + 4L * offsets.length + offsets[r];
            if (at + len > map.capacity()) {
                throw new Columns.Damaged("the record cache ends early");
            }
            byte[] b = new byte[len];
            map.get((int) at, b);
            return b;
        }

        @Override
        public void close() {
            // a mapping is released with the entry
        }
    }

    /** The entry file {@code f} mapped, or null if it is missing or cannot be read (a cache only). */
    private static ByteBuffer mapped(Path f) {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = c.size();
            return size > Integer.MAX_VALUE ? null : c.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The offsets of an entry of {@code count} records, or null if {@code m} is not one. */
    private static int[] offsets(ByteBuffer m, int count) {
        long size = m.capacity();
        if (count < 0 || size < ENTRY_HEADER + 4L * (count + 1)) {
            return null;
        }
        ByteBuffer b = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(0);
        byte[] magic = new byte[ENTRY_MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, ENTRY_MAGIC) || b.getInt() != count) {
            return null;
        }
        int[] o = new int[count + 1];
        for (int i = 0; i <= count; i++) {
            o[i] = b.getInt();
            if (o[i] < 0 || i > 0 && o[i] < o[i - 1]) {
                return null;
            }
        }
        return o[0] == 0 && ENTRY_HEADER + 4L * (count + 1) + o[count] == size ? o : null;
    }

    /**
     * Builds the entry of a chunk's records from {@code first} on, the last one finished from {@code next},
     * and writes it to the cache as {@code f}; a cache that cannot be written is skipped (reading never
     * needs writing).
     */
    private ByteBuffer buildEntry(Path f, ObjectId chunk, int first, ObjectId next, Chunks reader) throws DamnitException {
        byte[] d = reader.read(chunk);
        if (first < 0 || first > d.length) {
            throw new CorruptObjectException("chunk " + chunk.abbreviate(12) + " has no BAM record at " + first);
        }
        List<Integer> starts = new ArrayList<>();
        int q = first;
        for (int e; (e = SamText.recordEnd(d, q, d.length)) >= 0; q = e) {
            starts.add(q);
        }
        byte[] tail = null;
        if (next != null && q < d.length) {
            byte[] n = reader.read(next);
            byte[] two = new byte[d.length - q + n.length];
            System.arraycopy(d, q, two, 0, d.length - q);
            System.arraycopy(n, 0, two, d.length - q, n.length);
            int e = SamText.recordEnd(two, 0, two.length);
            if (e > d.length - q) {
                tail = java.util.Arrays.copyOf(two, e);
            }
        }
        int count = starts.size() + (tail != null ? 1 : 0);
        int[] offsets = new int[count + 1];
        for (int r = 0; r < starts.size(); r++) {
            offsets[r] = starts.get(r) - first;
        }
        if (tail != null) {
            offsets[starts.size()] = q - first;
        }
        offsets[count] = q - first + (tail == null ? 0 : tail.length);
        ByteBuffer entry = entryBytes(offsets, d, first, q, tail);
        try {
            writeFile(f, entry);
        } catch (IOException e) {
            // not writable (read-only, full, not a directory): the entry serves this read from memory
        }
        return entry;
    }

    /**
     * Builds the missing record-cache entries of the bases {@code used} marks, in order, reading each chunk
     * once (a chunk and the next one a last record runs on into); one thread at a time, so concurrent
     * readers of a cold cache wait for one build instead of each decoding the BAM's chunks.
     */
    void prepare(List<ObjectId> bases, int[] first, boolean[] spill, boolean[] used, Chunks reader)
        throws DamnitException {
        int nb = bases.size();
        if (!missing(bases, first, spill, used)) {
            return;
        }
        synchronized (this) {
            ObjectId heldId = null;
            byte[] held = null;
            for (int i = 0; i < nb; i++) {
                if (!used[i] || first[i] < 0) {
                    continue;
                }
                ObjectId next = spill[i] && i + 1 < nb ? bases.get(i + 1) : null;
                Path f = entryFile(bases.get(i), first[i], next);
                if (Files.isRegularFile(f)) {
                    continue;
                }
                ObjectId cur = bases.get(i);
                byte[] d = cur.equals(heldId) ? held : reader.read(cur);
                byte[] n = next == null ? null : reader.read(next);
                Chunks two = id -> id.equals(cur) ? d : id.equals(next) ? n : reader.read(id);
                buildEntry(f, cur, first[i], next, two);
                if (!Files.isRegularFile(f)) {
                    break; // the cache cannot be written: the reader builds its entries in memory, one at a time
                }
                heldId = next;
                held = n;
            }
            evict();
        }
    }

    private boolean missing(List<ObjectId> bases, int[] first, boolean[] spill, boolean[] used) {
        for (int i = 0; i < bases.size(); i++) {
            if (used[i] && first[i] >= 0 && !Files.isRegularFile(entryFile(bases.get(i), first[i],
                spill[i] && i + 1 < bases.size() ? bases.get(i + 1) : null))) {
                return true;
            }
        }
        return false;
    }

    /** Drops the record-cache entries of these chunks (a decode from them did not give the chunk back). */
    void drop(List<ObjectId> chunks) {
        Path records = dir.resolve("records");
        java.util.Set<String> prefixes = new java.util.HashSet<>();
        for (ObjectId c : chunks) {
            prefixes.add(c.toHex() + "-");
        }
        try (var files = Files.list(records)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                int dash = n.indexOf('-');
                if (dash > 0 && prefixes.contains(n.substring(0, dash + 1))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // nothing to drop
        }
    }
}
