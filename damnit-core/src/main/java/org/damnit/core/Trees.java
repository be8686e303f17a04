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

    /** Every entry below {@code tree}, keyed by path, in path order (pre-order walk of sorted trees). */
    LinkedHashMap<String, Node> flatten(ObjectId tree) throws DamnitException {
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        flatten(tree, "", out);
        return out;
    }

    private void flatten(ObjectId tree, String prefix, Map<String, Node> out) throws DamnitException {
        List<Node> nodes = new ArrayList<>(readTree(tree));
        nodes.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        for (Node n : nodes) {
            String p = prefix.isEmpty() ? n.name() : prefix + "/" + n.name();
            out.put(p, n);
            if (n.type() == EntryType.DIRECTORY) {
                flatten(n.tree(), p, out);
            }
        }
    }

    /** Like {@link #flatten(ObjectId)}, descending only into directories on the way to or inside {@code scopes}. */
    LinkedHashMap<String, Node> flatten(ObjectId tree, List<String> scopes) throws DamnitException {
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        flattenScoped(tree, "", scopes, out);
        return out;
    }

    private void flattenScoped(ObjectId tree, String prefix, List<String> scopes, Map<String, Node> out)
        throws DamnitException {
        List<Node> nodes = new ArrayList<>(readTree(tree));
        nodes.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        for (Node n : nodes) {
            String p = prefix.isEmpty() ? n.name() : prefix + "/" + n.name();
            out.put(p, n);
            if (n.type() == EntryType.DIRECTORY
                && scopes.stream().anyMatch(s -> s.equals(p) || s.startsWith(p + "/") || p.startsWith(s + "/"))) {
                flattenScoped(n.tree(), p, scopes, out);
            }
        }
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
