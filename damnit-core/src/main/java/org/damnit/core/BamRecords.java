package org.damnit.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * beyond {@link #cacheBytes}.</li>
 * </ul>
 * Building either reads the BAM's content chunks one at a time (at most two and a record in memory); the
 * name index is sorted externally ({@link #runEntries} entries in memory, sorted runs spilled to files and
 * merged), so a build's memory does not grow with the BAM's record count. Thread-safe.
 */
final class BamRecords {
    /** The record cache is kept under this many bytes (oldest files deleted first) unless {@link #cacheBytes} says otherwise. */
    static final long CACHE_BYTES = 8L << 30;

    /** The bound of the record cache: {@code damnit.fqbam.cacheBytes} (read each time), else {@link #CACHE_BYTES}. */
    static long cacheBytes() {
        return Long.getLong("damnit.fqbam.cacheBytes", CACHE_BYTES);
    }

    /**
     * Entries of a name index held in memory while it is built (16 bytes each): beyond them the entries
     * are sorted in runs of this many, spilled to files and merged ({@code damnit.fqbam.runEntries}; read
     * at each build).
     */
    static int runEntries() {
        long fit = Math.max(1 << 16, Math.min(4 << 20, Runtime.getRuntime().maxMemory() / 8 / 16));
        return (int) Math.max(2, Math.min(Integer.MAX_VALUE - 8, Long.getLong("damnit.fqbam.runEntries", fit)));
    }

    /** Sorted runs merged at once (each read through its own buffer of {@link #RUN_BUFFER} bytes). */
    static final int FAN_IN = 64;
    private static final int RUN_BUFFER = 16 << 12;
    /**
     * Every this many entries of a name index, its key is kept in the heap when the index is opened (8
     * bytes per 4 KiB of index), so a lookup reads the 4 KiB of entries after the fence below its key.
     */
    static final int FENCE = 256;
    /** For tests: called with the build directory once its runs are spilled, before they are merged. */
    static volatile java.util.function.Consumer<Path> afterSpill;
    private static final byte[] INDEX_MAGIC = {'D', 'M', 'N', 'Q', 2, 0, 0, 0};
    private static final byte[] ENTRY_MAGIC = {'D', 'M', 'N', 'R', 1, 0, 0, 0};
    private static final int ENTRY_HEADER = 8 + 4;

    private final Path dir;
    private final Map<ObjectId, Index> open = new LinkedHashMap<>(16, 0.75f, true);
    /** The streams whose index build failed (a chunk that cannot be read, a damaged run file). */
    private final java.util.Set<ObjectId> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    BamRecords(Path dir) {
        this.dir = dir;
    }

    /** Reads a chunk's verified content. */
    interface Chunks {
        byte[] read(ObjectId id) throws DamnitException;
    }

    /** The hash under which a record of this name and mate bits (FLAG &amp; 0xC0) is indexed. */
    static long key(byte[] name, int from, int to, int mate) {
        long h = 0xCBF29CE484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ (name[i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h & ~3L | mate >>> 6 & 3; // a name's four mate keys side by side: one read of the index finds them
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
        private final Path path;
        /** The index file, open: its entries are read by position, never mapped. */
        private volatile FileChannel file;
        /** Where the entries start in the file. */
        private final long head;
        private final long n;
        /** The key of every {@link #FENCE}th entry. */
        private final long[] fence;

        private Index(List<ObjectId> chunks, int[] first, int[] counts, boolean[] spills, Path path, FileChannel file,
                      long head, long n, long[] fence) {
            this.path = path;
            this.fence = fence;
            this.chunks = chunks;
            this.first = first;
            this.counts = counts;
            this.spills = spills;
            this.file = file;
            this.head = head;
            this.n = n;
        }

        long size() {
            return n;
        }

        private long key(long i) {
            return window(i).getLong(16 * (int) (i % FENCE));
        }

        private long value(long i) {
            return window(i).getLong(16 * (int) (i % FENCE) + 8);
        }

        /** The {@link #FENCE} entries around entry {@code i}, this thread's last ones if they are. */
        private ByteBuffer window(long i) {
            Window w = WINDOW.get();
            long from = i / FENCE * FENCE;
            if (w.of != this || w.from != from) {
                w.of = null;
                ByteBuffer b = w.entries.clear().limit((int) (16 * Math.min(FENCE, n - from)));
                try {
                    while (b.hasRemaining()) {
                        FileChannel ch = file;
                        int r;
                        try {
                            r = ch.read(b, head + 16 * from + b.position());
                        } catch (java.nio.channels.ClosedChannelException e) {
                            if (Thread.currentThread().isInterrupted()) {
                                throw e;
                            }
                            reopen(ch); // another thread's interrupt closed it for all
                            continue;
                        }
                        if (r < 0) {
                            throw new java.io.UncheckedIOException(new java.io.EOFException("the name index ends early"));
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read the name index: " + e.getMessage(), e);
                }
                w.of = this;
                w.from = from;
            }
            return w.entries;
        }

        private synchronized void reopen(FileChannel closed) throws IOException {
            if (file == closed) {
                file = FileChannel.open(path, StandardOpenOption.READ);
            }
        }

        /** The places of the records indexed under {@code key}, at most {@code max}. */
        long[] find(long key, int max) {
            // the last fence below the key: the first entry of at least the key is past it, and at most a fence on
            int a = 0;
            int b = fence.length;
            while (a < b) {
                int mid = a + b >>> 1;
                if (fence[mid] < key) {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            long lo = a == 0 ? 0 : (long) (a - 1) * FENCE + 1;
            long hi = Math.min(n, (long) a * FENCE);
            while (lo < hi) {
                long mid = lo + hi >>> 1;
                if (key(mid) < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int k = 0;
            while (lo + k < n && k < max && key(lo + k) == key) {
                k++;
            }
            long[] out = new long[k];
            for (int i = 0; i < k; i++) {
                out[i] = value(lo + i);
            }
            return out;
        }
    }

    /** A thread's last entries read of a name index (a read's four mate keys lie side by side). */
    private static final class Window {
        Index of;
        long from;
        final ByteBuffer entries = ByteBuffer.allocate(16 * FENCE);
    }

    private static final ThreadLocal<Window> WINDOW = ThreadLocal.withInitial(Window::new);

    /**
     * Whether reads may be coded against BAM content of {@code bytes}: its records (about as many bytes)
     * fit in half the record cache. A FASTQ chunk's reads lie anywhere in the BAM, so a restore of the
     * reads reads records of nearly every chunk of it for every FASTQ chunk; with the BAM's records in the
     * cache, each of its entries is built once (the first chunks' restores build them, each BAM chunk
     * decoded once) and the rest read them by place. With more records than the cache, the entries a
     * FASTQ chunk needs would mostly be the ones evicted for the one before, and each FASTQ chunk would
     * decode up to {@link FastqFromBam#MAX_BASES} BAM chunks again: such a BAM is not indexed and its reads
     * are the FASTQ codec's. Half leaves room for the entries of another BAM being built meanwhile.
     */
    static boolean fits(long bytes) {
        return bytes <= cacheBytes() / 2;
    }

    /**
     * The name index of the BAM content of these chunks, built (and its records cached) if need be; null if
     * not a BAM, or too large for the record cache ({@link #fits}).
     */
    Index index(List<Node.Piece> pieces, Chunks reader) throws DamnitException {
        List<ObjectId> ids = new ArrayList<>(pieces.size());
        long bytes = 0;
        for (Node.Piece p : pieces) {
            ids.add(p.id());
            bytes += p.size();
        }
        if (!fits(bytes)) {
            return null;
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
            if (failed.contains(name)) {
                return null; // its build failed once: not walked again for every chunk that asks
            }
            Path f = dir.resolve("index").resolve(name.toHex());
            Index i = load(f, ids);
            if (i == null) {
                try {
                    if (!build(f, ids, reader)) {
                        return null;
                    }
                } catch (DamnitException | RuntimeException e) {
                    failed.add(name);
                    throw e;
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

    /**
     * The index in {@code f} if it is intact and of these chunks, else null. Its CRC is checked by reading
     * the file through a small buffer, and it is kept open to be read by position: none of it is mapped, so
     * what a lookup reads stays in the page cache and out of the process's resident size.
     */
    private static Index load(Path f, List<ObjectId> ids) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(f, StandardOpenOption.READ);
            long size = ch.size();
            int nc = ids.size();
            long head = INDEX_MAGIC.length + 8 + 41L * nc;
            if (size < head + 4 || (size - head - 4) % 16 != 0 || (size - head - 4) / 16 > Integer.MAX_VALUE) {
                return null;
            }
            ByteBuffer h = ByteBuffer.allocate((int) head);
            long count = (size - head - 4) / 16;
            long[] fence = new long[(int) ((count + FENCE - 1) / FENCE)];
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            for (long at = 0; at < size - 4; ) { // the head, then whole entries: no key across two reads
                int r = (int) Math.min(buf.capacity(), at < head ? head - at : size - 4 - at);
                buf.clear().limit(r);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, at + buf.position()) < 0) {
                        return null;
                    }
                }
                buf.flip();
                if (at < head) {
                    h.put(buf.duplicate());
                } else {
                    long e = (at - head) / 16; // the first entry of this read
                    for (long g = (e + FENCE - 1) / FENCE * FENCE; g < e + r / 16; g += FENCE) {
                        fence[(int) (g / FENCE)] = buf.getLong((int) (16 * (g - e)));
                    }
                }
                crc.update(buf);
                at += r;
            }
            ByteBuffer tail = ByteBuffer.allocate(4);
            if (ch.read(tail, size - 4) != 4 || (int) crc.getValue() != tail.flip().getInt()) {
                return null;
            }
            h.flip();
            byte[] magic = new byte[INDEX_MAGIC.length];
            h.get(magic);
            if (!java.util.Arrays.equals(magic, INDEX_MAGIC) || h.getInt() != nc) {
                return null;
            }
            long n = h.getInt() & 0xFFFFFFFFL;
            if (16 * n != size - head - 4) {
                return null;
            }
            int[] first = new int[nc];
            int[] counts = new int[nc];
            boolean[] spills = new boolean[nc];
            byte[] id = new byte[32];
            for (int c = 0; c < nc; c++) {
                h.get(id);
                if (!ObjectId.of(id).equals(ids.get(c))) {
                    return null;
                }
                first[c] = h.getInt();
                counts[c] = h.getInt();
                spills[c] = h.get() != 0;
            }
            Index index = new Index(List.copyOf(ids), first, counts, spills, f, ch, head, n, fence);
            ch = null;
            return index;
        } catch (IOException | RuntimeException e) {
            return null; // a cache only: rebuilt
        } finally {
            closeQuietly(ch);
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
        try {
            Files.createDirectories(f.getParent());
            try (Sorter sorter = new Sorter(f.getParent(), f.getFileName().toString(), runEntries())) {
                if (!walk(ids, reader, sorter, first, counts, spills)) {
                    return false;
                }
                ByteBuffer b = ByteBuffer.allocate(16 + 41 * nc);
                b.put(INDEX_MAGIC).putInt(nc).putInt((int) sorter.total());
                for (int c = 0; c < nc; c++) {
                    b.put(ids.get(c).toBytes()).putInt(first[c]).putInt(counts[c]).put((byte) (spills[c] ? 1 : 0));
                }
                sorter.writeIndex(f, b.flip());
            }
        } catch (IOException e) {
            throw new org.damnit.StorageException("cannot build the name index " + f + ": " + e.getMessage(), e);
        }
        evict();
        return true;
    }

    /**
     * The pass over the chunks of {@link #build}: each chunk's record-cache entry written, every primary
     * record's key and place given to {@code sorter}; false if it is not BAM content.
     */
    private boolean walk(List<ObjectId> ids, Chunks reader, Sorter sorter, int[] first, int[] counts, boolean[] spills)
        throws DamnitException, IOException {
        int nc = ids.size();
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
                if ((flag & 0x900) == 0) {
                    int l = src[s + 12] & 0xFF;
                    sorter.add(key(src, s + 36, s + 36 + Math.max(0, l - 1), flag & 0xC0), place(c, r));
                }
            }
            writeEntry(entryFile(ids.get(c), first[c], spill ? ids.get(c + 1) : null), offsets, buf, at, end, tail);
            carry = java.util.Arrays.copyOfRange(buf, end, buf.length);
        }
        if (header) {
            return false;
        }
        return true;
    }

    /** A sorted run spilled to a file: its entries and their CRC-32C. */
    private record Run(Path file, long count, int crc) {
    }

    /**
     * The entries of a name index being built, sorted by key then place: up to {@code max} in memory, beyond
     * that sorted runs of {@code max} spilled to files in a build directory of its own ({@code
     * index/H.build-*}, locked while it is used, deleted after), merged {@link #FAN_IN} at a time into the
     * index file, which is written in the same directory and moved into place whole. A run file that does
     * not read back as it was written (length, CRC-32C, order) fails the build, which then leaves no index.
     */
    private static final class Sorter implements AutoCloseable {
        /** A build directory unlocked and unchanged this long is taken for one a killed process left . */
        static final long ABANDONED_AFTER_MILLIS = 60_000;
        private final Path dir;
        private final FileChannel lockFile;
        private final int max;
        private long[] keys;
        private long[] places;
        private int n;
        private long total;
        private final List<Run> runs = new ArrayList<>();
        private int made;

        Sorter(Path indexDir, String name, int max) throws IOException {
            clean(indexDir);
            this.dir = Files.createTempDirectory(indexDir, name + ".build-");
            FileChannel l = null;
            try {
                l = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    l.lock();
                } catch (java.nio.channels.FileLockInterruptionException | java.nio.channels.ClosedChannelException e) {
                    throw e;
                } catch (IOException unsupported) {
                    // a file system without locks: another process's clean() cannot lock it either and leaves it
                }
            } catch (IOException | RuntimeException e) {
                if (l != null) {
                    l.close();
                }
                delete(dir);
                throw e;
            }
            this.lockFile = l;
            this.max = max;
            this.keys = new long[Math.min(max, 1024)];
            this.places = new long[keys.length];
        }

        /**
         * Deletes the build directories no build holds (left by a process that was killed), of those made
         * over {@link #ABANDONED_AFTER_MILLIS} ago: a build locks its lock file just after making its
         * directory, and one found in between is not taken for abandoned.
         */
        private static void clean(Path indexDir) {
            long before = System.currentTimeMillis() - ABANDONED_AFTER_MILLIS;
            try (var list = Files.newDirectoryStream(indexDir, "*.build-*")) {
                for (Path d : list) {
                    try {
                        if (Files.getLastModifiedTime(d).toMillis() > before) {
                            continue;
                        }
                    } catch (IOException e) {
                        continue; // gone meanwhile
                    }
                    try (FileChannel l = FileChannel.open(d.resolve("lock"), StandardOpenOption.WRITE)) {
                        java.nio.channels.FileLock lock = l.tryLock();
                        if (lock != null) {
                            delete(d);
                        }
                    } catch (java.nio.channels.OverlappingFileLockException e) {
                        // a build of this process holds it
                    } catch (IOException e) {
                        // no lock file yet (a build creating it), or gone meanwhile
                    }
                }
            } catch (IOException e) {
                // nothing to clean
            }
        }

        private static void delete(Path d) {
            try (var files = Files.list(d)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // gone meanwhile
            }
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                // a cache only
            }
        }

        long total() {
            return total;
        }

        void add(long key, long place) throws IOException {
            if (n == keys.length) {
                if (n == max) {
                    sort(keys, places, 0, n - 1);
                    runs.add(writeRun(new ArrayCursor(keys, places, n)));
                    n = 0;
                } else {
                    keys = java.util.Arrays.copyOf(keys, (int) Math.min(max, 2L * n));
                    places = java.util.Arrays.copyOf(places, keys.length);
                }
            }
            keys[n] = key;
            places[n++] = place;
            total++;
            if (total > Integer.MAX_VALUE) {
                throw new IOException("more than 2^31 primary records");
            }
        }

        /** Writes the index to {@code f}: {@code head}, every entry in order, the CRC-32C of all of it. */
        void writeIndex(Path f, ByteBuffer head) throws IOException {
            sort(keys, places, 0, n - 1);
            java.util.function.Consumer<Path> hook = afterSpill;
            if (hook != null) {
                hook.accept(dir);
            }
            while (runs.size() + 1 > FAN_IN) { // merged a group at a time until one pass takes all
                List<Run> group = new ArrayList<>(runs.subList(0, FAN_IN));
                List<Cursor> in = new ArrayList<>();
                try {
                    for (Run r : group) {
                        in.add(new FileCursor(r));
                    }
                    runs.add(writeRun(new Merge(in)));
                } finally {
                    for (Cursor c : in) {
                        c.close();
                    }
                }
                runs.subList(0, FAN_IN).clear();
                for (Run r : group) {
                    Files.deleteIfExists(r.file());
                }
            }
            List<Cursor> in = new ArrayList<>();
            Path tmp = dir.resolve("index.tmp");
            try {
                for (Run r : runs) {
                    in.add(new FileCursor(r));
                }
                in.add(new ArrayCursor(keys, places, n));
                Cursor all = new Merge(in);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    write(ch, head, crc);
                    long written = entries(ch, all, crc);
                    if (written != total) {
                        throw new IOException("the sorted runs hold " + written + " entries, not " + total);
                    }
                    write(ch, ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip(), null);
                }
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                for (Cursor c : in) {
                    c.close();
                }
                Files.deleteIfExists(tmp);
            }
        }

        /** A run file of the entries of {@code c}, in order. */
        private Run writeRun(Cursor c) throws IOException {
            Path p = dir.resolve("run-" + made++);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            long count;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                count = entries(ch, c, crc);
            }
            return new Run(p, count, (int) crc.getValue());
        }

        /** Writes the entries of {@code c} to {@code ch}, checking their order; how many. */
        private static long entries(FileChannel ch, Cursor c, java.util.zip.CRC32C crc) throws IOException {
            ByteBuffer e = ByteBuffer.allocate(RUN_BUFFER);
            long count = 0;
            long lastKey = Long.MIN_VALUE;
            long lastPlace = Long.MIN_VALUE;
            while (c.next()) {
                if (count > 0 && (c.key < lastKey || c.key == lastKey && c.place <= lastPlace)) {
                    throw new IOException("a sorted run of the name index is out of order (damaged)");
                }
                lastKey = c.key;
                lastPlace = c.place;
                e.putLong(c.key).putLong(c.place);
                count++;
                if (!e.hasRemaining()) {
                    write(ch, e.flip(), crc);
                    e.clear();
                }
            }
            write(ch, e.flip(), crc);
            return count;
        }

        @Override
        public void close() throws IOException {
            try {
                lockFile.close();
            } finally {
                delete(dir);
            }
        }
    }

    /** Entries in order: {@link #next} moves to the next one, false past the last. */
    private abstract static class Cursor implements AutoCloseable {
        long key;
        long place;

        abstract boolean next() throws IOException;

        @Override
        public void close() throws IOException {
        }
    }

    private static final class ArrayCursor extends Cursor {
        private final long[] keys;
        private final long[] places;
        private final int n;
        private int i;

        ArrayCursor(long[] keys, long[] places, int n) {
            this.keys = keys;
            this.places = places;
            this.n = n;
        }

        @Override
        boolean next() {
            if (i == n) {
                return false;
            }
            key = keys[i];
            place = places[i++];
            return true;
        }
    }

    /** A run file read back: its length and CRC-32C checked against what was written. */
    private static final class FileCursor extends Cursor {
        private final Run run;
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(RUN_BUFFER);
        private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        private long left;

        FileCursor(Run run) throws IOException {
            this.run = run;
            this.ch = FileChannel.open(run.file(), StandardOpenOption.READ);
            this.left = run.count();
            long size;
            try {
                size = ch.size();
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            if (size != 16 * run.count()) {
                ch.close();
                throw damaged("is " + size + " bytes, not " + 16 * run.count());
            }
            buf.limit(0);
        }

        private IOException damaged(String why) {
            return new IOException("the sorted run " + run.file().getFileName() + " of the name index " + why + " (damaged)");
        }

        @Override
        boolean next() throws IOException {
            if (left == 0) {
                return false;
            }
            if (!buf.hasRemaining()) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), 16 * left));
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw damaged("ends early");
                    }
                }
                buf.flip();
                crc.update(buf.duplicate());
            }
            key = buf.getLong();
            place = buf.getLong();
            if (--left == 0 && (int) crc.getValue() != run.crc()) {
                throw damaged("does not have the CRC-32C it was written with");
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** The entries of several cursors in order (each in order). */
    private static final class Merge extends Cursor {
        private final java.util.PriorityQueue<Cursor> heap = new java.util.PriorityQueue<>((a, b) ->
            a.key != b.key ? Long.compare(a.key, b.key) : Long.compare(a.place, b.place));
        private final List<Cursor> in;
        private boolean started;

        Merge(List<Cursor> in) {
            this.in = in;
        }

        @Override
        boolean next() throws IOException {
            if (!started) {
                started = true;
                for (Cursor c : in) {
                    if (c.next()) {
                        heap.add(c);
                    }
                }
            } else {
                Cursor c = heap.poll();
                if (c != null && c.next()) {
                    heap.add(c);
                }
            }
            Cursor top = heap.peek();
            if (top == null) {
                return false;
            }
            key = top.key;
            place = top.place;
            return true;
        }
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

    /** Deletes the oldest record-cache files beyond {@link #cacheBytes}. */
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
            if (total <= cacheBytes()) {
                return;
            }
            all.sort(java.util.Comparator.comparingLong(o -> (Long) o[1]));
            for (Object[] o : all) {
                if (total <= cacheBytes()) {
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
     * into {@code next}; opened from the record cache, built there from the chunks if it is missing. A cached
     * entry is read by position, record by record, from a file held open until {@link #close}: the process
     * maps none of it, so what it reads stays in the page cache and out of its resident size.
     */
    final class Entry implements AutoCloseable {
        /** The entry file, open; or null, and the entry is {@link #built} in memory. */
        private final FileChannel file;
        private final ByteBuffer built;
        private final int[] offsets;
        private final long size;

        Entry(ObjectId chunk, int first, ObjectId next, int count, Chunks reader) throws DamnitException {
            Path f = entryFile(chunk, first, next);
            FileChannel ch = opened(f);
            int[] o = ch == null ? null : offsets(ch, count);
            ByteBuffer m = null;
            if (o == null) { // missing or damaged: built from the chunks, in memory when the cache cannot be written
                closeQuietly(ch);
                ch = null;
                m = buildEntry(f, chunk, first, next, reader);
                o = offsets(m, count, m.capacity());
            }
            if (o == null) {
                throw new CorruptObjectException("chunk " + chunk.abbreviate(12) + " does not hold the " + count
                    + " BAM records a FASTQ chunk names from " + first);
            }
            this.file = ch;
            this.built = m;
            this.offsets = o;
            this.size = ENTRY_HEADER + 4L * o.length + o[o.length - 1];
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
            if (at + len > size) {
                throw new Columns.Damaged("the record cache ends early");
            }
            byte[] b = new byte[len];
            if (built != null) {
                built.get((int) at, b);
            } else if (!readFully(file, ByteBuffer.wrap(b), at)) {
                throw new Columns.Damaged("the record cache ends early");
            }
            return b;
        }

        @Override
        public void close() {
            closeQuietly(file);
        }
    }

    /** The entry file {@code f} open for reading, or null if it is missing or cannot be opened (a cache only). */
    private static FileChannel opened(Path f) {
        try {
            return FileChannel.open(f, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // read only: nothing is lost
            }
        }
    }

    /** Fills {@code b} from {@code at} of {@code ch}; false if the file ends first. */
    private static boolean readFully(FileChannel ch, ByteBuffer b, long at) throws DamnitException {
        try {
            while (b.hasRemaining()) {
                int n = ch.read(b, at + b.position());
                if (n < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new DamnitException("cannot read the record cache: " + e.getMessage(), e);
        }
    }

    /** The offsets of the entry file {@code ch} of {@code count} records, or null if it is not one. */
    private static int[] offsets(FileChannel ch, int count) {
        try {
            long size = ch.size();
            long head = ENTRY_HEADER + 4L * (count + 1);
            if (count < 0 || size < head || head > Integer.MAX_VALUE) {
                return null;
            }
            ByteBuffer h = ByteBuffer.allocate((int) head);
            if (!readFully(ch, h, 0)) {
                return null;
            }
            return offsets(h.flip(), count, size);
        } catch (IOException | DamnitException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The offsets of an entry of {@code count} records and {@code total} bytes, or null if it is not one;
     * {@code m} holds at least its header and offsets.
     */
    private static int[] offsets(ByteBuffer m, int count, long total) {
        long size = m.limit();
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
        return o[0] == 0 && ENTRY_HEADER + 4L * (count + 1) + o[count] == total ? o : null;
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
