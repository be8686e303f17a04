package org.damnit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.damnit.DamnitException;
import org.damnit.DiffCommand;
import org.damnit.DiffEntry;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.damnit.ScanOrder;

/** Tree against tree, or tree against working tree; renames and copies are matched by SHA-256. */
final class DiffOp {
    private final RepoContext ctx;
    private final DiffCommand.Request req;

    DiffOp(RepoContext ctx, DiffCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    List<DiffEntry> execute() throws DamnitException {
        org.damnit.Commit newCommit = req.newRevision() != null ? ctx.trees().readCommit(ctx.revisions().resolve(req.newRevision())) : null;
        ObjectId oldCommit = req.againstParent()
            ? (newCommit.parents().isEmpty() ? null : newCommit.parents().get(0))
            : req.oldRevision() == null ? null : ctx.revisions().resolve(req.oldRevision());
        Map<String, Node> before = oldCommit == null ? Map.of() : files(ctx.trees().flatten(ctx.trees().readCommit(oldCommit).tree()));
        Map<String, Node> after = newCommit != null ? files(ctx.trees().flatten(newCommit.tree())) : workingTree();
        Set<ObjectId> oldChunks = new HashSet<>();
        Map<ObjectId, String> oldByContent = new HashMap<>();
        for (Map.Entry<String, Node> e : before.entrySet()) {
            Node n = e.getValue();
            n.pieces().forEach(p -> oldChunks.add(p.id()));
            if (n.type() == EntryType.FILE) {
                oldByContent.putIfAbsent(n.sha256(), e.getKey());
            }
        }
        List<DiffEntry> added = new ArrayList<>();
        List<DiffEntry> out = new ArrayList<>();
        Set<String> renamedFrom = new HashSet<>();
        for (Map.Entry<String, Node> e : after.entrySet()) {
            String path = e.getKey();
            Node n = e.getValue();
            Node o = before.get(path);
            if (o != null && o.sameContent(n)) {
                continue;
            }
            if (o != null && o.sameData(n)) {
                out.add(new DiffEntry(path, DiffEntry.Change.METADATA, null, n.type(), o.size(), n.size(),
                    req.newRevision() == null ? -1 : 0));
                continue;
            }
            long stored = storedBytes(n, oldChunks);
            if (o != null) {
                out.add(new DiffEntry(path, DiffEntry.Change.MODIFIED, null, n.type(), o.size(), n.size(), stored));
                continue;
            }
            String source = n.type() == EntryType.FILE ? oldByContent.get(n.sha256()) : null;
            if (source != null) {
                boolean moved = !after.containsKey(source) && renamedFrom.add(source);
                out.add(new DiffEntry(path, moved ? DiffEntry.Change.RENAMED : DiffEntry.Change.COPIED, source, n.type(),
                    n.size(), n.size(), stored));
            } else {
                added.add(new DiffEntry(path, DiffEntry.Change.ADDED, null, n.type(), 0, n.size(), stored));
            }
        }
        out.addAll(added);
        for (Map.Entry<String, Node> e : before.entrySet()) {
            if (!after.containsKey(e.getKey()) && !renamedFrom.contains(e.getKey())) {
                Node o = e.getValue();
                out.add(new DiffEntry(e.getKey(), DiffEntry.Change.DELETED, null, o.type(), o.size(), 0, 0));
            }
        }
        out.sort((a, b) -> Names.PATH_ORDER.compare(a.path(), b.path()));
        return out;
    }

    /** What the new version of a file added to the store: its chunks the old tree does not have. */
    private long storedBytes(Node n, Set<ObjectId> oldChunks) throws DamnitException {
        if (req.newRevision() == null) {
            return -1;
        }
        long sum = 0;
        Set<ObjectId> seen = new HashSet<>();
        for (Node.Piece p : n.pieces()) {
            if (!oldChunks.contains(p.id()) && seen.add(p.id())) {
                Optional<ChunkIndex.Location> l = ctx.chunks().locate(p.id());
                sum += l.map(ChunkIndex.Location::recordLength).orElse(0);
            }
        }
        return sum;
    }

    private static Map<String, Node> files(Map<String, Node> all) {
        Map<String, Node> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (v.type() != EntryType.DIRECTORY) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The working tree as nodes (files hashed unless the stat cache vouches for them). */
    private Map<String, Node> workingTree() throws DamnitException {
        StatIndex index = StatIndex.load(ctx.paths().statCache());
        Map<String, Node> head = ctx.trees().headEntries();
        PendingMeta pending = PendingMeta.load(ctx.paths().pendingMeta());
        Map<String, Node> out = new LinkedHashMap<>();
        for (Scanner.Found f : WorkTree.scan(ctx.paths().workTree(), ScanOrder.DEPTH_FIRST)) {
            String name = f.rel().substring(f.rel().lastIndexOf('/') + 1);
            switch (f.type()) {
                case SYMLINK -> out.put(f.rel(), Node.symlink(name, f.linkTarget()));
                case FILE -> {
                    StatIndex.Stat s = index.get(f.rel());
                    if (s != null && s.matches(f.attrs(), f.executable())) {
                        out.put(f.rel(), s.node().withName(name));
                    } else {
                        ObjectId sha = WorkTree.sha256(f.path(), f.rel());
                        out.put(f.rel(), Node.file(name, f.attrs().size(), f.executable(),
                            StatIndex.mtimeNanos(f.attrs()), sha, "0".repeat(32), List.of()));
                    }
                }
                case DIRECTORY -> { }
            }
            Node n = out.get(f.rel());
            if (n != null) {
                Node h = head.get(f.rel());
                out.put(f.rel(), n.withMeta(pending.apply(f.rel(), h != null ? h.meta() : new java.util.TreeMap<>())));
            }
        }
        return out;
    }
}
