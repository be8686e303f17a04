package org.damnit.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.Repository;

/** Checksum-valid hostile commits, as a fetch or clone could bring them; for the tests of every module. */
public final class Crafted {
    private Crafted() {
    }

    /**
     * Tags {@code tag} as a commit (child of HEAD) whose tree holds HEAD's {@code file} at the root and
     * again below {@code depth} nested directories named {@code d}.
     */
    public static ObjectId deepTree(Repository repository, String file, int depth, String tag) throws Exception {
        LocalRepository repo = (LocalRepository) repository;
        Node leaf = repo.context().trees().flatten(repo.readCommit(repo.resolve("HEAD")).tree()).get(file);
        ObjectId tree = repo.db().put(ObjectKind.TREE, Codec.encodeTree(List.of(leaf)), null);
        for (int i = 0; i < depth; i++) {
            tree = repo.db().put(ObjectKind.TREE, Codec.encodeTree(List.of(Node.directory("d", tree))), null);
        }
        return tag(repo, repo.db().put(ObjectKind.TREE, Codec.encodeTree(List.of(Node.directory("d", tree), leaf)), null), tag);
    }

    /**
     * Tags {@code tag} as a commit whose entry {@code file} has the chunks of HEAD's {@code other} (same
     * size) but keeps its own recorded SHA-256 and MD5: every chunk is sound, the whole file is not.
     */
    public static ObjectId wrongChunks(Repository repository, String file, String other, String tag) throws Exception {
        LocalRepository repo = (LocalRepository) repository;
        Map<String, Node> head = repo.context().trees().flatten(repo.readCommit(repo.resolve("HEAD")).tree());
        Node f = head.get(file);
        Node o = head.get(other);
        if (f.size() != o.size()) {
            throw new IllegalArgumentException(file + " and " + other + " differ in size");
        }
        Node lying = Node.file(f.name(), f.size(), f.executable(), f.mtimeNanos(), f.sha256(), f.md5(), o.pieces());
        return tag(repo, repo.db().put(ObjectKind.TREE, Codec.encodeTree(List.of(lying)), null), tag);
    }

    private static ObjectId tag(LocalRepository repo, ObjectId root, String tag) throws Exception {
        ObjectId c = repo.db().put(ObjectKind.COMMIT, Codec.encodeCommit(root, List.of(repo.resolve("HEAD")),
            new Person("mallory", ""), java.time.Instant.now(), "crafted", Map.of()), null);
        repo.db().store().compareAndSetRef("tags/" + tag, Optional.empty(), Optional.of(c.toHex()));
        return c;
    }
}
