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

    Commit readCommit(ObjectId id) throws DamnitException {
        return Codec.decodeCommit(id, db.read(ObjectKind.COMMIT, id));
    }

    List<Node> readTree(ObjectId id) throws DamnitException {
        return Codec.decodeTree(id, db.read(ObjectKind.TREE, id));
    }

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
