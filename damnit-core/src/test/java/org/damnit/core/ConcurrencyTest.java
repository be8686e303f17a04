package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.damnit.Commit;
import org.damnit.CommitResult;
import org.damnit.ConcurrentUpdateException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentCommittersEitherWinOrFailCleanly() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Repository.init(p).close();
        int writers = 4;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        Set<ObjectId> won = new HashSet<>();
        int conflicts = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<CommitResult>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    TreeFixture.write(p, "w" + w + ".txt", "round " + round + " writer " + w);
                    final int id = w;
                    results.add(pool.submit(() -> {
                        try (Repository repo = Repository.open(p)) {
                            go.await();
                            return repo.commit().setMessage("writer " + id).setAllowEmpty(true).call();
                        }
                    }));
                }
                go.countDown();
                for (Future<CommitResult> f : results) {
                    try {
                        won.add(f.get().commit().orElseThrow().id());
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(ConcurrentUpdateException.class);
                        conflicts++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Repository repo = Repository.open(p)) {
            List<Commit> log = repo.log().call();
            assertThat(log).extracting(Commit::id).containsExactlyInAnyOrderElementsOf(won);
            for (int i = 0; i + 1 < log.size(); i++) {
                assertThat(log.get(i).parents()).containsExactly(log.get(i + 1).id());
            }
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
        assertThat(won.size() + conflicts).isEqualTo(writers * rounds);
        assertThat(won.size()).isGreaterThanOrEqualTo(rounds);
    }

    /** Separate processes on one store: the ref compare-and-swap picks one winner per round; no lock is left behind. */
    @Test
    void writersInSeparateProcessesEitherWinOrFailCleanly() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("shared-store"));
        int writers = 3;
        int rounds = 3;
        List<Path> clones = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Path c = Files.createDirectories(tmp.resolve("clone" + w));
            Repository.builder(c).setStore(store.toUri()).init().close();
            clones.add(c);
        }
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        int wins = 0;
        for (int round = 0; round < rounds; round++) {
            List<Process> children = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                TreeFixture.writeRandom(clones.get(w), "w" + w + "/r" + round + ".bin", 300_000, round * 10 + w);
                children.add(new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), "commit", clones.get(w).toString()).redirectErrorStream(true).start());
            }
            int roundWins = 0;
            for (Process c : children) {
                String out = new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (c.waitFor() == 0) {
                    assertThat(out).contains("DONE");
                    roundWins++;
                } else {
                    assertThat(out).as("a loser fails with a clear reason").contains("ConcurrentUpdateException");
                }
            }
            assertThat(roundWins).as("round " + round).isGreaterThanOrEqualTo(1);
            wins += roundWins;
            for (Path c : clones) {
                // every clone catches up by re-reading the branch; a clone that lost commits again next round
                try (Repository repo = Repository.open(c)) {
                    assertThat(repo.head()).isPresent();
                }
            }
        }
        try (Repository repo = Repository.open(clones.get(0))) {
            assertThat(repo.log().call()).hasSize(wins);
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
        }
    }
}
