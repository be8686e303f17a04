package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.damnit.GcResult;
import org.damnit.ObjectId;
import org.damnit.ProgressListener;
import org.damnit.Repository;
import org.damnit.StorageException;
import org.damnit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** gc knows of active writers through their leases in the store, whatever its grace period. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LeaseTest {
    @TempDir
    Path tmp;

    /**
     * The race the grace period only made unlikely: a commit deduplicates against a chunk nothing
     * references, then {@code gc --grace 0s} runs before the commit moves its branch.
     */
    @Test
    void gcWithNoGraceWaitsForACommitThatDeduplicatedAgainstWhatItWouldDelete() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "base.txt", "base\n");
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            TreeFixture.writeRandom(p, "big.bin", 400_000, 9);
            ObjectId v2 = repo.commit().setMessage("v2").call().commit().orElseThrow().id();
            Store store = ((LocalRepository) repo).store();
            assertThat(store.compareAndSetRef("heads/main", Optional.of(v2.toHex()), Optional.of(v1.toHex()))).isTrue();
            Files.move(p.resolve("big.bin"), p.resolve("again.bin")); // the same bytes: every chunk deduplicates

            CompletableFuture<GcResult>[] gc = new CompletableFuture[1];
            boolean[] gcFinishedFirst = new boolean[1];
            repo.commit().setMessage("v3").setProgressListener(new ProgressListener() {
                @Override
                public void file(String path) {
                    if (path.equals("again.bin") && gc[0] == null) {
                        gc[0] = CompletableFuture.supplyAsync(() -> {
                            try {
                                return repo.gc().setGracePeriod(Duration.ZERO).call();
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
                        try {
                            gc[0].get(3, TimeUnit.SECONDS);
                            gcFinishedFirst[0] = true;
                        } catch (java.util.concurrent.TimeoutException waiting) {
                            // gc waits for this commit's lease
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }
                }
            }).call();
            assertThat(gcFinishedFirst[0]).as("gc did not delete while the commit was active").isFalse();
            GcResult r = gc[0].get(30, TimeUnit.SECONDS);
            assertThat(r.deleted()).as("it deleted v2's commit and tree after the commit had ended").isPositive();
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(TreeFixture.sha256sum(out.resolve("again.bin"))).isEqualTo(TreeFixture.sha256sum(p.resolve("again.bin")));
        }
    }

    @Test
    void aLeaseLeftByADeadProcessIsIgnoredAndALiveForeignOneMakesGcWaitThenRefuse() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("q"));
        TreeFixture.write(p, "a.txt", "a\n");
        long saved = Leases.ttlMillis;
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            TreeFixture.write(p, "b.txt", "b\n");
            ObjectId v2 = repo.commit().setMessage("v2").call().commit().orElseThrow().id();
            Store store = ((LocalRepository) repo).store();
            store.compareAndSetRef("heads/main", Optional.of(v2.toHex()), Optional.of(v1.toHex()));

            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            String host = java.net.InetAddress.getLocalHost().getHostName();
            lease(store, "w-" + (System.currentTimeMillis() + 3_600_000) + "-dead", host, gone.pid());
            assertThat(repo.gc().setGracePeriod(Duration.ZERO).call().deleted()).as("a killed writer blocks nothing")
                .isPositive();

            Leases.ttlMillis = 1_500;
            TreeFixture.write(p, "c.txt", "c\n");
            ObjectId v3 = repo.commit().setMessage("v3").call().commit().orElseThrow().id();
            store.compareAndSetRef("heads/main", Optional.of(v3.toHex()), Optional.of(v1.toHex()));
            lease(store, "w-" + (System.currentTimeMillis() + 3_600_000) + "-elsewhere", "another-host", 1);
            assertThatThrownBy(() -> repo.gc().setGracePeriod(Duration.ZERO).call())
                .isInstanceOf(StorageException.class).hasMessageContaining("gc deleted nothing")
                .hasMessageContaining("another-host");
            assertThat(repo.verify().call().problems()).isEmpty();
            assertThat(repo.readCommit(v3)).as("still there").isNotNull();
        } finally {
            Leases.ttlMillis = saved;
        }
    }

    private static void lease(Store store, String name, String host, long pid) throws Exception {
        byte[] b = ("{\"host\":\"" + host + "\",\"pid\":" + pid + ",\"start\":0}").getBytes(StandardCharsets.UTF_8);
        store.put(Leases.PREFIX + name, new ByteArrayInputStream(b), b.length);
    }
}
