package org.damnit.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.damnit.BadPathException;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.DiffEntry;
import org.damnit.EntryType;
import org.damnit.FileVersion;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.Summary;

/** The versions of one path through history, and a summary of a revision's history and the store. */
final class History {
    private final RepoContext ctx;

    History(RepoContext ctx) {
        this.ctx = ctx;
    }

    List<FileVersion> of(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        if (p.isEmpty()) {
            throw new BadPathException("history needs a path");
        }
        Trees trees = ctx.trees();
        List<FileVersion> out = new ArrayList<>();
        Commit c = trees.readCommit(ctx.revisions().resolve(revision));
        Node n = trees.lookup(c.tree(), p);
        while (c != null) {
            Commit parent = c.parents().isEmpty() ? null : trees.readCommit(c.parents().get(0));
            Node before = parent == null ? null : trees.lookup(parent.tree(), p);
            if (n != null && n.type() == EntryType.DIRECTORY) {
                n = null;
            }
            if (before != null && before.type() == EntryType.DIRECTORY) {
                before = null;
            }
            if (n == null && before != null) {
                out.add(new FileVersion(c, DiffEntry.Change.DELETED, null, 0));
            } else if (n != null && (before == null || !before.sameContent(n))) {
                Set<ObjectId> had = new HashSet<>();
                if (before != null) {
                    before.pieces().forEach(x -> had.add(x.id()));
                }
                long stored = 0;
                for (Node.Piece x : n.pieces()) {
                    if (had.add(x.id())) {
                        stored += ctx.chunks().locate(x.id()).map(ChunkIndex.Location::recordLength).orElse(0);
                    }
                }
                out.add(new FileVersion(c, before == null ? DiffEntry.Change.ADDED
                    : before.sameData(n) ? DiffEntry.Change.METADATA : DiffEntry.Change.MODIFIED,
                    Trees.toEntry(p, n), stored));
            }
            c = parent;
            n = before;
        }
        return out;
    }

    Summary summary(String revision) throws DamnitException {
        ObjectId start = ctx.revisions().resolve(revision);
        Map<ObjectId, long[]> trees = new HashMap<>();
        Set<ObjectId> seen = new HashSet<>(List.of(start));
        java.util.ArrayDeque<ObjectId> todo = new java.util.ArrayDeque<>(List.of(start));
        long history = 0;
        long[] tip = null;
        while (!todo.isEmpty()) {
            Commit c = ctx.trees().readCommit(todo.poll());
            long[] t = treeSize(c.tree(), trees);
            tip = tip == null ? t : tip;
            history += t[1];
            for (ObjectId parent : c.parents()) {
                if (seen.add(parent)) {
                    todo.add(parent);
                }
            }
        }
        return new Summary(seen.size(), tip[0], tip[1], history, storedBytes());
    }

    /** Files and bytes below a tree, memoized by tree id; a post-order walk on a heap stack. */
    private long[] treeSize(ObjectId root, Map<ObjectId, long[]> memo) throws DamnitException {
        java.util.ArrayDeque<ObjectId> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ObjectId tree = stack.peek();
            if (memo.containsKey(tree)) {
                stack.pop();
                continue;
            }
            List<Node> nodes = ctx.trees().readTree(tree);
            boolean ready = true;
            for (Node n : nodes) {
                if (n.type() == EntryType.DIRECTORY && !memo.containsKey(n.tree())) {
                    stack.push(n.tree()); // ids are content hashes, so trees cannot form a cycle
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            long[] sum = new long[2];
            for (Node n : nodes) {
                if (n.type() == EntryType.FILE) {
                    sum[0]++;
                    sum[1] += n.size();
                } else if (n.type() == EntryType.DIRECTORY) {
                    long[] sub = memo.get(n.tree());
                    sum[0] += sub[0];
                    sum[1] += sub[1];
                }
            }
            memo.put(tree, sum);
            stack.pop();
        }
        return memo.get(root);
    }

    private long storedBytes() throws DamnitException {
        try (java.util.stream.Stream<String> keys = ctx.store().list("")) {
            long sum = 0;
            for (String k : (Iterable<String>) keys::iterator) {
                sum += ctx.store().size(k).orElse(0L);
            }
            return sum;
        } catch (IOException e) {
            throw new StorageException("cannot list the store: " + e.getMessage(), e);
        }
    }
}
