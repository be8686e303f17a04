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
}
