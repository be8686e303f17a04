package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees and commits a repository keeps decoded are used for reading, never for checking. */
class KeptObjectsTest {
    @TempDir
    Path tmp;

    private static void damage(Path object) throws Exception {
        byte[] b = Files.readAllBytes(object);
        b[b.length / 2] ^= 0x41;
        Files.write(object, b);
    }

    @Test
    void verifyFindsADamagedTreeAndCommitThatWereReadBefore() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "a/x.bin", 300_000, 1);
        try (Repository repo = Repository.init(p)) {
            ObjectId c = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            ObjectId tree = repo.readCommit(c).tree();
            try (SeekableFile f = repo.openSeekable(c.toString(), "a/x.bin")) { // reads (and keeps) both
                f.read(0, ByteBuffer.allocate(10));
            }
            Path objects = ((LocalRepository) repo).context().paths().meta().resolve("store/objects");
            damage(objects.resolve(ObjectKind.TREE.key(tree)));
            try (SeekableFile f = repo.openSeekable(c.toString(), "a/x.bin")) {
                assertThat(f.read(0, ByteBuffer.allocate(10))).as("reading uses the tree kept").isEqualTo(10);
            }
            assertThat(repo.verify().call().problems()).extracting(VerifyResult.Problem::object)
                .contains(ObjectKind.TREE.key(tree));

            damage(objects.resolve(ObjectKind.COMMIT.key(c)));
            assertThat(repo.readCommit(c).tree()).as("reading uses the commit kept").isEqualTo(tree);
            assertThat(repo.verify().call().problems()).extracting(VerifyResult.Problem::object)
                .contains(ObjectKind.COMMIT.key(c));
        }
        try (Repository fresh = Repository.open(p)) {
            assertThat(fresh.verify().call().problems()).isNotEmpty();
        }
    }
}
