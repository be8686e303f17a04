package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.damnit.RepackResult;
import org.damnit.Repository;
import org.damnit.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deep repack stopped between any two of its steps leaves a consistent repository that reads the
 * same bytes before and after gc, and a new run completes it; push, clone, pull, gc and verify work on
 * the deep form.
 */
class DeepRepackCrashTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noHook() {
        RepackOp.testHook = Containerizer.Hook.NONE;
    }

    /** A project with a gzip -6 FASTQ and a BAM, and copies of both to compare with. */
    private Map<String, Path> project(Path p, long seed) throws Exception {
        Files.createDirectories(p);
        GenomicsTools.fastq(p.resolve("r.fq"), seed, 800);
        GenomicsTools.sam(p.resolve("a.sam"), seed, 1_500);
        GenomicsTools.sh(p, "gzip -6 r.fq && samtools view -b -o a.bam a.sam && rm a.sam", "gzip", "samtools");
        Map<String, Path> originals = new LinkedHashMap<>();
        for (String f : new String[] {"r.fq.gz", "a.bam"}) {
            Path copy = tmp.resolve("originals-" + seed).resolve(f);
            Files.createDirectories(copy.getParent());
            Files.copy(p.resolve(f), copy);
            originals.put(f, copy);
        }
        return originals;
    }

    private void restoresExactly(Repository repo, Map<String, Path> originals) throws Exception {
        Path to = tmp.resolve("restored-" + System.nanoTime());
        repo.restore().setTarget(to).call();
        for (Map.Entry<String, Path> e : originals.entrySet()) {
            assertThat(Files.readAllBytes(to.resolve(e.getKey()))).as(e.getKey()).isEqualTo(Files.readAllBytes(e.getValue()));
        }
    }

    @Test
    void stoppedAtEveryStepThenRunAgain() throws Exception {
        Path p = tmp.resolve("p");
        Map<String, Path> originals = project(p, 1);
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("v1").call();
            int converted = 0;
            for (Containerizer.Step step : Containerizer.Step.values()) {
                RepackOp.testHook = s -> {
                    if (s == step) {
                        throw new StorageException("stopped at " + s);
                    }
                };
                assertThatThrownBy(() -> repo.repack().call()).hasMessageContaining("stopped at " + step);
                RepackOp.testHook = Containerizer.Hook.NONE;
                if (step == Containerizer.Step.PUBLISHED) {
                    converted++; // its container was published before the stop
                }
                assertThat(((LocalRepository) repo).context().chunks().containers().list()).hasSize(converted);
                repo.gc().setGracePeriod(Duration.ZERO).call(); // drops what the stopped run left, nothing needed
                assertThat(repo.verify().call().problems()).isEmpty();
                restoresExactly(repo, originals);
            }
            RepackResult r = repo.repack().call();
            assertThat(r.converted()).isEqualTo(2 - converted);
            assertThat(r.alreadyDeep()).isEqualTo(converted);
            assertThat(r.rawFallbacks()).isZero();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            for (String f : originals.keySet()) {
                assertThat(DeepRepackTest.rawChunksStored(repo, f)).as(f).isFalse();
            }
            DeepRepackTest.readsBackExactly(repo, p, originals);
        }
    }

    /** Starts {@code repack --deep} in a child JVM; kills it with SIGKILL after {@code delayMs} (0: never). */
    private static boolean repackInChild(Path project, long delayMs) throws Exception {
        String jvm = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(jvm, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), "repack", project.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (delayMs > 0 && !child.waitFor(delayMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor();
            return false;
        }
        assertThat(child.waitFor()).as("an uninterrupted repack").isZero();
        return true;
    }

    @Test
    void sigkillDuringTheDeepRepackLeavesTheRepositoryConsistentAndANewRunFinishesIt() throws Exception {
        Path p = tmp.resolve("p");
        Map<String, Path> originals = project(p, 4);
        Files.write(p.resolve("depth.tsv"), TableCodecTest.depthTable(3, 100_000));
        originals.put("depth.tsv", tmp.resolve("originals-4/depth.tsv"));
        Files.copy(p.resolve("depth.tsv"), originals.get("depth.tsv"));
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("v1").call();
        }
        long t0 = System.nanoTime();
        Path timing = TreeFixture.copyTree(p, tmp.resolve("timing"));
        repackInChild(timing, 0);
        long whole = (System.nanoTime() - t0) / 1_000_000;
        java.util.Random r = new java.util.Random(19);
        int killed = 0;
        for (int i = 0; i < 3; i++) {
            Path run = TreeFixture.copyTree(p, tmp.resolve("run-" + i));
            long delay = 300 + r.nextInt((int) Math.max(1, whole - 300));
            killed += repackInChild(run, delay) ? 0 : 1;
            try (Repository repo = Repository.open(run)) {
                String what = "killed after " + delay + " ms of ~" + whole;
                assertThat(repo.verify().setReadData(true).call().problems()).as(what).isEmpty();
                restoresExactly(repo, originals);
                repo.gc().setGracePeriod(Duration.ZERO).call(); // what the killed run left, nothing needed
                RepackResult again = repo.repack().call();
                assertThat(again.converted() + again.alreadyDeep()).as(what).isEqualTo(2);
                repo.gc().setGracePeriod(Duration.ZERO).call();
                assertThat(repo.repack().call().bytesStored()).as(what + ": then nothing is left to do").isZero();
                DeepRepackTest.readsBackExactly(repo, run, originals);
            }
        }
        assertThat(killed).as("runs killed before they finished").isPositive();
    }

    @Test
    void pushCloneAndPullCarryTheDeepForm() throws Exception {
        Path a = tmp.resolve("a");
        Map<String, Path> v1 = project(a, 2);
        try (Repository repo = DeepRepackTest.smallChunks(a)) {
            repo.commit().setMessage("v1").call();
            repo.repack().call();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            repo.addRemote("origin", tmp.resolve("remote").toUri());
            repo.push().call();
        }
        Path b = tmp.resolve("b");
        try (Repository clone = Repository.cloneFrom(tmp.resolve("remote").toUri(), b)) {
            for (Map.Entry<String, Path> e : v1.entrySet()) {
                assertThat(Files.readAllBytes(b.resolve(e.getKey()))).as("cloned " + e.getKey())
                    .isEqualTo(Files.readAllBytes(e.getValue()));
                assertThat(DeepRepackTest.rawChunksStored(clone, e.getKey())).as("only the deep form was sent").isFalse();
            }
            clone.gc().setGracePeriod(Duration.ZERO).call();
            DeepRepackTest.readsBackExactly(clone, b, v1);
        }
        // a second version, repacked on one side and pulled on the other
        Map<String, Path> v2 = project(tmp.resolve("v2"), 3);
        try (Repository repo = Repository.open(a)) {
            for (Map.Entry<String, Path> e : v2.entrySet()) {
                Files.copy(e.getValue(), a.resolve(e.getKey()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            repo.commit().setMessage("v2").call();
            assertThat(repo.repack().call().converted()).isEqualTo(2);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            repo.push().call();
        }
        try (Repository clone = Repository.open(b)) {
            clone.pull().call();
            for (Map.Entry<String, Path> e : v2.entrySet()) {
                assertThat(Files.readAllBytes(b.resolve(e.getKey()))).as("pulled " + e.getKey())
                    .isEqualTo(Files.readAllBytes(e.getValue()));
            }
            assertThat(clone.verify().setReadData(true).call().problems()).isEmpty();
        }
    }
}
