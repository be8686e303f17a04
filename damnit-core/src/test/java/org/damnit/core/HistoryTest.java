package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.damnit.Commit;
import org.damnit.DiffEntry;
import org.damnit.Repository;
import org.damnit.UncommittedChangesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path tmp;

    @Test
    void diffFindsAddedDeletedModifiedRenamedAndCopiedPaths() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "keep.bin", 50_000, 1);
        TreeFixture.writeRandom(p, "move-me.bin", 60_000, 2);
        TreeFixture.write(p, "edit.tsv", "a\t1\n");
        TreeFixture.write(p, "gone.txt", "bye");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            Files.move(p.resolve("move-me.bin"), p.resolve("moved.bin"));
            Files.copy(p.resolve("keep.bin"), p.resolve("copy-of-keep.bin"));
            TreeFixture.write(p, "edit.tsv", "a\t2\n");
            Files.delete(p.resolve("gone.txt"));
            TreeFixture.write(p, "new.txt", "hi");
            List<DiffEntry> working = repo.diff().call();
            repo.commit().setMessage("v2").call();
            List<DiffEntry> committed = repo.diff().setOld("HEAD~1").setNew("HEAD").call();
            for (List<DiffEntry> d : List.of(working, committed)) {
                assertThat(d).extracting(DiffEntry::path, DiffEntry::change, DiffEntry::oldPath).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("copy-of-keep.bin", DiffEntry.Change.COPIED, "keep.bin"),
                    org.assertj.core.groups.Tuple.tuple("edit.tsv", DiffEntry.Change.MODIFIED, null),
                    org.assertj.core.groups.Tuple.tuple("gone.txt", DiffEntry.Change.DELETED, null),
                    org.assertj.core.groups.Tuple.tuple("moved.bin", DiffEntry.Change.RENAMED, "move-me.bin"),
                    org.assertj.core.groups.Tuple.tuple("new.txt", DiffEntry.Change.ADDED, null));
            }
            assertThat(working).allSatisfy(e -> assertThat(e.storedBytes()).isIn(-1L, 0L));
            DiffEntry edit = committed.stream().filter(e -> e.path().equals("edit.tsv")).findFirst().orElseThrow();
            assertThat(edit.storedBytes()).isPositive();
            DiffEntry moved = committed.stream().filter(e -> e.path().equals("moved.bin")).findFirst().orElseThrow();
            assertThat(moved.storedBytes()).as("a rename stores nothing").isZero();
        }
    }

    @Test
    void revertMakesANewCommitWithTheOldContent() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "calls/a.vcf", "v1");
        TreeFixture.write(p, "notes.txt", "n1");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            TreeFixture.write(p, "calls/a.vcf", "v2");
            TreeFixture.write(p, "calls/b.vcf", "new in v2");
            TreeFixture.write(p, "notes.txt", "n2");
            repo.commit().setMessage("v2").call();
            Commit r = repo.revert().setRevision("HEAD~1").addPath("calls").call();
            assertThat(r.message()).contains("calls").contains("HEAD~1");
            assertThat(repo.log().call()).hasSize(3);
            assertThat(Files.readString(p.resolve("calls/a.vcf"))).isEqualTo("v1");
            assertThat(Files.exists(p.resolve("calls/b.vcf"))).isFalse();
            assertThat(Files.readString(p.resolve("notes.txt"))).as("outside the reverted path").isEqualTo("n2");
            assertThat(repo.diff().setOld("HEAD~2").setNew("HEAD").call()).extracting(DiffEntry::path)
                .containsExactly("notes.txt");
            TreeFixture.write(p, "notes.txt", "uncommitted");
            assertThatThrownBy(() -> repo.revert().setRevision("HEAD~2").call()).isInstanceOf(UncommittedChangesException.class);
        }
    }

    @Test
    void fileHistoryListsEveryChangeAndEachVersionStreamsBack() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "reads/s1.fastq", 3_000_000, 7);
        TreeFixture.write(p, "other.txt", "o1");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            byte[] v1 = Files.readAllBytes(p.resolve("reads/s1.fastq"));
            byte[] v2 = v1.clone();
            v2[1_000_000] ^= 1;
            Files.write(p.resolve("reads/s1.fastq"), v2);
            repo.commit().setMessage("v2").call();
            TreeFixture.write(p, "other.txt", "o2");
            repo.commit().setMessage("unrelated").call();
            repo.setMetadata("reads/s1.fastq", java.util.Map.of("sample", "S1"));
            repo.commit().setMessage("meta").call();
            Files.delete(p.resolve("reads/s1.fastq"));
            repo.commit().setMessage("rm").call();

            List<org.damnit.FileVersion> h = repo.history("HEAD", "reads/s1.fastq");
            assertThat(h).extracting(v -> v.commit().message(), org.damnit.FileVersion::change).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rm", DiffEntry.Change.DELETED),
                org.assertj.core.groups.Tuple.tuple("meta", DiffEntry.Change.METADATA),
                org.assertj.core.groups.Tuple.tuple("v2", DiffEntry.Change.MODIFIED),
                org.assertj.core.groups.Tuple.tuple("v1", DiffEntry.Change.ADDED));
            assertThat(h.get(1).entry().metadata()).containsEntry("sample", "S1");
            assertThat(h.get(1).storedBytes()).as("metadata only").isZero();
            assertThat(h.get(2).storedBytes()).as("one changed chunk").isPositive().isLessThan(v2.length / 2);
            assertThat(h.get(3).storedBytes()).isPositive();

            for (var e : java.util.Map.of("HEAD~4", v1, "HEAD~3", v2).entrySet()) {
                try (java.io.InputStream in = repo.openFile(e.getKey(), "reads/s1.fastq")) {
                    assertThat(in.readAllBytes()).isEqualTo(e.getValue());
                }
            }
            assertThatThrownBy(() -> repo.openFile("HEAD", "reads/s1.fastq"))
                .isInstanceOf(org.damnit.BadPathException.class).hasMessageContaining("no file");
            assertThatThrownBy(() -> repo.openFile("HEAD", "reads")).isInstanceOf(org.damnit.BadPathException.class);

            assertThat(repo.entry("HEAD~3", "reads/s1.fastq").orElseThrow().md5())
                .isEqualTo(org.apache.commons.codec.digest.DigestUtils.md5Hex(v2));
            assertThat(repo.entry("HEAD", "reads/s1.fastq")).isEmpty();
            assertThat(repo.entry("HEAD", "reads/s1.fastq/deeper")).isEmpty();
            assertThat(repo.entry("HEAD~4", "reads").orElseThrow().type()).isEqualTo(org.damnit.EntryType.DIRECTORY);
            assertThat(repo.diff().setCommit("HEAD~3").call())
                .isEqualTo(repo.diff().setOld("HEAD~4").setNew("HEAD~3").call()).isNotEmpty();
            assertThat(repo.diff().setCommit("HEAD~4").call())
                .isEqualTo(repo.diff().setOldEmpty().setNew("HEAD~4").call());
            List<DiffEntry> first = repo.diff().setOldEmpty().setNew("HEAD~4").call();
            assertThat(first).extracting(DiffEntry::change).containsOnly(DiffEntry.Change.ADDED);
            assertThat(first).extracting(DiffEntry::path).contains("reads/s1.fastq", "other.txt");

            long onDisk;
            try (var files = Files.walk(p.resolve(".damnit/store/objects"))) {
                onDisk = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            org.damnit.Summary sum = repo.summary("HEAD");
            assertThat(sum.storedBytes()).isEqualTo(onDisk);
            assertThat(sum.commits()).isEqualTo(5);
            assertThat(sum.files()).isEqualTo(1);
            assertThat(sum.bytes()).isEqualTo(2);
            assertThat(sum.historyBytes()).as("4 commits with the FASTQ, 5 with other.txt")
                .isEqualTo(4L * v1.length + 5 * 2);
            assertThat(sum.dedupRatio()).isGreaterThan(3.0);
        }
    }
}
