package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.damnit.BadPathException;
import org.damnit.ObjectId;
import org.damnit.PathRules;
import org.damnit.Repository;
import org.damnit.UncommittedChangesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and deletes in and beside the working tree: nothing in the way, behind a link, or ignored is lost. */
class WorkTreeSafetyTest {
    @TempDir
    Path tmp;

    private Path project() throws Exception {
        return Files.createDirectories(tmp.resolve("p"));
    }

    @Test
    void restoreRefusesToReplaceAnUntrackedFileStandingWhereADirectoryWas() throws Exception {
        Path p = project();
        TreeFixture.write(p, "a/b/c.txt", "committed");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            WorkTree.deleteRecursively(p.resolve("a"));
            TreeFixture.write(p, "a", "new work, never committed");
            assertThatThrownBy(() -> repo.restore().addPath("a/b/c.txt").call())
                .isInstanceOf(UncommittedChangesException.class).hasMessageContaining("a");
            assertThat(Files.readString(p.resolve("a"))).isEqualTo("new work, never committed");

            repo.restore().addPath("a/b/c.txt").setForce(true).call();
            assertThat(Files.readString(p.resolve("a/b/c.txt"))).isEqualTo("committed");
        }
    }

    @Test
    void restoreOfAnOldRevisionRefusesToReplaceAnEditedCommittedFileOnTheWay() throws Exception {
        Path p = project();
        TreeFixture.write(p, "a/b/c.txt", "v1");
        try (Repository repo = Repository.init(p)) {
            repo.createTag("v1", repo.commit().setMessage("v1").call().commit().orElseThrow().id().toHex());
            WorkTree.deleteRecursively(p.resolve("a"));
            TreeFixture.write(p, "a", "a file now");
            repo.commit().setMessage("v2").call();
            TreeFixture.write(p, "a", "a file now, edited");
            assertThatThrownBy(() -> repo.restore().setRevision("v1").addPath("a/b/c.txt").call())
                .isInstanceOf(UncommittedChangesException.class);
            assertThat(Files.readString(p.resolve("a"))).isEqualTo("a file now, edited");

            TreeFixture.write(p, "a", "a file now"); // as committed: replacing it loses nothing
            repo.restore().setRevision("v1").addPath("a/b/c.txt").call();
            assertThat(Files.readString(p.resolve("a/b/c.txt"))).isEqualTo("v1");
        }
    }

    @Test
    void revertThroughACommittedLinkDeletesNothingOutsideTheProject() throws Exception {
        Path p = project();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        TreeFixture.write(outside, "sub/precious.txt", "not ours");
        TreeFixture.write(p, "keep.txt", "k");
        Files.createSymbolicLink(p.resolve("data"), outside);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            assertThatThrownBy(() -> repo.revert().setRevision("HEAD").addPath("data/sub").call())
                .isInstanceOf(BadPathException.class).hasMessageContaining("data/sub");
            assertThat(Files.readString(outside.resolve("sub/precious.txt"))).isEqualTo("not ours");
        }
    }

    @Test
    void revertKeepsIgnoredFiles() throws Exception {
        Path p = project();
        TreeFixture.write(p, ".damnitignore", "*.tmp\n");
        TreeFixture.write(p, "keep.txt", "k");
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            TreeFixture.write(p, "results/table.tsv", "a\tb\n");
            repo.commit().setMessage("v2").call();
            TreeFixture.write(p, "results/intermediate.tmp", "large, ignored, hours to make");

            repo.revert().setRevision(v1.toHex()).addPath("results").call();
            assertThat(p.resolve("results/table.tsv")).doesNotExist();
            assertThat(Files.readString(p.resolve("results/intermediate.tmp"))).isEqualTo("large, ignored, hours to make");

            // a revision with a file where the ignored files' directory is: refused, not deleted
            WorkTree.deleteRecursively(p.resolve("results"));
            TreeFixture.write(p, "results", "a file");
            ObjectId v3 = repo.commit().setMessage("v3").call().commit().orElseThrow().id();
            Files.delete(p.resolve("results"));
            TreeFixture.write(p, "results/table.tsv", "a\tb\n");
            TreeFixture.write(p, "results/intermediate.tmp", "ignored again");
            repo.commit().setMessage("v4").call();
            assertThatThrownBy(() -> repo.revert().setRevision(v3.toHex()).addPath("results").call())
                .isInstanceOf(UncommittedChangesException.class).hasMessageContaining("results");
            assertThat(Files.readString(p.resolve("results/intermediate.tmp"))).isEqualTo("ignored again");
        }
    }

    @Test
    void switchingBranchesKeepsIgnoredFiles() throws Exception {
        Path p = project();
        TreeFixture.write(p, ".damnitignore", "*.tmp\n");
        TreeFixture.write(p, "results", "a file on this branch");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("file").call();
            repo.createBranch("other", "HEAD");
            Files.delete(p.resolve("results"));
            TreeFixture.write(p, "results/table.tsv", "t");
            repo.commit().setMessage("directory").call();
            TreeFixture.write(p, "results/intermediate.tmp", "ignored, hours to make");
            assertThatThrownBy(() -> repo.switchBranch("other")).isInstanceOf(UncommittedChangesException.class);
            assertThat(Files.readString(p.resolve("results/intermediate.tmp"))).isEqualTo("ignored, hours to make");
            assertThat(repo.currentBranch()).isEqualTo("main");
        }
    }

    @Test
    void restoreToALinkIntoTheRepositoryIsRefusedByItsRealPath() throws Exception {
        Path p = project();
        TreeFixture.write(p, "a.txt", "a");
        try (Repository repo = Repository.init(p)) {
            ObjectId c = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            Path link = Files.createSymbolicLink(tmp.resolve("LINK"), p.resolve(".damnit/store/refs/heads"));
            assertThatThrownBy(() -> repo.restore().setTarget(link.resolve("evil")).call())
                .isInstanceOf(BadPathException.class).hasMessageContaining(".damnit");
            assertThat(p.resolve(".damnit/store/refs/heads/evil")).doesNotExist();
            assertThat(repo.branches()).containsOnlyKeys("main");
            assertThat(repo.head()).isEqualTo(Optional.of(c));

            Path elsewhere = Files.createDirectories(tmp.resolve("other/.damnit"));
            assertThatThrownBy(() -> repo.restore().setTarget(elsewhere.resolve("x")).call())
                .isInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> Repository.init(link.resolve("nested"))).isInstanceOf(BadPathException.class);
        }
    }

    @Test
    void ownTemporaryFilesAreNeverCommittedAndLeftoversAreCleaned() throws Exception {
        Path p = project();
        TreeFixture.write(p, "big.bin", "data");
        TreeFixture.write(p, "sub/s.txt", "s");
        String dead = PathRules.temporaryName().replaceFirst("-[0-9]+-", "-" + Long.MAX_VALUE + "-");
        String live = PathRules.temporaryName(); // this process: still writing it
        String old = ".big.bin.damnit-" + java.util.UUID.randomUUID() + ".tmp";
        TreeFixture.write(p, dead, "half a restore");
        TreeFixture.write(p, "sub/" + live, "being written");
        TreeFixture.write(p, old, "from an earlier version");
        Files.setLastModifiedTime(p.resolve(old), FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
        try (Repository repo = Repository.init(p)) {
            assertThat(repo.status().call()).extracting(s -> s.path()).containsExactlyInAnyOrder("big.bin", "sub/s.txt");
            repo.commit().setMessage("v1").call();
            assertThat(repo.listTree("HEAD")).extracting(e -> e.path()).containsExactlyInAnyOrder("big.bin", "sub", "sub/s.txt");
            assertThat(p.resolve(dead)).doesNotExist();
            assertThat(p.resolve(old)).doesNotExist();
            assertThat(p.resolve("sub/" + live)).exists();
        }
    }

    @Test
    void aNameOfMaximalLengthRestoresInPlace() throws Exception {
        Path p = project();
        String name = "x".repeat(251) + ".txt";
        TreeFixture.write(p, "d/" + name, "v1");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            TreeFixture.write(p, "d/" + name, "v2");
            repo.restore().setForce(true).call();
            assertThat(Files.readString(p.resolve("d/" + name))).isEqualTo("v1");
        }
    }
}
