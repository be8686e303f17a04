package org.damnit.core;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Objects;
import org.damnit.EntryType;
import org.damnit.ObjectId;

/** One entry of a stored tree object. Which fields are set depends on {@link #type()}. */
record Node(String name, EntryType type, long size, boolean executable, long mtimeNanos, ObjectId sha256,
            String md5, List<Piece> pieces, ObjectId tree, String target, SortedMap<String, String> meta) {

    Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        pieces = pieces == null ? List.of() : List.copyOf(pieces);
        meta = meta == null || meta.isEmpty() ? EMPTY : Collections.unmodifiableSortedMap(new TreeMap<>(meta));
    }

    private static final SortedMap<String, String> EMPTY = Collections.unmodifiableSortedMap(new TreeMap<>());

    Node(String name, EntryType type, long size, boolean executable, long mtimeNanos, ObjectId sha256, String md5,
         List<Piece> pieces, ObjectId tree, String target) {
        this(name, type, size, executable, mtimeNanos, sha256, md5, pieces, tree, target, EMPTY);
    }

    Node withMeta(SortedMap<String, String> m) {
        return new Node(name, type, size, executable, mtimeNanos, sha256, md5, pieces, tree, target, m);
    }

    static Node file(String name, long size, boolean executable, long mtimeNanos, ObjectId sha256, String md5,
                     List<Piece> pieces) {
        return new Node(name, EntryType.FILE, size, executable, mtimeNanos, sha256, md5, pieces, null, null);
    }

    static Node directory(String name, ObjectId tree) {
        return new Node(name, EntryType.DIRECTORY, 0, false, 0, null, null, List.of(), tree, null);
    }

    static Node symlink(String name, String target) {
        return new Node(name, EntryType.SYMLINK, 0, false, 0, null, null, List.of(), null, target);
    }

    Node withName(String newName) {
        return new Node(newName, type, size, executable, mtimeNanos, sha256, md5, pieces, tree, target, meta);
    }

    /** Same content, kind, executable bit and metadata (modification time and chunking are not compared). */
    boolean sameContent(Node o) {
        return sameData(o) && meta.equals(o.meta);
    }

    /** Same content, kind and executable bit, whatever the metadata. */
    boolean sameData(Node o) {
        if (o == null || type != o.type) {
            return false;
        }
        return switch (type) {
            case FILE -> sha256.equals(o.sha256) && executable == o.executable;
            case DIRECTORY -> tree.equals(o.tree);
            case SYMLINK -> target.equals(o.target);
        };
    }

    // equals and hashCode written out (here, in Piece and in StatIndex.Stat): a record's generated ones are
    // bootstrapped through method handles, which in a fresh JVM costs a commit tens of milliseconds
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Node n && size == n.size && executable == n.executable
            && mtimeNanos == n.mtimeNanos && type == n.type && name.equals(n.name) && Objects.equals(sha256, n.sha256)
            && Objects.equals(md5, n.md5) && pieces.equals(n.pieces) && Objects.equals(tree, n.tree)
            && Objects.equals(target, n.target) && meta.equals(n.meta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, size, executable, mtimeNanos, sha256, md5, pieces, tree, target, meta);
    }

    /** A run of a file's bytes stored as one data object. */
    record Piece(ObjectId id, long size) {
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Piece p && size == p.size && Objects.equals(id, p.id);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(id) + Long.hashCode(size);
        }
    }
}
