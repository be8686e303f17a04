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
final class VerifyOp extends VerifyCommand {
    private static final int MAX_PATHS = 100;
    private final LocalRepository repo;
    private final Map<String, String> damaged = new LinkedHashMap<>();
    private final Map<String, Set<String>> paths = new HashMap<>();
    private final Map<String, Set<ObjectId>> commits = new HashMap<>();
    private final Set<ObjectId> goodTrees = new HashSet<>();
    private final Set<ObjectId> goodPieces = new HashSet<>();
    private final Set<ObjectId> goodFiles = new HashSet<>();
    private long objects;
    private long bytes;

    VerifyOp(LocalRepository repo) {
        this.repo = repo;
    }

    @Override
    protected VerifyResult execute() throws DamnitException {
        progress.start("verifying", -1);
        Deque<ObjectId> todo = new ArrayDeque<>();
        Set<ObjectId> seen = new HashSet<>();
        for (String ref : repo.listRefs("")) {
            try {
                Optional<ObjectId> id = repo.readRef(ref);
                if (id.isPresent() && seen.add(id.get())) {
                    todo.add(id.get());
                }
            } catch (CorruptObjectException e) {
                damaged.put("refs/" + ref, e.getMessage());
            }
        }
        long commitCount = 0;
        while (!todo.isEmpty()) {
            ObjectId cid = todo.poll();
            commitCount++;
            Commit c;
            try {
                c = repo.readCommit(cid);
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
        progress.end();
        List<VerifyResult.Problem> problems = new ArrayList<>();
        for (Map.Entry<String, String> d : damaged.entrySet()) {
            problems.add(new VerifyResult.Problem(d.getKey(), d.getValue(),
                List.copyOf(paths.getOrDefault(d.getKey(), Set.of())),
                List.copyOf(commits.getOrDefault(d.getKey(), Set.of()))));
        }
        return new VerifyResult(commitCount, objects, bytes, problems);
    }

    private void walkTree(ObjectId tree, String prefix, ObjectId commit) throws DamnitException {
        String key = ObjectKind.TREE.key(tree);
        if (damaged.containsKey(key)) {
            record(key, null, prefix.isEmpty() ? "/" : prefix, commit);
            return;
        }
        List<Node> nodes;
        try {
            nodes = repo.readTree(tree);
            if (goodTrees.add(tree)) {
                objects++;
            }
        } catch (CorruptObjectException e) {
            record(key, e.getMessage(), prefix.isEmpty() ? "/" : prefix, commit);
            return;
        }
        for (Node n : nodes) {
            String path = prefix.isEmpty() ? n.name() : prefix + "/" + n.name();
            if (n.type() == EntryType.DIRECTORY) {
                walkTree(n.tree(), path, commit);
            } else if (n.type() == EntryType.FILE) {
                checkFile(n, path, commit);
            }
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
        if (bad || goodFiles.contains(n.sha256())) {
            return;
        }
        Hasher h = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5);
        for (Node.Piece p : n.pieces()) {
            String key = chunkKey(p.id());
            try {
                byte[] data = repo.chunks().read(p.id());
                if (goodPieces.add(p.id())) {
                    objects++;
                    bytes += data.length;
                    progress.advance(data.length);
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
            goodFiles.add(n.sha256());
        }
        progress.file(path);
    }

    private String chunkKey(ObjectId id) throws DamnitException {
        return "chunk " + id.toHex() + repo.chunks().locate(id).map(l -> " in " + Pack.packKey(l.pack())).orElse("");
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
