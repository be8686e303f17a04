package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.damnit.Commit;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.GcCommand;
import org.damnit.GcResult;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Two-phase garbage collection (docs/FORMAT.md, "Garbage collection"). Marking reads every commit,
 * tree and pack index reachable from the refs; any read error aborts the run before anything is
 * deleted. Memory: 8 bytes per live chunk ({@link LiveSet}) plus one pack index at a time; pack indexes
 * are read again from the store for each pass instead of being held.
 */
final class GcOp {
    static final String LISTS = StoreLayout.GC_LISTS;

    private final RepoContext ctx;
    private final GcCommand.Request req;
    private final Store store;
    private final Set<ObjectId> liveCommits = new HashSet<>();
    private final Set<ObjectId> liveTrees = new HashSet<>();
    private LiveSet liveChunks = new LiveSet();
    /** Files (by SHA-256) that have a container in the store, and those a live file needs. */
    private Set<ObjectId> containers = new HashSet<>();
    private final Set<ObjectId> liveContainers = new HashSet<>();
    /** The preferred record of each live chunk that more than one pack holds. */
    private final Map<ObjectId, ChunkIndex.Location> preferred = new HashMap<>();

    GcOp(RepoContext ctx, GcCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
        this.store = ctx.store();
    }

    /** A recorded decision: delete {@code key} after the grace period unless it is needed again. */
    private record Condemned(String key, List<ObjectId> movedTo) {
    }

    GcResult execute() throws DamnitException {
        long deadline = System.currentTimeMillis() + Leases.ttlMillis;
        while (true) {
            try {
                return run();
            } catch (IOException e) {
                throw new StorageException("gc stopped, nothing more was deleted: " + e.getMessage(), e);
            } catch (WritersActive w) {
                // a writer may be about to reference what this run would delete: wait, then mark again
                List<String> left = Leases.awaitNone(store, Leases.WRITER, null, deadline - System.currentTimeMillis());
                if (!left.isEmpty()) {
                    throw new StorageException("gc deleted nothing: " + left.size() + " writer(s) kept a lease in the"
                        + " store for " + Leases.ttlMillis / 1000 + " s (" + String.join(", ", left)
                        + "); run gc again when they are done");
                }
                liveCommits.clear();
                liveTrees.clear();
                liveContainers.clear();
                liveChunks = new LiveSet();
            }
        }
    }

    /** Writers held leases when this run was about to delete; nothing was deleted. */
    private static final class WritersActive extends Exception {
        private static final long serialVersionUID = 1L;

        WritersActive() {
            super(null, null, false, false);
        }
    }

    private GcResult run() throws IOException, DamnitException, WritersActive {
        long now = System.currentTimeMillis();
        req.progress().start("marking", -1);
        mark();
        List<ObjectId> packs = new ArrayList<>();
        for (String key : list(StoreLayout.PACK_INDEXES.prefix)) {
            packs.add(idOf(key));
        }
        Set<ObjectId> indexed = new HashSet<>(packs);
        // a pack without its index: a leftover of an interrupted write, unless files need its chunks
        Map<ObjectId, PackCheck.Scan> unindexedLive = new HashMap<>();
        for (String key : list(StoreLayout.PACKS.prefix)) {
            ObjectId id = idOf(key);
            if (!indexed.contains(id)) {
                PackCheck.Scan scan = PackCheck.scan(store, key);
                if (scan.entries().stream().anyMatch(e -> liveChunks.contains(e.id()))
                    || (scan.trailer() == null && !scan.entries().isEmpty())) {
                    unindexedLive.put(id, scan); // needed, or damaged after records that might be: kept
                }
            }
        }
        closeOverDeltaBases(packs, unindexedLive);
        for (Map.Entry<ObjectId, PackCheck.Scan> u : unindexedLive.entrySet()) {
            if (u.getValue().matches(u.getKey()) && !req.dryRun()) {
                // its records are exactly what the lost index said: write it again
                byte[] index = Pack.encodeIndex(u.getKey(), u.getValue().entries());
                store.put(StoreLayout.PACK_INDEXES.key(u.getKey()), new ByteArrayInputStream(index), index.length);
            }
        }
        req.progress().end();

        // what earlier runs condemned
        Map<String, GcList> lists = new LinkedHashMap<>();
        for (String key : list(LISTS)) {
            lists.put(key, readList(key));
        }
        Set<String> alreadyCondemned = new HashSet<>();
        lists.values().forEach(l -> l.keys().forEach(k -> alreadyCondemned.add(k.key())));
        preferRecords(packs, new HashSet<>(list(StoreLayout.PACKS.prefix)), alreadyCondemned);

        // what is unreachable now
        List<Condemned> garbage = new ArrayList<>();
        Set<String> packKeys = new TreeSet<>(list(StoreLayout.PACKS.prefix));
        for (String key : list(StoreLayout.PACK_INDEXES.prefix)) {
            ObjectId id = idOf(key);
            List<Pack.Entry> orphan = packKeys.contains(StoreLayout.PACKS.key(id)) ? null : entries(id);
            if (orphan != null && orphan.stream().noneMatch(e -> liveChunks.contains(e.id()))) {
                garbage.add(new Condemned(key, List.of())); // an index without its pack, naming nothing needed
            }
        }
        long repacked = 0;
        long repackedBytes = 0;
        for (String key : packKeys) {
            ObjectId id = idOf(key);
            List<Pack.Entry> entries = entries(id);
            if (entries == null) {
                if (!unindexedLive.containsKey(id)) {
                    garbage.add(new Condemned(key, List.of())); // no index, nothing needed: a leftover
                }
                continue;
            }
            long live = 0;
            long total = 0;
            for (Pack.Entry e : entries) {
                total += e.recordLength();
                live += live(id, e) ? e.recordLength() : 0;
            }
            if (live == 0) {
                garbage.add(new Condemned(StoreLayout.PACK_INDEXES.key(id), List.of()));
                garbage.add(new Condemned(key, List.of()));
            } else if (live < total * req.repackBelow() && !alreadyCondemned.contains(key) && !req.dryRun()) {
                List<ObjectId> moved = repack(id, entries);
                repacked++;
                repackedBytes += live;
                garbage.add(new Condemned(StoreLayout.PACK_INDEXES.key(id), moved));
                garbage.add(new Condemned(key, moved));
            }
        }
        for (String key : list(StoreLayout.CONTAINERS.prefix)) {
            if (!liveContainers.contains(StoreLayout.idOf(key))) {
                garbage.add(new Condemned(key, List.of()));
            }
        }
        for (String key : list(ObjectKind.COMMIT.prefix)) {
            if (!liveCommits.contains(idOf(key))) {
                garbage.add(new Condemned(key, List.of()));
            }
        }
        for (String key : list(ObjectKind.TREE.prefix)) {
            if (!liveTrees.contains(idOf(key))) {
                garbage.add(new Condemned(key, List.of()));
            }
        }
        Map<String, Condemned> unreachable = new LinkedHashMap<>();
        garbage.forEach(c -> unreachable.put(c.key(), c));

        // phase two for lists whose grace period has passed: delete what is still unreachable
        long deleted = 0;
        long bytesDeleted = 0;
        long rescued = 0;
        long waiting = 0;
        List<String> toDelete = new ArrayList<>();
        List<String> expiredLists = new ArrayList<>();
        for (Map.Entry<String, GcList> l : lists.entrySet()) {
            boolean expired = now - l.getValue().time() >= req.gracePeriod().toMillis();
            for (Condemned k : l.getValue().keys()) {
                String key = k.key();
                Condemned c = unreachable.get(key);
                List<ObjectId> movedTo = k.movedTo();
                boolean stillGarbage = c != null || (!movedTo.isEmpty() && movedSafely(key, movedTo));
                if (!stillGarbage) {
                    rescued += expired ? 1 : 0;
                } else if (expired) {
                    toDelete.add(key);
                } else {
                    waiting++;
                }
            }
            if (expired) {
                expiredLists.add(l.getKey());
            }
        }
        // phase one: record what is newly unreachable (or, with no grace period, delete it now)
        List<Condemned> fresh = new ArrayList<>();
        for (Condemned c : unreachable.values()) {
            if (!alreadyCondemned.contains(c.key())) {
                fresh.add(c);
            }
        }
        if (req.gracePeriod().isZero()) {
            fresh.forEach(c -> toDelete.add(c.key()));
        } else if (!fresh.isEmpty() && !req.dryRun()) {
            writeList(now, fresh);
        }
        long condemned = fresh.size();
        waiting += req.gracePeriod().isZero() ? 0 : fresh.size();
        Leases.Lease collecting = null;
        if (!req.dryRun() && !toDelete.isEmpty()) {
            // announce, then look: a writer that started meanwhile either is seen here or sees this lease
            collecting = Leases.take(store, Leases.COLLECTOR);
            if (!Leases.active(store, Leases.WRITER, null).isEmpty()) {
                collecting.close();
                throw new WritersActive();
            }
        }
        try (Leases.Lease held = collecting) {
            if (!req.dryRun()) {
                // indexes first, so a crash never leaves an index that names a missing pack
                toDelete.sort((a, b) -> Integer.compare(StoreLayout.deleteRank(a), StoreLayout.deleteRank(b)));
                req.progress().start("deleting", toDelete.size());
                for (String key : new java.util.LinkedHashSet<>(toDelete)) {
                    long size = store.size(key).orElse(0L);
                    if (store.delete(key)) {
                        deleted++;
                        bytesDeleted += size;
                    }
                    req.progress().advance(1);
                }
                req.progress().end();
                for (String l : expiredLists) {
                    store.delete(l);
                }
                cleanTemporaryFiles(now);
                ctx.chunks().sync();
            } else {
                deleted = toDelete.size();
            }
        }
        return new GcResult(liveCommits.size(), liveChunks.size(), condemned, deleted, bytesDeleted, rescued, repacked,
            repackedBytes, waiting);
    }

    /** Every commit reachable from any ref, their trees, and the chunks of their files. */
    private void mark() throws IOException, DamnitException {
        ctx.chunks().sync(); // a container counts only if every chunk it names is indexed
        ctx.chunks().containers().forget();
        containers = ctx.chunks().containers().list(); // before the refs: one published later keeps raw chunks
        ArrayDeque<ObjectId> todo = new ArrayDeque<>();
        List<String> refs;
        try (Stream<String> s = store.listRefs("")) {
            refs = s.toList();
        }
        for (String ref : refs) {
            String value = store.readRef(ref).orElse(null);
            if (value == null) {
                continue; // removed since the listing
            }
            if (!ObjectId.isValidHex(value.trim())) {
                throw new CorruptObjectException("ref " + ref + " does not hold a commit id; fix it before gc");
            }
            ObjectId id = ObjectId.fromHex(value.trim());
            if (liveCommits.add(id)) {
                todo.add(id);
            }
        }
        while (!todo.isEmpty()) {
            Commit c = ctx.trees().readCommitFromStore(todo.poll());
            markTree(c.tree());
            for (ObjectId p : c.parents()) {
                if (liveCommits.add(p)) {
                    todo.add(p);
                }
            }
        }
    }

    /** Marks a tree and everything below it, with a heap stack (a deep tree cannot exhaust the call stack). */
    private void markTree(ObjectId root) throws DamnitException {
        ArrayDeque<ObjectId> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            ObjectId tree = todo.pop();
            if (!liveTrees.add(tree)) {
                continue;
            }
            for (Node n : ctx.trees().readTreeFromStore(tree)) {
                if (n.type() == EntryType.DIRECTORY) {
                    todo.push(n.tree());
                } else if (n.type() == EntryType.FILE && !markContainer(n)) {
                    n.pieces().forEach(p -> liveChunks.add(p.id()));
                }
            }
        }
    }

    /**
     * Marks the chunks of the file's container, if it has one whose chunks are all stored; true if so,
     * and the file's own chunks are then not needed (docs/FORMAT.md, "Containers").
     */
    private boolean markContainer(Node file) throws DamnitException {
        ObjectId sha = file.sha256();
        if (sha == null || !containers.contains(sha)) {
            return false;
        }
        if (liveContainers.contains(sha)) {
            return true;
        }
        Container c = ctx.chunks().containers().find(sha).orElse(null);
        if (c == null) {
            containers.remove(sha); // deleted since the listing: the file's own chunks stay
            return false;
        }
        List<Container.Stream> streams = List.of(c.content(), c.literals(), c.members());
        for (Container.Stream s : streams) {
            for (Node.Piece p : s.pieces()) {
                if (ctx.chunks().locate(p.id()).isEmpty()) {
                    containers.remove(sha); // incomplete: keep the file's own chunks
                    liveContainers.add(sha);
                    return false;
                }
            }
        }
        liveContainers.add(sha);
        for (Container.Stream s : streams) {
            s.pieces().forEach(p -> liveChunks.add(p.id()));
        }
        return true;
    }

    /**
     * For each live chunk that more than one pack lists (a record the deep repack stored again through a
     * content codec, a chunk two writers stored at once), its preferred record
     * ({@link ChunkIndex.Location#preferredTo}), a record in a pack not yet condemned before one in a
     * condemned pack (whose records were copied: the copy is then the record kept); packs whose index
     * outlived them do not count.
     */
    private void preferRecords(List<ObjectId> packs, Set<String> packsPresent, Set<String> condemned)
        throws IOException, DamnitException {
        preferred.clear();
        List<ObjectId> present = new ArrayList<>();
        for (ObjectId pack : packs) {
            if (packsPresent.contains(StoreLayout.PACKS.key(pack))) {
                present.add(pack);
            }
        }
        // 8 bytes per record of a live chunk: the 64-bit prefixes of their ids, sorted, show the repeats
        long[] prefixes = new long[1024];
        int n = 0;
        for (ObjectId pack : present) {
            List<Pack.Entry> entries = entries(pack);
            for (Pack.Entry e : entries == null ? List.<Pack.Entry>of() : entries) {
                if (liveChunks.contains(e.id())) {
                    if (n == prefixes.length) {
                        prefixes = java.util.Arrays.copyOf(prefixes, n * 2);
                    }
                    prefixes[n++] = LiveSet.prefix(e.id());
                }
            }
        }
        java.util.Arrays.sort(prefixes, 0, n);
        Set<Long> twice = new HashSet<>(); // or two ids with one prefix: each then has its one record preferred
        for (int i = 1; i < n; i++) {
            if (prefixes[i] == prefixes[i - 1]) {
                twice.add(prefixes[i]);
            }
        }
        if (twice.isEmpty()) {
            return;
        }
        for (ObjectId pack : present) {
            List<Pack.Entry> entries = entries(pack);
            for (Pack.Entry e : entries == null ? List.<Pack.Entry>of() : entries) {
                if (twice.contains(LiveSet.prefix(e.id())) && liveChunks.contains(e.id())) {
                    ChunkIndex.Location l = new ChunkIndex.Location(pack, e.offset(), e.recordLength(), e.rawLength(),
                        e.codec(), e.depth());
                    preferred.merge(e.id(), l, (a, b) -> {
                        boolean ca = condemned.contains(StoreLayout.PACKS.key(a.pack()));
                        boolean cb = condemned.contains(StoreLayout.PACKS.key(b.pack()));
                        return ca != cb ? (ca ? b : a) : ChunkIndex.Location.better(a, b);
                    });
                }
            }
        }
    }

    /** Whether this record (in {@code pack}) is needed: its chunk is live and it is that chunk's preferred record. */
    private boolean live(ObjectId pack, Pack.Entry e) {
        if (!liveChunks.contains(e.id())) {
            return false;
        }
        ChunkIndex.Location best = preferred.get(e.id());
        return best == null || (best.pack().equals(pack) && best.offset() == e.offset());
    }

    /** A pack's index entries, or null when its index is gone. */
    private List<Pack.Entry> entries(ObjectId pack) throws IOException, CorruptObjectException {
        String key = StoreLayout.PACK_INDEXES.key(pack);
        byte[] raw;
        try (InputStream in = store.get(key)) {
            raw = in.readAllBytes();
        } catch (NoSuchFileException gone) {
            return null;
        }
        return Pack.decodeIndex(key, pack, raw);
    }

    /**
     * Adds the bases of every live record (a delta's, a content codec's references), in every pack (those without an index as scanned),
     * until nothing changes (depth is bounded).
     */
    private void closeOverDeltaBases(List<ObjectId> packs, Map<ObjectId, PackCheck.Scan> unindexed)
        throws IOException, DamnitException {
        Set<String> expanded = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (PackCheck.Scan scan : unindexed.values()) {
                for (int i = 0; i < scan.entries().size(); i++) {
                    if (liveChunks.contains(scan.entries().get(i).id())) {
                        for (ObjectId base : scan.bases().get(i)) {
                            changed |= liveChunks.add(base);
                        }
                    }
                }
            }
            for (ObjectId pack : packs) {
                List<Pack.Entry> entries = entries(pack);
                for (Pack.Entry e : entries == null ? List.<Pack.Entry>of() : entries) {
                    if (ChunkCodecs.mayHaveBases(e.codec()) && !Pack.NO_BASE.equals(e.base()) && liveChunks.contains(e.id())
                        && expanded.add(pack.toHex() + "@" + e.offset())) {
                        for (ObjectId base : readRecord(pack, e).bases()) {
                            changed |= liveChunks.add(base);
                        }
                    }
                }
            }
        }
    }

    private Pack.Parsed readRecord(ObjectId pack, Pack.Entry e) throws IOException, DamnitException {
        String key = StoreLayout.PACKS.key(pack);
        byte[] rec;
        try (InputStream in = store.get(key, e.offset(), e.recordLength())) {
            rec = in.readAllBytes();
        }
        return Pack.parse(key + " at " + e.offset(), rec);
    }

    /** Copies a pack's live records into new packs (published pack, then index); returns their ids. */
    private List<ObjectId> repack(ObjectId pack, List<Pack.Entry> entries) throws IOException, DamnitException {
        try (PackWriter w = new PackWriter(store, ctx.paths().tmp(), ctx.config().packSize(), ctx.chunks().index())) {
            Set<ObjectId> copied = new HashSet<>();
            for (Pack.Entry e : entries) {
                if (live(pack, e) && copied.add(e.id())) {
                    Pack.Parsed r = readRecord(pack, e);
                    byte[] payload = java.util.Arrays.copyOfRange(r.bytes(), r.payloadOffset(),
                        r.payloadOffset() + r.payloadLength());
                    w.add(r.codec(), r.depth(), r.id(), r.rawLength(), payload, payload.length, r.bases());
                }
            }
            w.flush();
            return w.published();
        }
    }

    /** True if every live chunk of a repacked pack is in one of the packs it was moved to. */
    private boolean movedSafely(String key, List<ObjectId> movedTo) throws IOException, CorruptObjectException {
        Set<ObjectId> there = new HashSet<>();
        for (ObjectId m : movedTo) {
            List<Pack.Entry> es = entries(m);
            if (es == null) {
                return false;
            }
            es.forEach(e -> there.add(e.id()));
        }
        ObjectId pack = idOf(key);
        List<Pack.Entry> es = entries(pack);
        if (es == null) {
            return true; // its index is gone already; nothing can be read through it
        }
        for (Pack.Entry e : es) {
            if (live(pack, e) && !there.contains(e.id())) {
                return false;
            }
        }
        return true;
    }

    private void writeList(long now, List<Condemned> keys) throws IOException {
        byte[] b = Json.write(false, g -> {
            g.writeStartObject();
            g.writeNumberField("time", now);
            g.writeArrayFieldStart("keys");
            for (Condemned c : keys) {
                g.writeStartObject();
                g.writeStringField("key", c.key());
                if (!c.movedTo().isEmpty()) {
                    g.writeArrayFieldStart("movedTo");
                    for (ObjectId id : c.movedTo()) {
                        g.writeString(id.toHex());
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        store.put(String.format("%s%013d-%s", LISTS, now, UUID.randomUUID()), new ByteArrayInputStream(b), b.length);
    }

    /** A list written by an earlier run: when, and what it condemned. */
    private record GcList(long time, List<Condemned> keys) {
    }

    private GcList readList(String key) throws IOException, CorruptObjectException {
        Object v;
        try (InputStream in = store.get(key)) {
            v = Json.read(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptObjectException(key + " is not valid JSON: " + e.getOriginalMessage());
        }
        Map<String, Object> root = Json.object(v);
        List<Object> keys = root == null ? null : Json.array(root.get("keys"));
        Long time = root == null ? null : Json.integer(root.get("time"));
        if (keys == null || time == null) {
            throw new CorruptObjectException(key + " is not a gc list");
        }
        List<Condemned> out = new ArrayList<>(keys.size());
        for (Object o : keys) {
            Map<String, Object> k = Json.object(o);
            List<Object> moved = k == null ? null : k.get("movedTo") == null ? List.of() : Json.array(k.get("movedTo"));
            if (k == null || !(k.get("key") instanceof String name) || moved == null
                || !moved.stream().allMatch(m -> m instanceof String h && ObjectId.isValidHex(h))) {
                throw new CorruptObjectException(key + " is not a gc list: bad entry " + o);
            }
            out.add(new Condemned(name, moved.stream().map(m -> ObjectId.fromHex((String) m)).toList()));
        }
        return new GcList(time, out);
    }

    /** Leftovers of interrupted writes in the local temporary directories, older than the grace period. */
    private void cleanTemporaryFiles(long now) throws IOException {
        for (Path dir : List.of(ctx.paths().tmp(), ctx.paths().meta().resolve("store").resolve("tmp"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    try {
                        if (Files.isRegularFile(f)
                            && now - Files.getLastModifiedTime(f).toMillis() >= req.gracePeriod().toMillis()) {
                            Files.deleteIfExists(f);
                        }
                    } catch (NoSuchFileException published) {
                        // its writer finished with it meanwhile
                    }
                }
            }
        }
    }

    private List<String> list(String prefix) throws IOException {
        try (Stream<String> s = store.list(prefix)) {
            return s.toList();
        }
    }

    private static ObjectId idOf(String key) {
        return ObjectId.fromHex(StoreLayout.lastSegment(key));
    }
}
