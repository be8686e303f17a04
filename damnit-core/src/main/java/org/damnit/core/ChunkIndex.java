package org.damnit.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.store.Store;

/**
 * The dedup index: chunk id → where its record lies in which pack. It is a local cache
 * ({@code .damnit/cache/}) derived from the pack indexes in the store, which stay the truth.
 *
 * <p>It lives on disk as a few sorted runs of fixed 96-byte records; a lookup is an interpolation
 * search (ids are uniformly distributed, so two or three positioned reads per run) and the heap holds
 * only the entries this process added since the last {@link #sync()}, bounded by the caller. Runs are
 * merged when there are more than {@link #MAX_RUNS}. Updates are serialised across processes by an
 * OS file lock that dies with its holder.
 */
final class ChunkIndex implements Closeable {
    static final BinaryFormat RUN_FORMAT = new BinaryFormat("chunk index run", "DMNC", 1, 1);
    static final int HEADER = 16;
    static final int RECORD = 96;
    static final int MAX_RUNS = 6;
    /** Entries per run written while syncing, bounding the heap during a rebuild. */
    static final int BATCH = 200_000;
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** Where one chunk is stored. */
    record Location(ObjectId pack, long offset, int recordLength, int rawLength, int codec, int depth) {
        /**
         * Whether this record of a chunk is preferred to {@code other}, a record of the same chunk in another
         * place (docs/FORMAT.md, "Garbage collection"): the shallower delta, then the shorter record, then
         * the lower pack id and offset. gc keeps the preferred record of every live chunk and lets the others
         * go; lookups prefer it too. Preferring the shallower record first means that the preferred records'
         * delta bases never form a cycle.
         */
        boolean preferredTo(Location other) {
            return preferred(depth, recordLength, pack, offset, other.depth, other.recordLength, other.pack, other.offset);
        }

        static boolean preferred(int depth, int length, ObjectId pack, long offset, int otherDepth, int otherLength,
                                 ObjectId otherPack, long otherOffset) {
            if (depth != otherDepth) {
                return depth < otherDepth;
            }
            if (length != otherLength) {
                return length < otherLength;
            }
            int c = pack.compareTo(otherPack);
            return c != 0 ? c < 0 : offset < otherOffset;
        }

        static Location better(Location a, Location b) {
            return a == null || (b != null && b.preferredTo(a)) ? b : a;
        }
    }

    private final Path dir;
    private final Store store;
    private final ConcurrentHashMap<ObjectId, Location> pending = new ConcurrentHashMap<>();
    /** The entries of packs this process published that the runs may not hold yet, by pack. */
    private final java.util.Map<ObjectId, List<Record>> published = new java.util.LinkedHashMap<>();
    /** Entries of packs the on-disk runs do not cover, when the cache cannot be written (read-only, full). */
    private final ConcurrentHashMap<ObjectId, Location> inMemory = new ConcurrentHashMap<>();
    private volatile boolean memoryOnly;
    private volatile List<Run> runs = List.of();

    ChunkIndex(Path dir, Store store) {
        this.dir = dir;
        this.store = store;
    }

    /**
     * Where a chunk's record lies. When several records of it are indexed (a record re-stored by the
     * deep repack, a chunk two writers stored at once), this process's newest entries and the newest run
     * come first, and within a run the preferred record ({@link Location#preferredTo}) is kept.
     */
    Optional<Location> find(ObjectId id) throws IOException {
        Location p = pending.get(id);
        if (p == null) {
            p = inMemory.get(id);
        }
        if (p != null) {
            return Optional.of(p);
        }
        for (Run r : runs) {
            Location l = r.find(id);
            if (l != null) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * Records the entries of a pack this process has just published (pack and index are in the store):
     * lookups find them at once, and {@link #flushPublished()} writes them to disk from memory.
     */
    void addPublished(ObjectId pack, List<Pack.Entry> entries) {
        List<Record> records = new ArrayList<>(entries.size());
        for (Pack.Entry e : entries) {
            Location loc = new Location(pack, e.offset(), e.recordLength(), e.rawLength(), e.codec(), e.depth());
            records.add(new Record(e.id(), loc));
            pending.merge(e.id(), loc, Location::better);
        }
        synchronized (published) {
            published.put(pack, records);
        }
    }

    private List<Record> publishedEntries(ObjectId pack) {
        synchronized (published) {
            return published.get(pack);
        }
    }

    int pendingSize() {
        return pending.size();
    }

    long size() {
        long n = pending.size() + inMemory.size();
        for (Run r : runs) {
            n += r.count;
        }
        return n;
    }

    /**
     * Brings the on-disk runs up to date with the pack indexes in the store (all of them if the cache is
     * missing, damaged, or names a pack the store no longer has), then forgets the pending entries that
     * are now on disk.
     */
    synchronized void sync() throws IOException {
        if (!memoryOnly) {
            try {
                syncOnDisk();
                return;
            } catch (IOException e) {
                // reading must never need writing: a cache that cannot be written (a read-only file
                // system, a full disk) is used as far as it is current and completed in memory
                memoryOnly = true;
                try {
                    syncInMemory();
                } catch (IOException | RuntimeException again) {
                    again.addSuppressed(e);
                    throw again;
                }
                return;
            }
        }
        syncInMemory();
    }

    /** Whether the cache could not be written and lives (in part) in memory. */
    boolean inMemoryOnly() {
        return memoryOnly;
    }

    /**
     * Without writing anything: keeps the on-disk runs if every pack they cover is still in the store,
     * and holds the entries of the packs they do not cover in memory.
     */
    private void syncInMemory() throws IOException {
        List<String> runNames = readManifest();
        java.util.Set<String> covered = new java.util.HashSet<>(runNames == null ? List.of()
            : readLines(dir.resolve("packs.sorted")));
        java.util.Set<String> inStore = new java.util.HashSet<>();
        try (Stream<String> keys = store.list("index/")) {
            keys.map(k -> k.substring(k.lastIndexOf('/') + 1)).filter(ObjectId::isValidHex).forEach(inStore::add);
        }
        if (runNames == null || !inStore.containsAll(covered)) {
            covered = java.util.Set.of(); // stale or absent: every pack goes to memory
            retire(runs);
            runs = List.of();
        } else {
            openRuns(runNames);
        }
        java.util.Set<ObjectId> loaded = new java.util.HashSet<>();
        inMemory.values().forEach(l -> loaded.add(l.pack()));
        inMemory.values().removeIf(l -> !inStore.contains(l.pack().toHex()));
        for (String hex : inStore) {
            ObjectId pack = ObjectId.fromHex(hex);
            if (covered.contains(hex) || loaded.contains(pack)) {
                continue;
            }
            byte[] raw;
            try (InputStream in = store.get(StoreLayout.PACK_INDEXES.key(pack))) {
                raw = in.readAllBytes();
            }
            try {
                for (Pack.Entry e : Pack.decodeIndex(StoreLayout.PACK_INDEXES.key(pack), pack, raw)) {
                    inMemory.merge(e.id(), new Location(pack, e.offset(), e.recordLength(), e.rawLength(), e.codec(),
                        e.depth()), Location::better);
                }
            } catch (CorruptObjectException e) {
                continue; // verify reports it
            }
        }
        forget(pack -> inStore.contains(pack.toHex()));
    }

    private void syncOnDisk() throws IOException {
        Files.createDirectories(dir);
        java.util.Set<String> pendingPacks = new java.util.HashSet<>();
        pending.values().forEach(l -> pendingPacks.add(l.pack().toHex()));
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        this.pendingPacks = pendingPacks;
        this.seenPacks = seen;
        locked(this::syncLocked);
        // forget only what the runs now hold: packs published after the listing stay pending
        forget(pack -> seen.contains(pack.toHex()));
    }

    /**
     * Writes the entries of the packs this process published to disk from memory, without listing the
     * store or reading their indexes back; packs other processes published are found by the next
     * {@link #sync()}.
     */
    synchronized void flushPublished() throws IOException {
        java.util.Set<ObjectId> mine;
        synchronized (published) {
            mine = new java.util.LinkedHashSet<>(published.keySet());
        }
        if (mine.isEmpty()) {
            return;
        }
        boolean[] needSync = {false};
        locked(() -> {
            List<String> runNames = readManifest();
            if (runNames == null) {
                needSync[0] = true; // no cache to add to: a full sync builds it
                return;
            }
            Path covered = dir.resolve("packs.sorted");
            java.util.TreeSet<String> packs = new java.util.TreeSet<>(readLines(covered));
            List<Record> batch = new ArrayList<>();
            for (ObjectId pack : mine) {
                if (packs.add(pack.toHex())) {
                    batch.addAll(publishedEntries(pack));
                }
            }
            Path newCovered = dir.resolve("packs.sorted." + UUID.randomUUID() + ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(newCovered))) {
                for (String hex : packs) {
                    out.write((hex + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            List<String> names = new ArrayList<>(runNames);
            if (!batch.isEmpty()) {
                names.add(writeRun(batch));
            }
            install(names, newCovered);
        });
        if (needSync[0]) {
            sync();
            return;
        }
        forget(mine::contains);
    }

    /** Forgets the pending entries, and published packs, of the packs the runs now hold. */
    private void forget(java.util.function.Predicate<ObjectId> onDisk) {
        pending.values().removeIf(l -> onDisk.test(l.pack()));
        synchronized (published) {
            published.keySet().removeIf(onDisk);
        }
    }

    private interface Locked {
        void run() throws IOException;
    }

    /** Runs {@code r} holding the index's locks: one per directory in this JVM, and the OS file lock. */
    private void locked(Locked r) throws IOException {
        Files.createDirectories(dir);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel lockCh = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockCh.lock();
            try {
                r.run();
            } finally {
                lock.release();
            }
        } finally {
            jvm.unlock();
        }
    }

    private java.util.Set<String> pendingPacks = java.util.Set.of();
    private java.util.Set<String> seenPacks = java.util.Set.of();

    private void syncLocked() throws IOException {
        List<String> runNames = readManifest();
        Path covered = dir.resolve("packs.sorted");
        boolean rebuild = runNames == null;
        List<ObjectId> fresh = new ArrayList<>();
        Path newCovered = dir.resolve("packs.sorted." + UUID.randomUUID() + ".tmp");
        try (Stream<String> keys = store.list(StoreLayout.PACK_INDEXES.prefix);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(newCovered))) {
            Iterator<String> have = rebuild ? List.<String>of().iterator() : readLines(covered).iterator();
            String h = have.hasNext() ? have.next() : null;
            for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
                String key = it.next();
                String hex = StoreLayout.lastSegment(key);
                if (!ObjectId.isValidHex(hex)) {
                    continue;
                }
                if (pendingPacks.contains(hex)) {
                    seenPacks.add(hex);
                }
                while (h != null && h.compareTo(hex) < 0) {
                    rebuild = true; // the cache names a pack the store does not have
                    h = have.hasNext() ? have.next() : null;
                }
                if (h != null && h.equals(hex)) {
                    h = have.hasNext() ? have.next() : null;
                } else {
                    fresh.add(ObjectId.fromHex(hex));
                }
                out.write((hex + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (h != null) {
                rebuild = true;
            }
        }
        if (rebuild && runNames != null) {
            // start over from every pack in the store
            closeRuns();
            for (String r : runNames) {
                Files.deleteIfExists(dir.resolve(r));
            }
            Files.deleteIfExists(dir.resolve("manifest"));
            Files.deleteIfExists(covered);
            Files.deleteIfExists(newCovered);
            syncLocked();
            return;
        }
        List<String> names = new ArrayList<>(runNames == null ? List.of() : runNames);
        List<Record> batch = new ArrayList<>();
        for (ObjectId pack : fresh) {
            List<Record> known = publishedEntries(pack);
            if (known != null) {
                batch.addAll(known); // published by this process: no need to read its index back
                if (batch.size() >= BATCH) {
                    names.add(writeRun(batch));
                    batch.clear();
                }
                continue;
            }
            byte[] raw;
            try (InputStream in = store.get(StoreLayout.PACK_INDEXES.key(pack))) {
                raw = in.readAllBytes();
            }
            List<Pack.Entry> entries;
            try {
                entries = Pack.decodeIndex(StoreLayout.PACK_INDEXES.key(pack), pack, raw);
            } catch (CorruptObjectException e) {
                continue; // verify reports it; its chunks are simply not deduplicated against
            }
            for (Pack.Entry e : entries) {
                batch.add(new Record(e.id(), new Location(pack, e.offset(), e.recordLength(), e.rawLength(), e.codec(), e.depth())));
            }
            if (batch.size() >= BATCH) {
                names.add(writeRun(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            names.add(writeRun(batch));
        }
        install(names, newCovered);
    }

    /** Makes {@code names} the runs (merging them when there are too many) and {@code newCovered} their packs. */
    private void install(List<String> names, Path newCovered) throws IOException {
        Path covered = dir.resolve("packs.sorted");
        if (names.size() > MAX_RUNS) {
            String merged = mergeRuns(names);
            List<String> old = names;
            names = List.of(merged);
            writeManifest(names);
            closeRuns();
            for (String o : old) {
                Files.deleteIfExists(dir.resolve(o));
            }
        } else {
            writeManifest(names);
        }
        Files.move(newCovered, covered, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        openRuns(names);
    }

    private record Record(ObjectId id, Location loc) {
    }

    private List<String> readManifest() {
        try {
            List<String> lines = new String(RegularFiles.readAllBytes(dir.resolve("manifest")), StandardCharsets.UTF_8).lines().toList();
            if (lines.isEmpty() || !lines.get(0).equals("damnit chunk index " + RUN_FORMAT.current)) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                if (!l.isBlank()) {
                    if (!Files.isRegularFile(dir.resolve(l))) {
                        return null;
                    }
                    out.add(l);
                }
            }
            if (!Files.isRegularFile(dir.resolve("packs.sorted"))) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private void writeManifest(List<String> names) throws IOException {
        Path tmp = dir.resolve("manifest." + UUID.randomUUID() + ".tmp");
        Files.writeString(tmp, "damnit chunk index " + RUN_FORMAT.current + "\n" + String.join("\n", names) + "\n");
        Files.move(tmp, dir.resolve("manifest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> readLines(Path p) throws IOException {
        try {
            return new String(RegularFiles.readAllBytes(p), StandardCharsets.US_ASCII).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private String writeRun(List<Record> records) throws IOException {
        records.sort((a, b) -> a.id.compareTo(b.id));
        String name = "run-" + UUID.randomUUID() + ".idx";
        try (RunWriter w = new RunWriter(dir.resolve(name))) {
            Record best = null;
            for (Record r : records) {
                if (best != null && !r.id.equals(best.id)) {
                    w.write(best.id, best.loc);
                    best = null;
                }
                best = best == null || r.loc.preferredTo(best.loc) ? r : best;
            }
            if (best != null) {
                w.write(best.id, best.loc);
            }
        }
        return name;
    }

    /** k-way merge of sorted runs into one, keeping the preferred location of each id. */
    private String mergeRuns(List<String> names) throws IOException {
        String name = "run-" + UUID.randomUUID() + ".idx";
        record Cursor(DataInputStream in, long[] left, byte[] rec) {
        }
        PriorityQueue<Cursor> q = new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.rec, 0, 32, b.rec, 0, 32));
        List<DataInputStream> open = new ArrayList<>();
        try (RunWriter w = new RunWriter(dir.resolve(name))) {
            for (String n : names) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(RegularFiles.open(dir.resolve(n)), 1 << 16));
                open.add(in);
                in.readFully(new byte[8]);
                long count = in.readLong();
                Cursor c = new Cursor(in, new long[] {count}, new byte[RECORD]);
                if (advance(c.in, c.left, c.rec)) {
                    q.add(c);
                }
            }
            byte[] best = null;
            while (!q.isEmpty()) {
                Cursor c = q.poll();
                if (best != null && !Arrays.equals(best, 0, 32, c.rec, 0, 32)) {
                    w.writeRaw(best);
                    best = null;
                }
                if (best == null || Run.decode(c.rec, 0).preferredTo(Run.decode(best, 0))) {
                    best = c.rec.clone();
                }
                if (advance(c.in, c.left, c.rec)) {
                    q.add(c);
                }
            }
            if (best != null) {
                w.writeRaw(best);
            }
        } finally {
            for (DataInputStream in : open) {
                in.close();
            }
        }
        return name;
    }

    private static boolean advance(DataInputStream in, long[] left, byte[] rec) throws IOException {
        if (left[0] == 0) {
            return false;
        }
        in.readFully(rec);
        left[0]--;
        return true;
    }

    private void openRuns(List<String> names) throws IOException {
        List<Run> opened = new ArrayList<>();
        for (int i = names.size() - 1; i >= 0; i--) {
            opened.add(Run.open(dir.resolve(names.get(i))));
        }
        retire(runs);
        runs = List.copyOf(opened);
    }

    /**
     * Runs replaced by a sync stay open until the next sync: a lookup that started before the swap may
     * still be reading them (a merged-away run file is unlinked, but an open one stays readable), and no
     * lookup spans two syncs.
     */
    private final List<Run> retired = new ArrayList<>();

    private synchronized void retire(List<Run> old) {
        for (Run r : retired) {
            r.close();
        }
        retired.clear();
        retired.addAll(old);
    }

    private void closeRuns() {
        retire(runs);
        runs = List.of();
    }

    @Override
    public synchronized void close() {
        closeRuns();
        for (Run r : retired) {
            r.close();
        }
        retired.clear();
    }

    /** Writes a run: header, records in id order, CRC-32C trailer. */
    private static final class RunWriter implements Closeable {
        private final Path path;
        private final Path tmp;
        private final FileChannel ch;
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private long count;

        RunWriter(Path path) throws IOException {
            this.path = path;
            this.tmp = path.resolveSibling(path.getFileName() + ".tmp");
            this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
            byte[] h = RUN_FORMAT.header(HEADER); // count patched on close
            out.write(h);
        }

        void write(ObjectId id, Location l) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(RECORD);
            b.put(id.toBytes()).put(l.pack().toBytes()).putLong(l.offset()).putInt(l.recordLength())
                .putInt(l.rawLength()).put((byte) l.codec()).put((byte) l.depth());
            writeRaw(b.array());
        }

        void writeRaw(byte[] rec) throws IOException {
            out.write(rec);
            crc.update(rec);
            count++;
        }

        @Override
        public void close() throws IOException {
            out.flush();
            ByteBuffer h = RUN_FORMAT.putHeader(ByteBuffer.allocate(HEADER)).put(new byte[3]).putLong(count);
            h.flip();
            ch.write(h, 0);
            CRC32C full = new CRC32C();
            full.update(h.array());
            // the records' CRC was accumulated as written; fold the header in front of it
            ByteBuffer t = ByteBuffer.allocate(8).putInt((int) full.getValue()).putInt((int) crc.getValue());
            t.flip();
            ch.write(t, ch.size());
            ch.force(true);
            ch.close();
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A sorted run opened for lookups by positioned reads. */
    private static final class Run {
        final FileChannel ch;
        final long count;

        private Run(FileChannel ch, long count) {
            this.ch = ch;
            this.count = count;
        }

        static Run open(Path p) throws IOException {
            FileChannel ch = RegularFiles.channel(p);
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            ch.read(h, 0);
            h.flip();
            boolean known;
            try {
                RUN_FORMAT.checkHeader(p.toString(), h);
                known = true;
            } catch (FormatException e) {
                known = false;
            }
            h.position(8);
            long count = h.getLong();
            if (!known || ch.size() != HEADER + count * RECORD + 8) {
                ch.close();
                throw new IOException("chunk index run " + p + " is damaged; delete .damnit/cache to rebuild it");
            }
            return new Run(ch, count);
        }

        private byte[] read(long from, int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n * RECORD);
            long pos = HEADER + from * RECORD;
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new IOException("chunk index run ended early");
                }
            }
            return b.array();
        }

        private static long prefix(byte[] b, int off) {
            return ByteBuffer.wrap(b, off, 8).getLong();
        }

        Location find(ObjectId id) throws IOException {
            if (count == 0) {
                return null;
            }
            byte[] key = id.toBytes();
            long k = prefix(key, 0);
            long lo = 0;
            long hi = count - 1;
            double kLo = 0;
            double kHi = Math.pow(2, 64);
            double kk = unsigned(k);
            while (hi - lo > 32) {
                long pos = lo + (long) ((kk - kLo) / Math.max(1, kHi - kLo) * (hi - lo));
                pos = Math.max(lo, Math.min(hi, pos));
                byte[] r = read(pos, 1);
                int c = Arrays.compareUnsigned(r, 0, 32, key, 0, 32);
                if (c == 0) {
                    return decode(r, 0);
                }
                if (c < 0) {
                    lo = pos + 1;
                    kLo = unsigned(prefix(r, 0));
                } else {
                    hi = pos - 1;
                    kHi = unsigned(prefix(r, 0));
                }
            }
            if (lo > hi) {
                return null;
            }
            int n = (int) (hi - lo + 1);
            byte[] block = read(lo, n);
            int a = 0;
            int b = n - 1;
            while (a <= b) {
                int m = (a + b) >>> 1;
                int c = Arrays.compareUnsigned(block, m * RECORD, m * RECORD + 32, key, 0, 32);
                if (c == 0) {
                    return decode(block, m * RECORD);
                }
                if (c < 0) {
                    a = m + 1;
                } else {
                    b = m - 1;
                }
            }
            return null;
        }

        private static double unsigned(long v) {
            double d = (double) (v >>> 1) * 2.0;
            return d + (v & 1);
        }

        private static Location decode(byte[] r, int off) {
            ByteBuffer b = ByteBuffer.wrap(r, off, RECORD);
            b.position(off + 32);
            byte[] pack = new byte[32];
            b.get(pack);
            long offset = b.getLong();
            int rec = b.getInt();
            int raw = b.getInt();
            int codec = b.get() & 0xff;
            int depth = b.get() & 0xff;
            return new Location(ObjectId.of(pack), offset, rec, raw, codec, depth);
        }

        void close() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /** For tests and benchmarks: the number of runs on disk. */
    int runCount() {
        return runs.size();
    }
}
