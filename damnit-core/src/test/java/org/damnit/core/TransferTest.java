package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.damnit.Commit;
import org.damnit.ConcurrentUpdateException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.StorageException;
import org.damnit.TransferResult;
import org.damnit.UncommittedChangesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferTest {
    @TempDir
    Path tmp;

    private URI remoteUri(String name) {
        return tmp.resolve(name).toUri();
    }

    @Test
    void pushCloneRestoreEveryVersionThenPullForward() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        List<ObjectId> ids = new ArrayList<>();
        List<Map<String, String>> snaps = new ArrayList<>();
        try (Repository repo = Repository.init(a)) {
            for (int v = 0; v < 3; v++) {
                TreeFixture.writeRandom(a, "reads/s.bin", 700_000 + v, v);
                TreeFixture.write(a, "v.txt", "v" + v);
                ids.add(repo.commit().setMessage("v" + v).call().commit().orElseThrow().id());
                snaps.add(TreeFixture.snapshot(a));
            }
            repo.addRemote("origin", remoteUri("remote"));
            TransferResult pushed = repo.push().call();
            assertThat(pushed.objects()).isPositive();
            assertThat(pushed.newCommit()).contains(ids.get(2));
            assertThat(repo.push().call().objects()).as("nothing left to send").isZero();
        }
        Path b = tmp.resolve("b");
        try (Repository clone = Repository.cloneFrom(remoteUri("remote"), b)) {
            assertThat(clone.log().call()).extracting(Commit::id).containsExactly(ids.get(2), ids.get(1), ids.get(0));
            assertThat(TreeFixture.snapshot(b)).isEqualTo(snaps.get(2));
            for (int v = 0; v < 3; v++) {
                Path out = tmp.resolve("out" + v);
                clone.restore().setRevision(ids.get(v).toHex()).setTarget(out).call();
                assertThat(TreeFixture.snapshot(out)).isEqualTo(snaps.get(v));
            }
            assertThat(clone.verify().setReadData(true).call().ok()).isTrue();
            TreeFixture.write(b, "from-b.txt", "b was here");
            ObjectId fromB = clone.commit().setMessage("from b").call().commit().orElseThrow().id();
            clone.push().call();
            try (Repository repo = Repository.open(a)) {
                TransferResult pulled = repo.pull().call();
                assertThat(pulled.newCommit()).contains(fromB);
                assertThat(repo.head()).contains(fromB);
                assertThat(Files.readString(a.resolve("from-b.txt"))).isEqualTo("b was here");
            }
        }
    }

    @Test
    void pullRefusesUncommittedWorkAndDivergedHistory() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        try (Repository repo = Repository.init(a)) {
            TreeFixture.write(a, "x.txt", "1");
            repo.commit().setMessage("one").call();
            repo.addRemote("origin", remoteUri("r"));
            repo.push().call();
        }
        Path b = tmp.resolve("b");
        try (Repository clone = Repository.cloneFrom(remoteUri("r"), b); Repository repo = Repository.open(a)) {
            TreeFixture.write(b, "x.txt", "2");
            clone.commit().setMessage("two").call();
            clone.push().call();
            TreeFixture.write(a, "x.txt", "local edit");
            assertThatThrownBy(() -> repo.pull().call()).isInstanceOf(UncommittedChangesException.class);
            repo.commit().setMessage("diverging").call();
            assertThatThrownBy(() -> repo.pull().call()).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("diverged");
            assertThatThrownBy(() -> repo.push().call()).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("pull");
        }
    }

    @Test
    void concurrentPushesFromTwoClonesHaveExactlyOneWinner() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        try (Repository repo = Repository.init(a)) {
            TreeFixture.write(a, "base.txt", "base");
            repo.commit().setMessage("base").call();
            repo.addRemote("origin", remoteUri("r"));
            repo.push().call();
        }
        for (int round = 0; round < 5; round++) {
            Path c1 = tmp.resolve("c1-" + round);
            Path c2 = tmp.resolve("c2-" + round);
            List<ObjectId> heads = new ArrayList<>();
            try (Repository r1 = Repository.cloneFrom(remoteUri("r"), c1);
                 Repository r2 = Repository.cloneFrom(remoteUri("r"), c2)) {
                TreeFixture.writeRandom(c1, "one.bin", 300_000, round);
                TreeFixture.writeRandom(c2, "two.bin", 300_000, 100 + round);
                heads.add(r1.commit().setMessage("one").call().commit().orElseThrow().id());
                heads.add(r2.commit().setMessage("two").call().commit().orElseThrow().id());
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<TransferResult>> f = new ArrayList<>();
                    for (Repository r : List.of(r1, r2)) {
                        f.add(pool.submit(() -> {
                            go.await();
                            return r.push().call();
                        }));
                    }
                    go.countDown();
                    int wins = 0;
                    ObjectId winner = null;
                    for (int i = 0; i < 2; i++) {
                        try {
                            f.get(i).get();
                            wins++;
                            winner = heads.get(i);
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(ConcurrentUpdateException.class);
                        }
                    }
                    assertThat(wins).isEqualTo(1);
                    // the remote branch is the winner, complete; the loser's objects are there too
                    Path check = tmp.resolve("check-" + round);
                    try (Repository c = Repository.cloneFrom(remoteUri("r"), check)) {
                        assertThat(c.head()).contains(winner);
                        assertThat(c.verify().setReadData(true).call().ok()).isTrue();
                    }
                    // the loser keeps its commit and can still restore it
                    Repository loser = winner.equals(heads.get(0)) ? r2 : r1;
                    assertThat(loser.readCommit(loser.head().orElseThrow()).message()).isIn("one", "two");
                } finally {
                    pool.shutdownNow();
                }
                // next round starts from the new remote state
            }
        }
    }

    @Test
    void anInterruptedPushResumesWithoutResendingWhatArrived() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        String name = "remote-" + System.nanoTime();
        FaultyStoreProvider.Faulty remote = (FaultyStoreProvider.Faulty) new FaultyStoreProvider()
            .open(URI.create("faulty:" + name), true);
        try (Repository repo = Repository.init(a)) {
            for (int v = 0; v < 4; v++) {
                TreeFixture.writeRandom(a, "f" + v + ".bin", 400_000, v);
                repo.commit().setMessage("v" + v).call();
            }
            repo.addRemote("origin", URI.create("faulty:" + name));
            remote.failAfter.set(5);
            assertThatThrownBy(() -> repo.push().call()).isInstanceOf(StorageException.class)
                .hasMessageContaining("run the command again");
            int arrived = remote.puts.get();
            assertThat(arrived).isEqualTo(5);
            assertThat(remote.readRef("heads/main")).as("the branch moves only after everything arrived").isEmpty();
            remote.failAfter.set(Integer.MAX_VALUE);
            TransferResult resumed = repo.push().call();
            assertThat(resumed.skipped()).isEqualTo(arrived);
            assertThat(remote.puts.get()).isEqualTo(arrived + resumed.objects());
            assertThat(remote.readRef("heads/main")).contains(repo.head().orElseThrow().toHex());
        }
    }

    @Test
    void damagedObjectsFromARemoteAreRefusedAndNotKept() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        try (Repository repo = Repository.init(a)) {
            TreeFixture.writeRandom(a, "data.bin", 200_000, 1);
            repo.commit().setMessage("one").call();
            repo.addRemote("origin", remoteUri("r"));
            repo.push().call();
        }
        Path pack;
        try (java.util.stream.Stream<Path> s = Files.walk(tmp.resolve("r/objects/packs"))) {
            pack = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] raw = Files.readAllBytes(pack);
        raw[raw.length / 2] ^= 0x10;
        Files.write(pack, raw);
        Path b = tmp.resolve("b");
        assertThatThrownBy(() -> Repository.cloneFrom(remoteUri("r"), b))
            .isInstanceOf(org.damnit.CorruptObjectException.class).hasMessageContaining("damaged");
        try (java.util.stream.Stream<Path> s = Files.list(b)) {
            assertThat(s.toList()).as("a failed clone leaves nothing behind").isEmpty();
        }
    }

    @Test
    void aNetworkStoreIsReadThroughABoundedLocalCache() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        String name = "cached-" + System.nanoTime();
        FaultyStoreProvider.Faulty remote = (FaultyStoreProvider.Faulty) new FaultyStoreProvider()
            .open(URI.create("faulty:" + name), true);
        try (Repository repo = Repository.builder(a).setStore(URI.create("faulty:" + name)).init()) {
            TreeFixture.writeRandom(a, "data.bin", 500_000, 3);
            repo.commit().setMessage("one").call();
            int before = remote.packGets.get();
            repo.restore().setTarget(tmp.resolve("o1")).call();
            int packReads = remote.packGets.get() - before;
            // packs written by this repository were cached as they were sent
            WorkTree.deleteRecursively(a.resolve(".damnit/cache/objects"));
            before = remote.gets.get();
            repo.restore().setTarget(tmp.resolve("o2")).call();
            int cold = remote.gets.get() - before;
            before = remote.gets.get();
            repo.restore().setTarget(tmp.resolve("o3")).call();
            int warm = remote.gets.get() - before;
            assertThat(cold).as("a cold cache reads from the remote").isPositive();
            assertThat(warm).as("a warm cache does not").isZero();
            assertThat(packReads).isZero();
            assertThat(Files.readAllBytes(tmp.resolve("o3/data.bin"))).isEqualTo(Files.readAllBytes(a.resolve("data.bin")));
        }
    }

    @Test
    void unknownRemoteAndBadNamesAreClearErrors() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        try (Repository repo = Repository.init(a)) {
            assertThatThrownBy(() -> repo.push().setRemote("nowhere").call()).hasMessageContaining("no remote named");
            assertThatThrownBy(() -> repo.addRemote("bad/name", remoteUri("r"))).hasMessageContaining("bad remote name");
            repo.addRemote("origin", remoteUri("r"));
            assertThat(repo.remotes()).containsKey("origin");
            assertThatThrownBy(() -> repo.addRemote("origin", remoteUri("r2"))).hasMessageContaining("exists");
            assertThat(repo.removeRemote("origin")).isTrue();
            assertThat(repo.remotes()).isEmpty();
        }
        Path notEmpty = tmp.resolve("ne");
        TreeFixture.write(notEmpty, "x", "x");
        assertThatThrownBy(() -> Repository.cloneFrom(remoteUri("r"), notEmpty)).hasMessageContaining("not empty");
    }
}
