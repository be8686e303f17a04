package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An emptied ref or a lost pack index is damage: named by verify, and never a reason for gc to delete history. */
class DamagedRefsAndIndexesTest {
    @TempDir
    Path tmp;

    private static Path ref(Path p, String ref) {
        return p.resolve(".damnit/store/refs/" + ref);
    }

    @Test
    void anEmptiedTagIsDamageAndGcKeepsTheCommitsOnlyItHeld() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "a.txt", "a");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            repo.createBranch("side", "HEAD");
            repo.switchBranch("side");
            TreeFixture.writeRandom(p, "side.bin", 200_000, 7);
            byte[] side = Files.readAllBytes(p.resolve("side.bin"));
            ObjectId onlyTagged = repo.commit().setMessage("s1").call().commit().orElseThrow().id();
            repo.createTag("t", "side");
            repo.switchBranch("main");
            repo.deleteBranch("side");
            Files.writeString(ref(p, "tags/t"), "");

            VerifyResult v = repo.verify().call();
            assertThat(v.ok()).isFalse();
            assertThat(v.problems()).anySatisfy(pr -> assertThat(pr.object()).isEqualTo("refs/tags/t"));
            assertThatThrownBy(() -> repo.gc().setGracePeriod(Duration.ZERO).call())
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining("tags/t");
            assertThat(repo.readCommit(onlyTagged).message()).isEqualTo("s1");

            assertThat(repo.deleteTag("t")).as("a damaged tag can be deleted").isTrue();
            repo.createTag("t", onlyTagged.toHex());
            repo.restore().setRevision("t").setTarget(tmp.resolve("out")).call();
            assertThat(Files.readAllBytes(tmp.resolve("out/side.bin"))).isEqualTo(side);
        }
    }

    @Test
    void anEmptiedCurrentBranchStopsEveryCommandInsteadOfStartingANewHistory() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "a.txt", "a");
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            Files.writeString(ref(p, "heads/main"), "");
            TreeFixture.write(p, "b.txt", "b");

            assertThatThrownBy(() -> repo.status().call()).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("heads/main").hasMessageContaining("damaged");
            assertThatThrownBy(() -> repo.log().call()).isInstanceOf(CorruptObjectException.class);
            assertThatThrownBy(() -> repo.commit().setMessage("v2").call()).isInstanceOf(CorruptObjectException.class);
            assertThatThrownBy(() -> repo.gc().setGracePeriod(Duration.ZERO).call())
                .isInstanceOf(CorruptObjectException.class);
            assertThat(repo.verify().call().problems()).anySatisfy(pr ->
                assertThat(pr.object()).isEqualTo("refs/heads/main"));

            Files.writeString(ref(p, "heads/main"), v1.toHex() + "\n");
            assertThat(repo.log().call()).extracting(c -> c.id()).containsExactly(v1);
        }
    }

    private static Path onlyFile(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    @Test
    void gcRewritesALostPackIndexFromItsPackAndStillDeletesLeftoverPacks() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "big.bin", 3_000_000, 3);
        Path other = Files.createDirectories(tmp.resolve("other"));
        TreeFixture.writeRandom(other, "unrelated.bin", 500_000, 4);
        try (Repository first = Repository.init(p); Repository second = Repository.init(other)) {
            first.commit().setMessage("v1").call();
            second.commit().setMessage("elsewhere").call();
        }
        Path index = onlyFile(p.resolve(".damnit/store/objects/index"));
        byte[] lost = Files.readAllBytes(index);
        Files.delete(index);
        // a pack no file here needs, without its index: what an interrupted commit leaves
        Path leftover = onlyFile(other.resolve(".damnit/store/objects/packs"));
        Path planted = p.resolve(".damnit/store/objects/packs").resolve(other.relativize(leftover).subpath(4, 6));
        Files.createDirectories(planted.getParent());
        Files.copy(leftover, planted);
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.verify().call().ok()).isFalse();
            repo.gc().setGracePeriod(Duration.ZERO).call();

            assertThat(Files.readAllBytes(index)).as("the index, rebuilt byte for byte").isEqualTo(lost);
            assertThat(planted).as("a leftover pack is still collected").doesNotExist();
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
            repo.restore().setTarget(tmp.resolve("out")).call();
            assertThat(Files.readAllBytes(tmp.resolve("out/big.bin"))).isEqualTo(Files.readAllBytes(p.resolve("big.bin")));
        }
    }
}
