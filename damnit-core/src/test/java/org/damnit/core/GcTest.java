package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.damnit.GcResult;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcTest {
    @TempDir
    Path tmp;

    private static long storeBytes(Path project) throws Exception {
        try (var s = Files.walk(project.resolve(".damnit/store/objects"))) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Moves the branch back to {@code to}, as an interrupted commit or a deleted side branch leaves things. */
    private static void resetBranch(Repository repo, ObjectId from, ObjectId to) throws Exception {
        LocalRepository local = (LocalRepository) repo;
        assertThat(local.store().compareAndSetRef("heads/main", Optional.of(from.toHex()), Optional.of(to.toHex())))
            .isTrue();
    }

    /**
     * v1; v2 adds L (kept) and G (garbage) in one pack; the branch goes back to v1 and v3 re-adds only L,
     * which deduplicates against v2's pack: that pack is then mostly garbage.
     */
    @Test
    void unreachableObjectsAreCondemnedThenDeletedAndMostlyGarbagePacksRepacked() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "keep.bin", 2_000_000, 1);
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            TreeFixture.writeRandom(p, "L.bin", 1_000_000, 2);
            TreeFixture.writeRandom(p, "G.bin", 4_000_000, 3);
            ObjectId v2 = repo.commit().setMessage("v2").call().commit().orElseThrow().id();
            resetBranch(repo, v2, v1);
            Files.delete(p.resolve("G.bin"));
            repo.commit().setMessage("v3").call();
            Map<String, String> v3Tree = TreeFixture.snapshot(p);
            long before = storeBytes(p);

            GcResult dry = repo.gc().setGracePeriod(Duration.ZERO).setDryRun(true).call();
            assertThat(dry.deleted()).isPositive();
            assertThat(storeBytes(p)).as("a dry run changes nothing").isEqualTo(before);

            GcResult first = repo.gc().call();
            assertThat(first.liveCommits()).isEqualTo(2);
            assertThat(first.condemned()).as("v2's commit and root tree, and the repacked pack + index").isGreaterThanOrEqualTo(4);
            assertThat(first.packsRepacked()).isEqualTo(1);
            assertThat(first.deleted()).as("within the grace period").isZero();
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();

            GcResult again = repo.gc().call();
            assertThat(again.packsRepacked()).as("a condemned pack is not repacked twice").isZero();
            assertThat(again.condemned()).isZero();
            assertThat(again.waiting()).isEqualTo(first.condemned());

            GcResult now = repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(now.deleted()).isGreaterThanOrEqualTo(first.condemned());
            assertThat(now.bytesDeleted()).isGreaterThan(3_000_000);
            assertThat(storeBytes(p)).isLessThan(before - 3_000_000);
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(TreeFixture.snapshot(out)).isEqualTo(v3Tree);
            repo.restore().setRevision("HEAD~1").setTarget(tmp.resolve("out1")).call();
            assertThat(tmp.resolve("out1/keep.bin")).hasSameBinaryContentAs(p.resolve("keep.bin"));
            assertThat(Files.exists(tmp.resolve("out1/L.bin"))).isFalse();

            TreeFixture.writeRandom(p, "G.bin", 4_000_000, 3);
            repo.commit().setMessage("G again, its old chunks are gone").call();
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
            repo.restore().setTarget(tmp.resolve("out4")).call();
            assertThat(tmp.resolve("out4/G.bin")).hasSameBinaryContentAs(p.resolve("G.bin"));
        }
    }

    @Test
    void condemnedObjectsThatBecomeReachableAgainAreKept() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "a.bin", 500_000, 1);
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            TreeFixture.writeRandom(p, "b.bin", 2_000_000, 2);
            ObjectId v2 = repo.commit().setMessage("v2").call().commit().orElseThrow().id();
            resetBranch(repo, v2, v1);
            GcResult first = repo.gc().setGracePeriod(Duration.ofMillis(1)).call();
            assertThat(first.condemned()).isPositive();
            resetBranch(repo, v1, v2); // someone pushed v2 after all
            Thread.sleep(5);
            GcResult second = repo.gc().setGracePeriod(Duration.ofMillis(1)).call();
            assertThat(second.deleted()).isZero();
            assertThat(second.rescued()).isEqualTo(first.condemned());
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
            repo.restore().setTarget(tmp.resolve("out")).call();
            assertThat(tmp.resolve("out/b.bin")).hasSameBinaryContentAs(p.resolve("b.bin"));
        }
    }

    @Test
    void leftoversOfInterruptedWritesAreRemoved() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "a.txt", "a");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            Path orphanTmp = Files.writeString(p.resolve(".damnit/tmp/pack-123.tmp"), "half a pack");
            LocalRepository local = (LocalRepository) repo;
            byte[] junk = new byte[1000];
            String orphanPack = StoreLayout.PACKS.key(ObjectId.of(new byte[32]));
            local.store().put(orphanPack, new java.io.ByteArrayInputStream(junk), junk.length);
            GcResult r = repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(r.deleted()).isEqualTo(1);
            assertThat(local.store().size(orphanPack)).isEmpty();
            assertThat(orphanTmp).doesNotExist();
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
        }
    }

    /**
     * One thread commits, sometimes re-adding content that an earlier reset made unreachable (so it
     * deduplicates against condemned packs); another runs gc in a loop with a grace period longer than
     * any of these commits. Every commit on the branch must restore, and verify must stay clean.
     */
    @Test
    void commitsAndGcRunConcurrentlyWithoutLosingAnything() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "base.bin", 300_000, 0);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("base").call();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> gcFailure = new AtomicReference<>();
            List<GcResult> runs = new ArrayList<>();
            Thread gc = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        runs.add(repo.gc().setGracePeriod(Duration.ofSeconds(2)).call());
                        Thread.sleep(50);
                    } catch (Throwable t) {
                        gcFailure.set(t);
                        return;
                    }
                }
            });
            gc.start();
            Random rnd = new Random(7);
            List<ObjectId> kept = new ArrayList<>();
            List<Map<String, String>> trees = new ArrayList<>();
            long deadline = System.nanoTime() + 12_000_000_000L;
            for (int round = 0; System.nanoTime() < deadline || round < 6; round++) {
                TreeFixture.writeRandom(p, "r" + (round % 4) + ".bin", 200_000 + rnd.nextInt(400_000), round / 2);
                ObjectId head = repo.head().orElseThrow();
                ObjectId c = repo.commit().setMessage("round " + round).call().commit().orElseThrow().id();
                if (round % 2 == 0) {
                    resetBranch(repo, c, head); // garbage; the next round writes the same content again
                } else {
                    kept.add(c);
                    trees.add(TreeFixture.snapshot(p));
                }
            }
            stop.set(true);
            gc.join();
            assertThat(gcFailure.get()).isNull();
            assertThat(runs.stream().mapToLong(GcResult::deleted).sum()).as("gc deleted things meanwhile").isPositive();
            assertThat(repo.gc().setGracePeriod(Duration.ZERO).call().liveCommits()).isEqualTo(kept.size() + 1);
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
            for (int i = 0; i < kept.size(); i++) {
                Path out = tmp.resolve("out" + i);
                repo.restore().setRevision(kept.get(i).toString()).setTarget(out).call();
                assertThat(TreeFixture.snapshot(out)).as("commit %d", i).isEqualTo(trees.get(i));
            }
        }
    }

    @Test
    void anUnreadableReachableTreeStopsGcBeforeItDeletesAnything() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "a/x.bin", 300_000, 1);
        try (Repository repo = Repository.init(p)) {
            ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            TreeFixture.writeRandom(p, "b.bin", 300_000, 2);
            ObjectId v2 = repo.commit().setMessage("v2").call().commit().orElseThrow().id();
            resetBranch(repo, v2, v1); // v2 is garbage now
            Path tree = ((LocalRepository) repo).context().paths().meta().resolve("store/objects")
                .resolve(ObjectKind.TREE.key(repo.readCommit(v1).tree()));
            byte[] b = Files.readAllBytes(tree);
            b[b.length / 2] ^= 0x41;
            Files.write(tree, b);
            long before = storeBytes(p);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> repo.gc().setGracePeriod(Duration.ZERO).call())
                .isInstanceOf(org.damnit.DamnitException.class).hasMessageContaining("trees/");
            assertThat(storeBytes(p)).as("nothing deleted, v2's objects included").isEqualTo(before);
        }
    }
}
