package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.damnit.BadPathException;
import org.damnit.DiffEntry;
import org.damnit.FileStatus;
import org.damnit.Repository;
import org.damnit.TreeEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataTest {
    @TempDir
    Path tmp;

    @Test
    void metadataIsStagedCommittedAndKeptInHistory() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "reads/A.fastq", "@r\nACGT\n+\nIIII\n");
        TreeFixture.write(p, "other.txt", "x");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("data").call();
            repo.setMetadata("reads/A.fastq", Map.of("sample", "NA12878", "run", "42"));
            assertThat(repo.status().call()).extracting(FileStatus::path, FileStatus::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reads/A.fastq", FileStatus.State.METADATA));
            assertThat(repo.diff().call()).extracting(DiffEntry::path, DiffEntry::change).as("the working tree")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reads/A.fastq", DiffEntry.Change.METADATA));
            assertThat(repo.metadata(null, "reads/A.fastq")).containsEntry("sample", "NA12878");
            assertThat(repo.metadata("HEAD", "reads/A.fastq")).isEmpty();
            assertThat(repo.commit().setMessage("annotate").call().created()).isTrue();
            assertThat(repo.status().call()).isEmpty();
            assertThat(repo.diff().setOld("HEAD~1").setNew("HEAD").call()).singleElement()
                .satisfies(d -> assertThat(d.change()).isEqualTo(DiffEntry.Change.METADATA))
                .satisfies(d -> assertThat(d.storedBytes()).isZero());

            // a later commit changes one key and removes another; the content changes too
            Map<String, String> change = new HashMap<>();
            change.put("sample", "NA12891");
            change.put("run", null);
            repo.setMetadata("reads/A.fastq", change);
            TreeFixture.write(p, "reads/A.fastq", "@r\nACGA\n+\nIIII\n");
            repo.commit().setMessage("resequenced").call();
            assertThat(repo.metadata("HEAD", "reads/A.fastq")).containsExactly(Map.entry("sample", "NA12891"));
            assertThat(repo.metadata("HEAD~1", "reads/A.fastq")).containsOnly(Map.entry("run", "42"),
                Map.entry("sample", "NA12878"));
            assertThat(repo.metadata("HEAD~2", "reads/A.fastq")).isEmpty();
            TreeEntry e = repo.listTree("HEAD~1").stream().filter(t -> t.path().equals("reads/A.fastq")).findFirst()
                .orElseThrow();
            assertThat(e.metadata()).containsEntry("run", "42");

            // unchanged files keep their metadata through later commits
            TreeFixture.write(p, "other.txt", "y");
            repo.commit().setMessage("other").call();
            assertThat(repo.metadata("HEAD", "reads/A.fastq")).containsEntry("sample", "NA12891");
            List<DiffEntry> d = repo.diff().setOld("HEAD~3").setNew("HEAD~2").call();
            assertThat(d).extracting(DiffEntry::path).containsExactly("reads/A.fastq");

            assertThatThrownBy(() -> repo.setMetadata("nope.txt", Map.of("a", "b"))).isInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.setMetadata("other.txt", Map.of("bad key", "b")))
                .isInstanceOf(org.damnit.BadArgumentException.class).isNotInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.setMetadata("../x", Map.of("a", "b"))).isInstanceOf(BadPathException.class);
        }
    }

    @Test
    void parallelWritersOfPendingMetadataLoseNothingAndACommitKeepsWhatWasSetMeanwhile() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("parallel"));
        for (int f = 0; f < 4; f++) {
            TreeFixture.write(p, "out/task" + f + ".bam", "bam " + f);
        }
        try (Repository first = Repository.init(p); Repository second = Repository.open(p)) {
            first.commit().setMessage("outputs").call();
            // two handles, as two processes would be: each read-modify-write of meta-pending must see the other's
            List<java.util.concurrent.Callable<Void>> tasks = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Repository repo = t % 2 == 0 ? first : second;
                String file = "out/task" + (t % 4) + ".bam";
                String key = "k" + t;
                tasks.add(() -> {
                    for (int i = 0; i < 10; i++) {
                        repo.setMetadata(file, Map.of(key + "_" + i, "v" + i));
                    }
                    return null;
                });
            }
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                for (var f : pool.invokeAll(tasks)) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            for (int t = 0; t < 8; t++) {
                Map<String, String> m = second.metadata(null, "out/task" + (t % 4) + ".bam");
                for (int i = 0; i < 10; i++) {
                    assertThat(m).as("task %d change %d", t, i).containsEntry("k" + t + "_" + i, "v" + i);
                }
            }
            first.commit().setMessage("annotated").call();
            assertThat(first.metadata("HEAD", "out/task3.bam")).containsEntry("k7_9", "v9").containsEntry("k3_0", "v0");
            assertThat(PendingMeta.load(p.resolve(".damnit/meta-pending")).changes).isEmpty();

            // what a commit does at its end, with changes made while it ran: only what it applied is dropped
            Path file = p.resolve(".damnit/meta-pending");
            second.setMetadata("out/task1.bam", Map.of("a", "1", "b", "1"));
            PendingMeta applied = PendingMeta.load(file);
            second.setMetadata("out/task0.bam", Map.of("late", "yes"));
            second.setMetadata("out/task1.bam", Map.of("a", "2"));
            PendingMeta.update(file, now -> now.removeApplied(applied));
            assertThat(PendingMeta.load(file).changes).isEqualTo(Map.of("out/task0.bam", Map.of("late", "yes"),
                "out/task1.bam", Map.of("a", "2")));
        }
    }
}
