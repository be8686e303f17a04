package org.damnit.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.damnit.Commit;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.VerifyCommand;
import org.damnit.VerifyResult;

/**
 * Walks every ref, commit, tree and piece, re-hashing each once, and re-computes each distinct file's
 * SHA-256 and MD5 from its pieces. A damaged object is reported once with every path and commit that
 * reaches it.
 */
final class VerifyOp {
    private static final int MAX_PATHS = 100;
    private final RepoContext ctx;
    private final VerifyCommand.Request req;
    private final Map<String, String> damaged = new LinkedHashMap<>();
    private final Map<String, Set<String>> paths = new HashMap<>();
    private final Map<String, Set<ObjectId>> commits = new HashMap<>();
    private final Set<ObjectId> goodTrees = new HashSet<>();
    private final Set<ObjectId> goodPieces = new HashSet<>();
    /** Files found good, by SHA-256 and MD5 (an entry with the same content may record another MD5). */
    private final Set<String> goodFiles = new HashSet<>();
    private final Map<ObjectId, Long> packSizes = new HashMap<>();
    private final Map<ObjectId, String> unindexed = new HashMap<>();
    private long objects;
    private long bytes;

    VerifyOp(RepoContext ctx, VerifyCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    VerifyResult execute() throws DamnitException {
        req.progress().start("verifying", -1);
        Deque<ObjectId> todo = new ArrayDeque<>();
        Set<ObjectId> seen = new HashSet<>();
        for (String ref : ctx.refs().list("")) {
            try {
                Optional<ObjectId> id = ctx.refs().read(ref);
                if (id.isPresent() && seen.add(id.get())) {
                    todo.add(id.get());
                }
            } catch (CorruptObjectException e) {
                damaged.put("refs/" + ref, e.getMessage());
            }
        }
        checkPacks();
        checkCurrentBranch();
        long commitCount = 0;
        while (!todo.isEmpty()) {
            ObjectId cid = todo.poll();
            commitCount++;
            Commit c;
            try {
                c = ctx.trees().readCommitFromStore(cid);
                objects++;
            } catch (CorruptObjectException e) {
                record(ObjectKind.COMMIT.key(cid), e.getMessage(), null, cid);
                continue;
            }
            for (ObjectId p : c.parents()) {
                if (seen.add(p)) {
                    todo.add(p);
                }
            }
            walkTree(c.tree(), "", cid);
        }
        req.progress().end();
        List<VerifyResult.Problem> problems = new ArrayList<>();
        for (Map.Entry<String, String> d : damaged.entrySet()) {
            if (d.getValue().endsWith("pack checksum mismatch")
                && damaged.keySet().stream().anyMatch(k -> k.endsWith(" in " + d.getKey()))) {
                continue; // the damaged records of this pack are named one by one
            }
            problems.add(new VerifyResult.Problem(d.getKey(), d.getValue(),
                List.copyOf(paths.getOrDefault(d.getKey(), Set.of())),
                List.copyOf(commits.getOrDefault(d.getKey(), Set.of()))));
        }
        return new VerifyResult(commitCount, objects, bytes, problems);
    }

    /** A pre-order walk below {@code root} on a heap stack, so a deep tree cannot exhaust the call stack. */
    private void walkTree(ObjectId root, String rootPrefix, ObjectId commit) throws DamnitException {
        record Frame(java.util.Iterator<Node> nodes, String prefix, ObjectId tree) {
        }
        Deque<Frame> stack = new ArrayDeque<>();
        List<Node> top = readTreeOrRecord(root, rootPrefix, commit);
        if (top != null) {
            stack.push(new Frame(top.iterator(), rootPrefix, root));
        }
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (!f.nodes.hasNext()) {
                stack.pop();
                continue;
            }
            Node n = f.nodes.next();
            String path = f.prefix.isEmpty() ? n.name() : f.prefix + "/" + n.name();
            if (org.damnit.PathRules.problem(path, n.type() == EntryType.DIRECTORY) != null) {
                record(ObjectKind.TREE.key(f.tree), "has an entry named " + Scanner.REPO_DIR
                    + (path.equals(Scanner.REPO_DIR) ? " at the root" : " that is a directory or on the way")
                    + ", which restore refuses", path, commit);
                continue;
            }
            if (n.type() == EntryType.DIRECTORY) {
                if (stack.size() >= Trees.MAX_TREE_DEPTH) {
                    record(ObjectKind.TREE.key(n.tree()), Trees.tooDeep(n.tree(), path).getMessage(), path, commit);
                    continue;
                }
                List<Node> nodes = readTreeOrRecord(n.tree(), path, commit);
                if (nodes != null) {
                    stack.push(new Frame(nodes.iterator(), path, n.tree()));
                }
            } else if (n.type() == EntryType.FILE) {
                checkFile(n, path, commit);
            }
        }
    }

    /** The entries of a tree, or null after recording it as damaged. */
    private List<Node> readTreeOrRecord(ObjectId tree, String prefix, ObjectId commit) throws DamnitException {
        String key = ObjectKind.TREE.key(tree);
        if (damaged.containsKey(key)) {
            record(key, null, prefix.isEmpty() ? "/" : prefix, commit);
            return null;
        }
        try {
            List<Node> nodes = ctx.trees().readTreeFromStore(tree);
            if (goodTrees.add(tree)) {
                objects++;
            }
            return nodes;
        } catch (CorruptObjectException e) {
            record(key, e.getMessage(), prefix.isEmpty() ? "/" : prefix, commit);
            return null;
        }
    }

    private void checkFile(Node n, String path, ObjectId commit) throws DamnitException {
        boolean bad = false;
        for (Node.Piece p : n.pieces()) {
            String key = chunkKey(p.id());
            if (damaged.containsKey(key)) {
                record(key, null, path, commit);
                bad = true;
            }
        }
        if (bad || goodFiles.contains(fileKey(n))) {
            return;
        }
        if (!req.readData()) {
            checkLocations(n, path, commit);
            return;
        }
        Hasher h = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5);
        try (FileContent content = new FileContent(ctx.chunks(), n, path)) {
            checkContent(n, path, commit, h, content);
        }
    }

    /** Reads every piece (from its chunk, or re-created from the file's container) and the whole-file digests. */
    private void checkContent(Node n, String path, ObjectId commit, Hasher h, FileContent content) throws DamnitException {
        boolean bad = false;
        boolean recreated;
        try {
            recreated = content.recreated();
        } catch (CorruptObjectException e) {
            record(Containers.key(n.sha256()), e.getMessage(), path, commit);
            return;
        }
        for (int i = 0; i < n.pieces().size(); i++) {
            Node.Piece p = n.pieces().get(i);
            String key = recreated ? Containers.key(n.sha256()) : chunkKey(p.id());
            try {
                byte[] data = content.piece(i, null);
                if (goodPieces.add(p.id())) {
                    objects++;
                    bytes += data.length;
                    req.progress().advance(data.length);
                }
                if (data.length != p.size()) {
                    record(key, "piece has " + data.length + " bytes, the tree says " + p.size(), path, commit);
                    bad = true;
                }
                if (!bad) {
                    h.update(data);
                }
            } catch (CorruptObjectException e) {
                record(key, e.getMessage(), path, commit);
                bad = true;
            }
        }
        if (bad) {
            return;
        }
        Hasher.Digests d = h.finish();
        if (!d.sha256().equals(n.sha256()) || !d.hex(HashAlgorithm.MD5).equals(n.md5())) {
            record("file " + path, "content does not match its recorded SHA-256/MD5", path, commit);
        } else {
            goodFiles.add(fileKey(n));
        }
        req.progress().file(path);
    }

    /** Every pack index parses and matches its pack's trailer; every pack has an index; with read-data, packs are re-checksummed. */
    private void checkPacks() throws DamnitException {
        java.util.TreeSet<String> indexed = new java.util.TreeSet<>();
        for (String key : list(StoreLayout.PACK_INDEXES.prefix)) {
            ObjectId pack = ObjectId.fromHex(StoreLayout.lastSegment(key));
            indexed.add(StoreLayout.PACKS.key(pack));
            try {
                PackCheck.checkIndex(ctx.store(), pack);
            } catch (CorruptObjectException e) {
                damaged.put(key, e.getMessage());
            }
        }
        for (String key : list(StoreLayout.PACKS.prefix)) {
            if (!indexed.contains(key)) {
                // a leftover of an interrupted write (gc removes it), unless files need its chunks
                for (ObjectId chunk : chunksIn(key)) {
                    unindexed.put(chunk, key);
                }
            } else if (req.readData()) {
                try {
                    PackCheck.checkPackFile(ctx.store(), key);
                } catch (CorruptObjectException e) {
                    damaged.put(key, e.getMessage());
                }
            }
        }
    }

    /** The chunk ids recorded in a pack, read from its record headers. */
    private List<ObjectId> chunksIn(String key) throws DamnitException {
        return PackCheck.scan(ctx.store(), key).entries().stream().map(Pack.Entry::id).toList();
    }

    /** A branch that HEAD names must exist once anything is committed. */
    private void checkCurrentBranch() throws DamnitException {
        String branch = ctx.refs().currentBranch();
        try {
            if (ctx.refs().head().isEmpty() && !list(ObjectKind.COMMIT.prefix).isEmpty()) {
                damaged.put("refs/heads/" + branch, "missing: HEAD names branch " + branch
                    + ", and the store holds commits; 'damnit log <commit id>' still finds them");
            }
        } catch (CorruptObjectException e) {
            damaged.putIfAbsent("refs/heads/" + branch, e.getMessage());
        }
    }

    private List<String> list(String prefix) throws DamnitException {
        try (java.util.stream.Stream<String> s = ctx.store().list(prefix)) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new org.damnit.StorageException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * The structural check: each chunk is indexed, in a pack that exists and is long enough; a file whose
     * chunks are gone, those of its container.
     */
    private void checkLocations(Node n, String path, ObjectId commit) throws DamnitException {
        boolean bad = false;
        for (Node.Piece p : n.pieces()) {
            if (goodPieces.contains(p.id())) {
                continue;
            }
            Optional<ChunkIndex.Location> l = ctx.chunks().locate(p.id());
            String key = chunkKey(p.id());
            if (l.isEmpty() && n.sha256() != null) {
                Optional<Container> c;
                try {
                    c = ctx.chunks().containers().find(n.sha256());
                } catch (CorruptObjectException e) {
                    record(Containers.key(n.sha256()), e.getMessage(), path, commit);
                    return;
                }
                if (c.isPresent()) {
                    objects++;
                    for (Container.Stream st : List.of(c.get().content(), c.get().literals(), c.get().members())) {
                        checkLocations(st.asNode(n.name()), path, commit);
                    }
                    goodFiles.add(fileKey(n));
                    return;
                }
            }
            if (l.isEmpty()) {
                record(key, "no pack index lists this chunk", path, commit);
                bad = true;
                continue;
            }
            long size = packSize(l.get().pack());
            if (size < 0) {
                record(StoreLayout.PACKS.key(l.get().pack()), "pack is missing", path, commit);
                bad = true;
            } else if (l.get().offset() + l.get().recordLength() > size) {
                record(StoreLayout.PACKS.key(l.get().pack()), "pack is truncated to " + size + " bytes", path, commit);
                bad = true;
            } else {
                goodPieces.add(p.id());
                objects++;
            }
        }
        if (!bad && n.sha256() != null) {
            goodFiles.add(fileKey(n));
        }
    }

    private static String fileKey(Node n) {
        return n.sha256().toHex() + "/" + n.md5();
    }

    private long packSize(ObjectId pack) throws DamnitException {
        Long known = packSizes.get(pack);
        if (known == null) {
            try {
                known = ctx.store().size(StoreLayout.PACKS.key(pack)).orElse(-1L);
            } catch (java.io.IOException e) {
                throw new org.damnit.StorageException("cannot read the size of " + StoreLayout.PACKS.key(pack) + ": "
                    + e.getMessage(), e);
            }
            packSizes.put(pack, known);
        }
        return known;
    }

    private String chunkKey(ObjectId id) throws DamnitException {
        String orphan = unindexed.get(id);
        if (orphan != null && ctx.chunks().locate(id).isEmpty()) {
            damaged.putIfAbsent(orphan, "its index " + StoreLayout.PACK_INDEXES.key(StoreLayout.idOf(orphan))
                + " is missing, and files need the chunks it holds");
            return orphan;
        }
        return "chunk " + id.toHex() + ctx.chunks().locate(id).map(l -> " in " + StoreLayout.PACKS.key(l.pack())).orElse("");
    }

    private void record(String key, String reason, String path, ObjectId commit) {
        if (reason != null) {
            damaged.putIfAbsent(key, reason);
        }
        if (path != null) {
            Set<String> s = paths.computeIfAbsent(key, k -> new LinkedHashSet<>());
            if (s.size() < MAX_PATHS) {
                s.add(path);
            }
        }
        commits.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(commit);
    }
}
