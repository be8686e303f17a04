package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
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
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One remote on s3rver, which ignores {@code If-None-Match}, shared by two clones: refused without the
 * single-writer opt-in; with it, pushes at the same time never lose a commit.
 */
class SharedRemoteOnS3rverTest {
    private static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    @Test
    void withoutTheOptInARepositoryOrRemoteThereIsRefused() throws Exception {
        URI uri = S3rverServer.store("shared", "refused-" + System.nanoTime(), "");
        Path p = Files.createDirectories(tmp.resolve("p"));
        assertThatThrownBy(() -> Repository.builder(p).setStore(uri).init()).isInstanceOf(DamnitException.class)
            .hasMessageContaining("If-None-Match").hasMessageContaining("singleWriter=true")
            .hasMessageContaining(S3rverServer.endpoint().toString());
        assertThat(p.resolve(".damnit")).as("nothing half-made left").doesNotExist();
        try (Repository local = Repository.init(tmp.resolve("local"))) {
            assertThatThrownBy(() -> local.addRemote("origin", uri)).isInstanceOf(DamnitException.class)
                .hasMessageContaining("lose a commit");
        }
    }

    @Test
    void aSecondWriterIsRefusedWhileTheLeaseIsHeld() throws Exception {
        URI uri = S3rverServer.store("shared", "lease-" + System.nanoTime(), "&singleWriter=true");
        byte[] d = {1, 2, 3};
        try (Store first = new S3StoreProvider().open(uri, true)) {
            first.put("packs/aa/one", new ByteArrayInputStream(d), d.length);
            try (Store second = new S3StoreProvider().open(uri, false)) {
                assertThatThrownBy(() -> second.put("packs/aa/two", new ByteArrayInputStream(d), d.length))
                    .isInstanceOf(IOException.class).hasMessageContaining("another process is writing to it")
                    .hasMessageContaining("lease until");
                assertThat(second.size("packs/aa/two")).isEmpty();
                assertThatThrownBy(() -> second.compareAndSetRef("heads/main", java.util.Optional.empty(),
                    java.util.Optional.of("b".repeat(64)))).hasMessageContaining("another process is writing to it");
                // a ref update ends a unit of writing and lets the next writer in
                assertThat(first.compareAndSetRef("heads/main", java.util.Optional.empty(),
                    java.util.Optional.of("a".repeat(64)))).isTrue();
                second.put("packs/aa/two", new ByteArrayInputStream(d), d.length);
                assertThatThrownBy(() -> first.put("packs/aa/three", new ByteArrayInputStream(d), d.length))
                    .hasMessageContaining("another process is writing to it");
                second.close(); // so does closing the store
                first.put("packs/aa/three", new ByteArrayInputStream(d), d.length);
                assertThat(first.readRef("heads/main")).contains("a".repeat(64));
            }
        }
    }

    @Test
    void concurrentPushesNeverLoseACommit() throws Exception {
        URI remote = S3rverServer.store("shared", "push-" + System.nanoTime(), "&singleWriter=true");
        Path a = Files.createDirectories(tmp.resolve("a"));
        Set<ObjectId> pushed = new HashSet<>();
        try (Repository repo = Repository.init(a)) {
            Files.writeString(a.resolve("base.txt"), "base\n");
            repo.commit().setMessage("base").call();
            repo.addRemote("origin", remote);
            pushed.add(repo.push().call().newCommit().orElseThrow());
        }
        Path[] dirs = {a, tmp.resolve("b0")};
        Repository.cloneFrom(remote, dirs[1]).close();
        Repository checker = Repository.cloneFrom(remote, tmp.resolve("checker"));
        int wins = 0;
        List<String> refusals = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ObjectId>> results = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    Path dir = dirs[w];
                    String name = "w" + w + "-r" + round;
                    results.add(pool.submit(() -> {
                        try (Repository r = Repository.open(dir)) {
                            byte[] data = new byte[20_000 + Math.floorMod(name.hashCode(), 1000)];
                            new java.util.Random(name.hashCode()).nextBytes(data);
                            Files.write(dir.resolve(name + ".bin"), data);
                            ObjectId c = r.commit().setMessage(name).call().commit().orElseThrow().id();
                            go.await();
                            try {
                                r.push().call();
                                return c;
                            } catch (DamnitException e) {
                                synchronized (refusals) {
                                    refusals.add(e.getMessage());
                                }
                                return null;
                            }
                        }
                    }));
                }
                go.countDown();
                boolean[] refused = new boolean[2];
                for (int w = 0; w < 2; w++) {
                    ObjectId c = results.get(w).get();
                    if (c != null) {
                        pushed.add(c);
                        wins++;
                    }
                    refused[w] = c == null;
                }
                Set<ObjectId> onRemote = remoteHistory(checker);
                assertThat(onRemote).as("round %d: every push that succeeded is in the remote's history", round)
                    .containsAll(pushed);
                // a writer whose push was refused starts the next round from the remote again
                for (int w = 0; w < 2; w++) {
                    if (!refused[w] && results.size() == 2 && wins > 0 && remoteHead(checker).equals(results.get(w).get())) {
                        continue;
                    }
                    Path fresh = tmp.resolve("w" + w + "-" + round);
                    Repository.cloneFrom(remote, fresh).close();
                    dirs[w] = fresh;
                }
            }
        } finally {
            pool.shutdownNow();
            checker.close();
        }
        System.out.println("concurrent pushes: " + wins + " of " + 2 * ROUNDS + " went through; refused: " + refusals);
        assertThat(wins).as("pushes went through").isPositive();
        assertThat(refusals).as("every refused push said why").allSatisfy(m -> assertThat(m)
            .containsAnyOf("another process is writing", "pull", "moved while pushing", "lease"));
    }

    private static ObjectId remoteHead(Repository checker) throws Exception {
        return checker.log().setRevision("origin/main").setMaxCount(1).call().get(0).id();
    }

    /** The commits of the remote's branch, as a fetch brings them. */
    private static Set<ObjectId> remoteHistory(Repository checker) throws Exception {
        checker.fetch().call();
        Set<ObjectId> ids = new HashSet<>();
        for (Commit c : checker.log().setRevision("origin/main").call()) {
            ids.add(c.id());
        }
        return ids;
    }
}
