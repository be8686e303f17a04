package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.damnit.CorruptObjectException;
import org.damnit.Repository;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checksum-valid crafted trees nested thousands of directories deep (they can arrive by fetch or clone). */
class DeepTreeTest { // in a memory store: thousands of fsynced tree objects would only measure the disk
    @TempDir
    Path tmp;

    @Test
    void aTreeDeeperThanAnyFileSystemIsAClearErrorEverywhereAndVerifyNamesIt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "ok.txt", "ok\n");
        try (Repository repo = Repository.builder(p).setStore(java.net.URI.create("mem:" + java.util.UUID.randomUUID())).init()) {
            repo.commit().setMessage("v1").call();
            Crafted.deepTree(repo, "ok.txt", 6_000, "deep");

            assertThatThrownBy(() -> repo.restore().setRevision("deep").setTarget(tmp.resolve("out")).call())
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining("nested more than 4096");
            assertThatThrownBy(() -> repo.listTree("deep")).hasMessageContaining("nested more than 4096");
            assertThatThrownBy(() -> repo.diff().setOld("HEAD").setNew("deep").call()).hasMessageContaining("nested");
            assertThatThrownBy(() -> repo.find().setRevision("deep").addExpression("path~*").call())
                .hasMessageContaining("nested");
            // the file outside the deep branch still restores
            repo.restore().setRevision("deep").addPath("ok.txt").setTarget(tmp.resolve("one")).call();
            assertThat(Files.readString(tmp.resolve("one/ok.txt"))).isEqualTo("ok\n");

            VerifyResult v = repo.verify().call();
            assertThat(v.problems()).hasSize(1);
            assertThat(v.problems().get(0).reason()).contains("nested more than 4096");
            assertThat(repo.summary("deep").files()).isEqualTo(2);
            repo.gc().setGracePeriod(java.time.Duration.ZERO).call();
            assertThat(repo.verify().setReadData(true).call().problems()).hasSize(1);
        }
    }

    /** Below the bound, every walk keeps its stack on the heap: it works on a thread with a tiny stack. */
    @Test
    void deepButLegalTreesWalkWithoutTheCallStack() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("q"));
        TreeFixture.write(p, "ok.txt", "ok\n");
        try (Repository repo = Repository.builder(p).setStore(java.net.URI.create("mem:" + java.util.UUID.randomUUID())).init()) {
            repo.commit().setMessage("v1").call();
            Crafted.deepTree(repo, "ok.txt", 4_000, "deep");
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread t = new Thread(null, () -> {
                try {
                    assertThat(repo.listTree("deep")).hasSize(4_003);
                    assertThat(repo.verify().call().problems()).isEmpty();
                    assertThat(repo.summary("deep").files()).isEqualTo(2);
                    assertThat(repo.diff().setOld("HEAD").setNew("deep").call()).hasSize(1);
                    repo.gc().setGracePeriod(java.time.Duration.ZERO).call();
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "small-stack", 256 * 1024);
            t.start();
            t.join();
            assertThat(failed.get()).isNull();
        }
    }
}
