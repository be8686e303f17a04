package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.damnit.BadPathException;
import org.damnit.Commit;
import org.damnit.CommitResult;
import org.damnit.ConfigException;
import org.damnit.EntryType;
import org.damnit.FileStatus;
import org.damnit.NotARepositoryException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.RepositoryExistsException;
import org.damnit.RevisionNotFoundException;
import org.damnit.ScanOrder;
import org.damnit.TreeEntry;
import org.damnit.UncommittedChangesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
    @TempDir
    Path tmp;

    private Path project() throws IOException {
        Path p = tmp.resolve("project");
        Files.createDirectories(p);
        return p;
    }

    private static void firstVersion(Path p) throws IOException {
        TreeFixture.write(p, "README.txt", "sample sheet\n");
        TreeFixture.writeRandom(p, "reads/A_R1.fastq", 3 * 1024 * 1024 + 123, 1);
        TreeFixture.writeRandom(p, "reads/A_R2.fastq", 200_000, 2);
        TreeFixture.write(p, "ref/genome.fa", ">chr1\nACGT\n");
        TreeFixture.write(p, "copy/genome-copy.fa", ">chr1\nACGT\n");
        TreeFixture.write(p, "scripts/run.sh", "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(p.resolve("scripts/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(p.resolve("empty/nested"));
        Files.createSymbolicLink(p.resolve("ref/current.fa"), Path.of("genome.fa"));
        Files.createSymbolicLink(p.resolve("dangling"), Path.of("/nonexistent/elsewhere"));
        TreeFixture.write(p, "empty.txt", "");
    }

    @Test
    void commitModifyRenameAddDeleteThenRestoreEveryVersion() throws Exception {
        Path p = project();
        firstVersion(p);
        List<Map<String, String>> snapshots = new ArrayList<>();
        List<ObjectId> commits = new ArrayList<>();
        try (Repository repo = Repository.init(p)) {
            CommitResult r1 = repo.commit().setMessage("v1").setAuthor("Ada", "ada@example.org").call();
            assertThat(r1.created()).isTrue();
            snapshots.add(TreeFixture.snapshot(p));
            commits.add(r1.commit().orElseThrow().id());

            // modify, rename, add, delete
            TreeFixture.writeRandom(p, "reads/A_R1.fastq", 3 * 1024 * 1024 + 999, 3);
            Files.move(p.resolve("reads/A_R2.fastq"), p.resolve("reads/A_R2.renamed.fastq"));
            TreeFixture.write(p, "results/calls.vcf", "##fileformat=VCFv4.2\n");
            Files.delete(p.resolve("copy/genome-copy.fa"));
            Files.delete(p.resolve("copy"));
            Files.delete(p.resolve("empty/nested"));
            Files.setPosixFilePermissions(p.resolve("scripts/run.sh"), PosixFilePermissions.fromString("rw-r--r--"));

            List<FileStatus> status = repo.status().call();
            assertThat(status).extracting(FileStatus::path, FileStatus::state).contains(
                org.assertj.core.groups.Tuple.tuple("reads/A_R1.fastq", FileStatus.State.MODIFIED),
                org.assertj.core.groups.Tuple.tuple("reads/A_R2.renamed.fastq", FileStatus.State.NEW),
                org.assertj.core.groups.Tuple.tuple("reads/A_R2.fastq", FileStatus.State.DELETED),
                org.assertj.core.groups.Tuple.tuple("results/calls.vcf", FileStatus.State.NEW),
                org.assertj.core.groups.Tuple.tuple("copy/genome-copy.fa", FileStatus.State.DELETED),
                org.assertj.core.groups.Tuple.tuple("scripts/run.sh", FileStatus.State.MODIFIED),
                org.assertj.core.groups.Tuple.tuple("empty", FileStatus.State.MODIFIED).getClass() == null ? null
                    : org.assertj.core.groups.Tuple.tuple("empty/nested", FileStatus.State.DELETED));

            CommitResult r2 = repo.commit().setMessage("v2").setScanOrder(ScanOrder.BREADTH_FIRST).call();
            assertThat(r2.created()).isTrue();
            assertThat(r2.commit().orElseThrow().parents()).containsExactly(commits.get(0));
            snapshots.add(TreeFixture.snapshot(p));
            commits.add(r2.commit().orElseThrow().id());
            assertThat(repo.status().call()).isEmpty();

            for (int i = 0; i < commits.size(); i++) {
                Path out = tmp.resolve("restore-" + i);
                repo.restore().setRevision(commits.get(i).toHex()).setTarget(out).call();
                assertThat(TreeFixture.snapshot(out)).as("version " + i).isEqualTo(snapshots.get(i));
                for (TreeEntry e : repo.listTree(commits.get(i).toHex())) {
                    if (e.type() == EntryType.FILE) {
                        Path f = out.resolve(e.path());
                        assertThat(e.md5()).as(e.path()).isEqualTo(TreeFixture.md5sum(f));
                        assertThat(Files.getLastModifiedTime(f).toInstant()).isEqualTo(e.modified());
                    }
                }
            }
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
    }

    @Test
    void identicalContentIsStoredOnce() throws Exception {
        Path p = project();
        TreeFixture.writeRandom(p, "a.bin", 1_000_000, 9);
        TreeFixture.writeRandom(p, "b/same.bin", 1_000_000, 9);
        try (Repository repo = Repository.init(p)) {
            CommitResult r = repo.commit().setMessage("twins").call();
            assertThat(r.bytesRead()).isEqualTo(2_000_000);
            // random data does not compress: one copy of the content plus small metadata objects
            assertThat(r.bytesStored()).isBetween(1_000_000L, 1_100_000L);
        }
    }

    @Test
    void recommittingAnUnchangedTreeReadsNoFileContent() throws Exception {
        Path p = project();
        firstVersion(p);
        // age every file beyond the racy window so the stat cache may vouch for them
        try (var s = Files.walk(p)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            }
        }
        String storeName = "count-" + System.nanoTime();
        FaultyStoreProvider.Faulty counting = (FaultyStoreProvider.Faulty) new FaultyStoreProvider()
            .open(java.net.URI.create("faulty:" + storeName), true);
        try (Repository repo = Repository.builder(p).setStore(java.net.URI.create("faulty:" + storeName)).init()) {
            CommitResult first = repo.commit().setMessage("one").call();
            assertThat(first.filesRead()).isEqualTo(first.filesScanned());
            int putsAfterFirst = counting.puts.get();
            CommitResult again = repo.commit().setMessage("two").call();
            assertThat(again.created()).isFalse();
            assertThat(counting.puts.get()).as("no object written").isEqualTo(putsAfterFirst);
            assertThat(again.filesScanned()).isEqualTo(first.filesScanned());
            assertThat(again.filesRead()).isZero();
            assertThat(again.bytesRead()).isZero();
            assertThat(repo.log().call()).hasSize(1);
        }
    }

    @Test
    void racyCleanFilesAreReadAgain() throws Exception {
        Path p = project();
        TreeFixture.write(p, "counts.tsv", "a\t1\n");
        // a modification time at (or after) the commit's start is within the racy window
        FileTime t = FileTime.fromMillis(System.currentTimeMillis() + 5_000);
        Files.setLastModifiedTime(p.resolve("counts.tsv"), t);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("one").call();
            // same size, same mtime: only the racy rule can notice this edit
            Files.writeString(p.resolve("counts.tsv"), "a\t2\n");
            Files.setLastModifiedTime(p.resolve("counts.tsv"), t);
            assertThat(repo.status().call()).extracting(FileStatus::state).containsExactly(FileStatus.State.MODIFIED);
            CommitResult r = repo.commit().setMessage("two").call();
            assertThat(r.created()).isTrue();
            assertThat(r.filesRead()).isEqualTo(1);
        }
    }

    @Test
    void nothingToCommitCreatesNoCommit() throws Exception {
        Path p = project();
        try (Repository repo = Repository.init(p)) {
            assertThat(repo.commit().setMessage("empty").call().created()).isFalse();
            assertThat(repo.head()).isEmpty();
            assertThat(repo.commit().setMessage("forced").setAllowEmpty(true).call().created()).isTrue();
        }
    }

    @Test
    void revisionsResolve() throws Exception {
        Path p = project();
        List<ObjectId> ids = new ArrayList<>();
        try (Repository repo = Repository.init(p)) {
            for (int i = 0; i < 4; i++) {
                TreeFixture.write(p, "f.txt", "version " + i);
                ids.add(repo.commit().setMessage("v" + i).call().commit().orElseThrow().id());
            }
            assertThat(repo.resolve("HEAD")).isEqualTo(ids.get(3));
            assertThat(repo.resolve("HEAD~1")).isEqualTo(ids.get(2));
            assertThat(repo.resolve("HEAD~3")).isEqualTo(ids.get(0));
            assertThat(repo.resolve("HEAD^^")).isEqualTo(ids.get(1));
            assertThat(repo.resolve("main~2")).isEqualTo(ids.get(1));
            assertThat(repo.resolve(ids.get(1).abbreviate(10))).isEqualTo(ids.get(1));
            assertThat(repo.resolve(ids.get(1).toHex().toUpperCase())).isEqualTo(ids.get(1));
            repo.createBranch(ids.get(0).toHex(), ids.get(2).toHex()); // a branch named like another commit's id
            assertThat(repo.resolve(ids.get(0).toHex())).as("a full id names its commit, as in git").isEqualTo(ids.get(0));
            assertThat(repo.resolve(ids.get(0).toHex() + "~0")).isEqualTo(ids.get(0));
            assertThatThrownBy(() -> repo.resolve("HEAD~4")).isInstanceOf(RevisionNotFoundException.class);
            assertThatThrownBy(() -> repo.resolve("nosuchbranch")).isInstanceOf(RevisionNotFoundException.class)
                .hasMessageContaining("nosuchbranch");
            assertThatThrownBy(() -> repo.resolve("HEAD~x")).isInstanceOf(RevisionNotFoundException.class);
            List<Commit> log = repo.log().call();
            assertThat(log).extracting(Commit::id).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
            assertThat(repo.log().setRevision("HEAD~2").setMaxCount(1).call()).extracting(Commit::message)
                .containsExactly("v1");
        }
    }

    @Test
    void restoreIntoWorkingTreeProtectsUncommittedChanges() throws Exception {
        Path p = project();
        TreeFixture.write(p, "a.txt", "one");
        TreeFixture.write(p, "b.txt", "keep");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            TreeFixture.write(p, "a.txt", "two");
            repo.commit().setMessage("v2").call();
            TreeFixture.write(p, "a.txt", "uncommitted work");
            assertThatThrownBy(() -> repo.restore().setRevision("HEAD~1").addPath("a.txt").call())
                .isInstanceOf(UncommittedChangesException.class).hasMessageContaining("a.txt");
            assertThat(Files.readString(p.resolve("a.txt"))).isEqualTo("uncommitted work");

            repo.restore().setRevision("HEAD~1").addPath("a.txt").setForce(true).call();
            assertThat(Files.readString(p.resolve("a.txt"))).isEqualTo("one");
            assertThat(repo.head()).contains(repo.resolve("main"));

            // a clean working copy is restored without force, and a file absent from the revision is removed
            repo.commit().setMessage("v3 = v1 content").call();
            TreeFixture.write(p, "c.txt", "new");
            repo.commit().setMessage("v4").call();
            repo.restore().setRevision("HEAD~1").call();
            assertThat(Files.exists(p.resolve("c.txt"))).isFalse();
            assertThat(Files.readString(p.resolve("b.txt"))).isEqualTo("keep");
            assertThatThrownBy(() -> repo.restore().addPath("../outside").call()).isInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.restore().addPath("missing.txt").call()).isInstanceOf(BadPathException.class);
        }
    }

    @Test
    void restoreToRefusesNonEmptyDirectory() throws Exception {
        Path p = project();
        TreeFixture.write(p, "a.txt", "one");
        Path out = tmp.resolve("out");
        TreeFixture.write(out, "existing", "x");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            assertThatThrownBy(() -> repo.restore().setTarget(out).call()).isInstanceOf(BadPathException.class)
                .hasMessageContaining("not empty");
            assertThat(Files.readString(out.resolve("existing"))).isEqualTo("x");
        }
    }

    @Test
    void restoreNeverWritesThroughALinkInTheTarget() throws Exception {
        Path p = project();
        Path outside = tmp.resolve("outside");
        TreeFixture.write(outside, "victim.txt", "precious");
        TreeFixture.write(p, "data/victim.txt", "from the repository");
        TreeFixture.write(p, "note.txt", "note");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            // replace the directory by a link to somewhere else, and a file by a link to a victim
            WorkTree.deleteRecursively(p.resolve("data"));
            Files.createSymbolicLink(p.resolve("data"), outside);
            Files.delete(p.resolve("note.txt"));
            Files.createSymbolicLink(p.resolve("note.txt"), outside.resolve("victim.txt"));
            assertThatThrownBy(() -> repo.restore().call()).isInstanceOf(UncommittedChangesException.class);
            repo.restore().setForce(true).call();
            assertThat(Files.readString(outside.resolve("victim.txt"))).isEqualTo("precious");
            assertThat(Files.isSymbolicLink(p.resolve("data"))).isFalse();
            assertThat(Files.readString(p.resolve("data/victim.txt"))).isEqualTo("from the repository");
            assertThat(Files.isSymbolicLink(p.resolve("note.txt"))).isFalse();
            assertThat(Files.readString(p.resolve("note.txt"))).isEqualTo("note");
        }
    }

    @Test
    void openErrorsAreClear() throws Exception {
        Path p = project();
        assertThatThrownBy(() -> Repository.open(p)).isInstanceOf(NotARepositoryException.class);
        assertThatThrownBy(() -> Repository.open(tmp.resolve("missing"))).isInstanceOf(NotARepositoryException.class)
            .hasMessageContaining("does not exist");
        Repository.init(p).close();
        assertThatThrownBy(() -> Repository.init(p)).isInstanceOf(RepositoryExistsException.class);
        Files.writeString(p.resolve(".damnit/config"), "{ not json");
        assertThatThrownBy(() -> Repository.open(p)).isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON");
        Files.writeString(p.resolve(".damnit/config"), "{\"format\": 99}");
        assertThatThrownBy(() -> Repository.open(p)).isInstanceOf(ConfigException.class).hasMessageContaining("newer");
    }

    @Test
    void aFailedInitLeavesNothingBehind() throws Exception {
        Path p = project();
        assertThatThrownBy(() -> Repository.builder(p).setStore(java.net.URI.create("nosuch:store")).init())
            .isInstanceOf(org.damnit.StorageException.class).hasMessageContaining("no store provider");
        assertThat(Files.exists(p.resolve(".damnit"))).isFalse();
        Repository.init(p).close(); // and a later init works
    }

    @Test
    void opensFromASubdirectory() throws Exception {
        Path p = project();
        Repository.init(p).close();
        Files.createDirectories(p.resolve("a/b"));
        try (Repository repo = Repository.open(p.resolve("a/b"))) {
            assertThat(repo.workTree()).isEqualTo(p.toAbsolutePath().normalize());
        }
    }

    @Test
    void ignoreFilesExcludePaths() throws Exception {
        Path p = project();
        TreeFixture.write(p, ".damnitignore", "*.tmp\nwork/\n!keep.tmp\n");
        TreeFixture.write(p, "a.tmp", "x");
        TreeFixture.write(p, "keep.tmp", "x");
        TreeFixture.write(p, "work/big.bin", "x");
        TreeFixture.write(p, "sub/.damnitignore", "local.txt\n");
        TreeFixture.write(p, "sub/local.txt", "x");
        TreeFixture.write(p, "local.txt", "x");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            assertThat(repo.listTree("HEAD")).extracting(TreeEntry::path)
                .containsExactly(".damnitignore", "keep.tmp", "local.txt", "sub", "sub/.damnitignore");
        }
    }

    @Test
    void aRenamedFileReusesItsDigestsOnlyWhenItsChunksProveTheBytesAreTheSame() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("twins"));
        TreeFixture.writeRandom(p, "raw/run1.bin", 3_000_000, 1);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            Files.createDirectories(p.resolve("archive"));
            Files.move(p.resolve("raw/run1.bin"), p.resolve("archive/run1.bin")); // keeps size and mtime
            org.damnit.CommitResult moved = repo.commit().setMessage("moved").call();
            assertThat(moved.bytesRead()).as("read once").isEqualTo(3_000_000);
            TreeEntry m = repo.listTree("HEAD").stream().filter(e -> e.path().equals("archive/run1.bin")).findFirst()
                .orElseThrow();
            assertThat(m.md5()).isEqualTo(TreeFixture.md5sum(p.resolve("archive/run1.bin")));

            // same name, size and mtime as the deleted file, other bytes: the digests must be computed
            java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(p.resolve("archive/run1.bin"));
            Files.delete(p.resolve("archive/run1.bin"));
            TreeFixture.writeRandom(p, "other/run1.bin", 3_000_000, 2);
            Files.setLastModifiedTime(p.resolve("other/run1.bin"), t);
            org.damnit.CommitResult impostor = repo.commit().setMessage("impostor").call();
            assertThat(impostor.bytesRead()).as("counted once; the digests caught up from the file").isEqualTo(3_000_000);
            TreeEntry o = repo.listTree("HEAD").stream().filter(e -> e.path().equals("other/run1.bin")).findFirst()
                .orElseThrow();
            assertThat(o.md5()).isEqualTo(TreeFixture.md5sum(p.resolve("other/run1.bin")));
            assertThat(o.sha256()).isNotEqualTo(m.sha256());
            // same path and size, one byte changed in the middle, and a file merely touched
            byte[] b = Files.readAllBytes(p.resolve("other/run1.bin"));
            b[1_500_000] ^= 1;
            Files.write(p.resolve("other/run1.bin"), b);
            TreeFixture.writeRandom(p, "touched.bin", 2_000_000, 3);
            repo.commit().setMessage("edit").call();
            Files.setLastModifiedTime(p.resolve("touched.bin"), FileTime.fromMillis(1_000_000_000_000L));
            assertThat(repo.commit().setMessage("touched").call().created()).as("only its mtime changed").isFalse();
            for (String f : List.of("other/run1.bin", "touched.bin")) {
                assertThat(repo.entry("HEAD", f).orElseThrow().md5()).as(f).isEqualTo(TreeFixture.md5sum(p.resolve(f)));
            }
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
        }
    }

    @Test
    void aCopyOfAFileReadInTheSameCommitTakesItsDigestsOnlyWhenTheBytesAreTheSame() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("copies"));
        TreeFixture.writeRandom(p, "a/table.bin", 3_000_000, 4);
        TreeFixture.writeRandom(p, "b/same-size-other-bytes.bin", 3_000_000, 5);
        Files.createDirectories(p.resolve("c"));
        Files.copy(p.resolve("a/table.bin"), p.resolve("c/table-copy.bin"));
        byte[] last = Files.readAllBytes(p.resolve("a/table.bin"));
        last[last.length - 1] ^= 1; // differs only in its last chunk
        Files.write(p.resolve("c/almost.bin"), last);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            for (String f : List.of("a/table.bin", "b/same-size-other-bytes.bin", "c/table-copy.bin", "c/almost.bin")) {
                TreeEntry e = repo.entry("HEAD", f).orElseThrow();
                assertThat(e.md5()).as(f).isEqualTo(TreeFixture.md5sum(p.resolve(f)));
                assertThat(e.sha256().toHex()).as(f).isEqualTo(TreeFixture.sha256sum(p.resolve(f)));
            }
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
        }
    }
}
