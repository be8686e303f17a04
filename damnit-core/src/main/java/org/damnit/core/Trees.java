package org.damnit.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.damnit.TreeEntry;

/** Reading commits and trees: decoding, walking, looking a path up. */
final class Trees {
    private final ObjectDb db;
    private final Refs refs;

    Trees(ObjectDb db, Refs refs) {
        this.db = db;
        this.refs = refs;
    }

    /** A commit (kept among the last {@link #COMMITS_KEPT} read, if small: content-addressed, so never stale). */
    Commit readCommit(ObjectId id) throws DamnitException {
        synchronized (commits) {
            Commit c = commits.get(id);
            if (c != null) {
                return c;
            }
        }
        byte[] bytes = db.read(ObjectKind.COMMIT, id);
        Commit c = Codec.decodeCommit(id, bytes);
        if (bytes.length <= COMMIT_KEPT_BYTES) {
            synchronized (commits) {
                commits.put(id, c);
                if (commits.size() > COMMITS_KEPT) {
                    commits.remove(commits.keySet().iterator().next());
                }
            }
        }
        return c;
    }

    /** A commit read and checked from the store itself, never from the commits kept (verify, gc, fetch). */
    Commit readCommitFromStore(ObjectId id) throws DamnitException {
        return Codec.decodeCommit(id, db.read(ObjectKind.COMMIT, id));
    }

    static final int COMMITS_KEPT = 256;
    /** A commit is kept only if its encoding is at most this long (a crafted message could be huge). */
    private static final int COMMIT_KEPT_BYTES = 64 << 10;
    private final LinkedHashMap<ObjectId, Commit> commits = new LinkedHashMap<>(16, 0.75f, true);

    /** A tree's entries (immutable; the list is shared by every caller). */
    List<Node> readTree(ObjectId id) throws DamnitException {
        synchronized (decoded) {
            Decoded d = decoded.get(id);
            if (d != null) {
                return d.nodes;
            }
        }
        byte[] bytes = db.read(ObjectKind.TREE, id);
        List<Node> nodes = List.copyOf(Codec.decodeTree(id, bytes));
        if (bytes.length <= DECODED_BYTES / 8) {
            synchronized (decoded) {
                if (decoded.put(id, new Decoded(nodes, bytes.length)) == null) {
                    decodedBytes += bytes.length;
                }
                var it = decoded.values().iterator();
                while (decodedBytes > DECODED_BYTES && it.hasNext()) {
                    decodedBytes -= it.next().weight;
                    it.remove();
                }
            }
        }
        return nodes;
    }

    /** A tree's entries read and checked from the store itself, never from the trees kept (verify, gc, fetch). */
    List<Node> readTreeFromStore(ObjectId id) throws DamnitException {
        return Codec.decodeTree(id, db.read(ObjectKind.TREE, id));
    }

    /**
     * Recently decoded trees are kept, up to this many bytes of their encoding: a tree is content-addressed,
     * so never stale, and a long-lived reader (the web server, the mount) looks the same paths up again
     * and again, each time through a tree whose file entries list every chunk.
     */
    static final long DECODED_BYTES = 2L << 20;

    private record Decoded(List<Node> nodes, int weight) {
    }

    private final LinkedHashMap<ObjectId, Decoded> decoded = new LinkedHashMap<>(16, 0.75f, true);
    private long decodedBytes;

    /**
     * Deepest nesting of directories a tree may have: more than any file system can hold (a path that
     * deep is longer than PATH_MAX), so only a crafted tree exceeds it.
     */
    static final int MAX_TREE_DEPTH = 4096;

    /** Every entry below {@code tree}, keyed by path, in path order (pre-order walk of sorted trees). */
    LinkedHashMap<String, Node> flatten(ObjectId tree) throws DamnitException {
        return flatten(tree, null);
    }

    /**
     * Like {@link #flatten(ObjectId)}, descending only into directories on the way to or inside
     * {@code scopes} (all when null). The walk keeps its own stack, so depth costs heap, not call stack.
     */
    LinkedHashMap<String, Node> flatten(ObjectId tree, List<String> scopes) throws DamnitException {
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        record Frame(java.util.Iterator<Node> nodes, String prefix) {
        }
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        stack.push(new Frame(sortedTree(tree), ""));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (!f.nodes.hasNext()) {
                stack.pop();
                continue;
            }
            Node n = f.nodes.next();
            String p = f.prefix.isEmpty() ? n.name() : f.prefix + "/" + n.name();
            out.put(p, n);
            if (n.type() == EntryType.DIRECTORY && (scopes == null
                || scopes.stream().anyMatch(s -> s.equals(p) || s.startsWith(p + "/") || p.startsWith(s + "/")))) {
                if (stack.size() >= MAX_TREE_DEPTH) {
                    throw tooDeep(n.tree(), p);
                }
                stack.push(new Frame(sortedTree(n.tree()), p));
            }
        }
        return out;
    }

    static org.damnit.CorruptObjectException tooDeep(ObjectId tree, String path) {
        String shown = path.length() > 60 ? path.substring(0, 60) + "..." : path;
        return new org.damnit.CorruptObjectException("tree " + tree.abbreviate(12) + " is nested more than "
            + MAX_TREE_DEPTH + " directories deep (at " + Codec.printable(shown) + "), deeper than any file system"
            + " holds; refusing it");
    }

    private java.util.Iterator<Node> sortedTree(ObjectId tree) throws DamnitException {
        List<Node> nodes = new ArrayList<>(readTree(tree));
        nodes.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        return nodes.iterator();
    }

    /** Every entry of the current branch's commit; empty before the first commit. */
    LinkedHashMap<String, Node> headEntries() throws DamnitException {
        Optional<ObjectId> h = refs.head();
        return h.isPresent() ? flatten(readCommit(h.get()).tree()) : new LinkedHashMap<>();
    }

    /** The node at {@code path} below {@code tree}, reading only the trees on the way; null if absent. */
    Node lookup(ObjectId tree, String path) throws DamnitException {
        String[] parts = path.split("/");
        ObjectId t = tree;
        Node found = null;
        for (int i = 0; i < parts.length; i++) {
            found = null;
            for (Node n : readTree(t)) {
                if (n.name().equals(parts[i])) {
                    found = n;
                    break;
                }
            }
            if (found == null || (i < parts.length - 1 && found.type() != EntryType.DIRECTORY)) {
                return null;
            }
            t = found.tree();
        }
        return found;
    }

    /** The public view of a node at {@code path}. */
    static TreeEntry toEntry(String path, Node n) {
        Instant mtime = n.type() == EntryType.FILE
            ? Instant.ofEpochSecond(0, 0).plusNanos(n.mtimeNanos()) : null;
        return new TreeEntry(path, n.type(), n.size(), n.executable(), mtime, n.sha256(), n.md5(), n.target(),
            n.meta());
    }
}
