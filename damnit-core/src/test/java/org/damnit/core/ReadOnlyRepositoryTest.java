package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.damnit.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading never needs writing: a repository on a read-only file system (a snapshot, a read-only
 * export), or on a full disk, still verifies and restores elsewhere. Real mounts: a small tmpfs,
 * remounted read-only or filled up (needs root, as in CI).
 */
class ReadOnlyRepositoryTest {
    @TempDir
    Path tmp;
    private Path mounted;

    private Path mount(String size) throws Exception {
        Path m = Files.createDirectories(tmp.resolve("mnt"));
        boolean root = "root".equals(System.getProperty("user.name"));
        int rc = root ? run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", m.toString()) : -1;
        if (rc != 0) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("cannot mount a tmpfs (needs root): " + rc);
            }
            Assumptions.abort("needs root to mount a tmpfs");
        }
        mounted = m;
        return m;
    }

    private static int run(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start().waitFor();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
        }
    }

    private static Map<String, String> commitTwoVersions(Path p) throws Exception {
        TreeFixture.writeRandom(p, "reads/a.bin", 3_000_000, 1);
        TreeFixture.write(p, "notes.txt", "v1\n");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            TreeFixture.writeRandom(p, "reads/b.bin", 2_000_000, 2);
            TreeFixture.write(p, "notes.txt", "v2\n");
            repo.commit().setMessage("v2").call();
        }
        return TreeFixture.snapshot(p);
    }

    private void readEverything(Path p, Map<String, String> expected) throws Exception {
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.verify().setReadData(true).call().problems()).isEmpty();
            Path out = tmp.resolve("out-" + System.nanoTime());
            repo.restore().setTarget(out).call();
            assertThat(TreeFixture.snapshot(out)).isEqualTo(expected);
            repo.restore().setRevision("HEAD~1").addPath("notes.txt").setTarget(tmp.resolve("old-" + System.nanoTime()))
                .call();
            assertThat(repo.log().call()).hasSize(2);
            assertThat(repo.status().call()).isEmpty();
            assertThat(repo.find().addExpression("path~*.bin").call()).hasSize(2);
            try (var in = repo.openFile("HEAD", "reads/b.bin")) {
                assertThat(in.readAllBytes()).hasSize(2_000_000);
            }
        }
    }

    @Test
    void aRepositoryOnAReadOnlyFileSystemVerifiesAndRestores() throws Exception {
        Path p = Files.createDirectories(mount("64m").resolve("p"));
        Map<String, String> expected = commitTwoVersions(p);
        expected.keySet().removeIf(k -> k.startsWith(".damnit"));
        WorkTree.deleteRecursively(p.resolve(".damnit/cache")); // the worst case: the cache must be rebuilt
        assertThat(run("mount", "-o", "remount,ro", mounted.toString())).isZero();
        assertThatThrownBy(() -> Files.createFile(p.resolve("probe"))).isInstanceOf(IOException.class);

        readEverything(p, expected);
    }

    @Test
    void aRepositoryOnAFullDiskVerifiesAndRestoresElsewhere() throws Exception {
        Path p = Files.createDirectories(mount("24m").resolve("p"));
        Map<String, String> expected = commitTwoVersions(p);
        expected.keySet().removeIf(k -> k.startsWith(".damnit"));
        WorkTree.deleteRecursively(p.resolve(".damnit/cache"));
        try (OutputStream out = Files.newOutputStream(mounted.resolve("filler"))) {
            byte[] block = new byte[1 << 16];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
        readEverything(p, expected);
    }
}
