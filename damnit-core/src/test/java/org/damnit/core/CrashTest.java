package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits, pushes and gc runs run in a child JVM that is killed with SIGKILL after a seeded random delay; after
 * each kill the repository must open, verify clean, still restore every earlier version byte for byte,
 * and finish the interrupted work when asked again. {@code -Ddamnit.crash.points=N} runs more kills.
 */
class CrashTest {
    @TempDir
    Path tmp;

    private Map<String, String> v1;
    private Map<String, String> v2;
    private ObjectId v1Commit;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void sigkillAnywhereInCommitPushOrGcLosesNothing() throws Exception {
        int kills = Integer.getInteger("damnit.crash.points", 50);
        Random rnd = new Random(Long.getLong("damnit.crash.seed", 20261126L));
        Path commitTemplate = prepare();
        Path pushTemplate = TreeFixture.copyTree(commitTemplate, tmp.resolve("push-template"));
        relinkRemote(pushTemplate);
        try (Repository repo = Repository.open(pushTemplate.resolve("project"))) {
            assertThat(repo.commit().setMessage("v2").call().created()).isTrue();
        }
        Path gcTemplate = TreeFixture.copyTree(pushTemplate, tmp.resolve("gc-template"));
        try (Repository repo = Repository.open(gcTemplate.resolve("project"))) {
            ObjectId v2 = repo.head().orElseThrow();
            // the branch back to v1: v2's packs, trees and commit become garbage for gc to delete
            assertThat(((LocalRepository) repo).store().compareAndSetRef("heads/main", java.util.Optional.of(v2.toHex()),
                java.util.Optional.of(v1Commit.toHex()))).isTrue();
        }
        String[] ops = {"commit", "push", "gc"};
        Path[] templates = {commitTemplate, pushTemplate, gcTemplate};
        long[] durations = new long[3];
        for (int k = 0; k < 3; k++) {
            durations[k] = calibrate(ops[k], templates[k]);
        }

        Set<String> states = new HashSet<>();
        int completed = 0;
        for (int i = 0; i < kills; i++) {
            int k = i % 3;
            Path run = TreeFixture.copyTree(templates[k], tmp.resolve("run-" + i));
            relinkRemote(run);
            long delay = (long) (rnd.nextDouble() * 1.15 * durations[k]);
            boolean done = runAndKill(ops[k], run.resolve("project"), delay);
            System.out.println("CrashTest: " + ops[k] + " delay " + delay + " ms of ~" + durations[k]
                + (done ? ": finished first" : ": killed"));
            if (done) {
                completed++;
            } else {
                states.add(ops[k] + "|" + state(run));
            }
            String what = ops[k] + " killed after " + delay + " ms (run " + i + ")";
            switch (ops[k]) {
                case "commit" -> checkAfterCommitCrash(run, what);
                case "push" -> checkAfterPushCrash(run, what);
                default -> checkAfterGcCrash(run, what);
            }
            WorkTree.deleteRecursively(run);
        }
        String report = kills + " kills, " + states.size() + " distinct crash points (distinct on-disk states of"
            + " store, remote, caches and temporary files), " + completed + " runs finished before the kill";
        System.out.println("CrashTest: " + report);
        Files.writeString(Path.of("target", "crash-report.txt"), report + "\n");
        assertThat(states.size()).as(report).isGreaterThanOrEqualTo(Math.min(kills, 10) / 2);
    }

    /** v1 committed and pushed to origin; v2 in the working tree, not committed. */
    private Path prepare() throws Exception {
        Path t = tmp.resolve("commit-template");
        Path p = Files.createDirectories(t.resolve("project"));
        for (int i = 0; i < 6; i++) {
            TreeFixture.writeRandom(p, "reads/s" + i + ".fastq", 1_500_000 + i * 100_000, i);
        }
        TreeFixture.write(p, "calls/all.vcf", "##fileformat=VCFv4.3\n".repeat(2000));
        TreeFixture.write(p, "README.txt", "project\n");
        try (Repository repo = Repository.init(p)) {
            TreeFixture.setPackSize(p, 1 << 20);
        }
        try (Repository repo = Repository.open(p)) {
            v1Commit = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            repo.addRemote("origin", Files.createDirectories(t.resolve("remote")).toUri());
            repo.push().setRemote("origin").call();
        }
        v1 = TreeFixture.snapshot(p);
        byte[] s1 = Files.readAllBytes(p.resolve("reads/s1.fastq"));
        byte[] edited = new byte[s1.length + 1000];
        System.arraycopy(s1, 0, edited, 0, 500_000);
        new Random(99).nextBytes(java.util.Arrays.copyOfRange(edited, 500_000, 501_000));
        System.arraycopy(s1, 500_000, edited, 501_000, s1.length - 500_000);
        Files.write(p.resolve("reads/s1.fastq"), edited);
        Files.move(p.resolve("reads/s2.fastq"), p.resolve("reads/s2-renamed.fastq"));
        Files.delete(p.resolve("reads/s3.fastq"));
        TreeFixture.writeRandom(p, "reads/s9.fastq", 2_500_000, 9);
        TreeFixture.write(p, "calls/all.vcf", "##fileformat=VCFv4.3\n".repeat(2000) + "chr1\t100\t.\tA\tG\n");
        v2 = TreeFixture.snapshot(p);
        return t;
    }

    /** Points origin at the remote store inside {@code dir} (copies keep the template's absolute URI). */
    private static void relinkRemote(Path dir) throws Exception {
        try (Repository repo = Repository.open(dir.resolve("project"))) {
            repo.removeRemote("origin");
            repo.addRemote("origin", dir.resolve("remote").toUri());
        }
    }

    private long calibrate(String op, Path template) throws Exception {
        Path run = TreeFixture.copyTree(template, tmp.resolve("calibrate-" + op));
        relinkRemote(run);
        Process child = start(op, run.resolve("project"));
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        assertThat(child.waitFor()).as("uninterrupted %s: %s", op, lines).isZero();
        String done = lines.stream().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow();
        WorkTree.deleteRecursively(run);
        return Math.max(50, Long.parseLong(done.substring(5)));
    }

    private static Process start(String op, Path project) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), op, project.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Starts the child, waits for READY, sleeps {@code delayMs}, then SIGKILLs it; true if it finished first. */
    private static boolean runAndKill(String op, Path project, long delayMs) throws Exception {
        Process child = start(op, project);
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        assertThat(first).as("child output").isEqualTo("READY");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                for (String l; (l = r.readLine()) != null; ) {
                    done.compareAndSet(false, l.startsWith("DONE"));
                }
            } catch (IOException closedByKill) {
                // the kill closed the pipe
            }
        });
        reader.start();
        Thread.sleep(delayMs);
        if (child.isAlive()) {
            child.destroyForcibly(); // SIGKILL on Linux
        }
        child.waitFor();
        reader.join(5000);
        return done.get();
    }

    private void checkAfterCommitCrash(Path run, String what) throws Exception {
        Path p = run.resolve("project");
        try (Repository repo = Repository.open(p)) {
            VerifyResult v = repo.verify().setReadData(true).call();
            assertThat(v.problems()).as(what).isEmpty();
            ObjectId head = repo.head().orElseThrow();
            restoresTo(repo, v1Commit.toString(), run.resolve("check-v1"), v1, what);
            if (!head.equals(v1Commit)) {
                restoresTo(repo, head.toString(), run.resolve("check-head"), v2, what);
            }
            repo.commit().setMessage("v2 again").call();
            assertThat(repo.verify().setReadData(true).call().problems()).as(what + ", then committed again").isEmpty();
            restoresTo(repo, "HEAD", run.resolve("check-again"), v2, what);
        }
    }

    private void checkAfterGcCrash(Path run, String what) throws Exception {
        try (Repository repo = Repository.open(run.resolve("project"))) {
            assertThat(repo.verify().setReadData(true).call().problems()).as(what).isEmpty();
            restoresTo(repo, "HEAD", run.resolve("check-v1"), v1, what);
            repo.gc().setGracePeriod(java.time.Duration.ZERO).call();
            assertThat(repo.verify().setReadData(true).call().problems()).as(what + ", then gc again").isEmpty();
            restoresTo(repo, v1Commit.toString(), run.resolve("check-again"), v1, what);
            List<String> refs;
            try (Stream<String> r = ((LocalRepository) repo).store().listRefs("")) {
                refs = r.toList();
            }
            try (Stream<Path> s = Files.walk(run.resolve("project/.damnit/store/objects"))) {
                assertThat(s.filter(f -> Files.isRegularFile(f) && f.toString().contains("/commits/")).map(Path::toString).toList())
                    .as(what + ": only v1 left; refs " + refs).hasSize(1);
            }
        }
    }

    private void checkAfterPushCrash(Path run, String what) throws Exception {
        Path p = run.resolve("project");
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.verify().setReadData(true).call().problems()).as(what).isEmpty();
            restoresTo(repo, v1Commit.toString(), run.resolve("check-v1"), v1, what);
            restoresTo(repo, "HEAD", run.resolve("check-v2"), v2, what);
        }
        Path clone = run.resolve("clone");
        try (Repository c = Repository.cloneFrom(run.resolve("remote").toUri(), clone)) {
            assertThat(c.verify().setReadData(true).call().problems()).as(what + ": the remote").isEmpty();
            assertThat(TreeFixture.snapshot(clone)).as(what + ": the remote has v1 or v2").isIn(v1, v2);
        }
        try (Repository repo = Repository.open(p)) {
            repo.push().setRemote("origin").call();
        }
        Path clone2 = run.resolve("clone2");
        try (Repository c = Repository.cloneFrom(run.resolve("remote").toUri(), clone2)) {
            assertThat(TreeFixture.snapshot(clone2)).as(what + ", pushed again").isEqualTo(v2);
        }
    }

    private static void restoresTo(Repository repo, String rev, Path dir, Map<String, String> expected, String what)
        throws Exception {
        repo.restore().setRevision(rev).setTarget(dir).call();
        assertThat(TreeFixture.snapshot(dir)).as(what + ": restore of " + rev).isEqualTo(expected);
    }

    /** What a kill left behind: every file under the run (names and sizes), so distinct points differ. */
    private static String state(Path run) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String rel = run.relativize(f).toString();
                if (Files.isRegularFile(f) && (rel.contains(".damnit") || rel.startsWith("remote"))) {
                    m.put(rel.replaceAll("[0-9a-f]{64}", "ID").replaceAll("tmp/[^/]+$", "tmp/T"),
                        Files.size(f));
                }
            }
        }
        return m.toString();
    }
}
