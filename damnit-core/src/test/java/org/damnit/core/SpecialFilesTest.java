package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.FileStatus;
import org.damnit.Repository;
import org.damnit.UncommittedChangesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FIFOs where files were: never opened (opening one blocks until a writer comes). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpecialFilesTest {
    @TempDir
    Path tmp;

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(pr.waitFor()).as("mkfifo " + p).isZero();
    }

    @Test
    void aFifoAtARestorePathIsAConflictNotAHangAndForceReplacesIt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.write(p, "done.flag", "ok\n");
        TreeFixture.write(p, "data.txt", "data\n");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            Files.delete(p.resolve("done.flag"));
            mkfifo(p.resolve("done.flag"));

            assertThat(repo.status().call()).extracting(FileStatus::path).contains("done.flag");
            assertThatThrownBy(() -> repo.restore().addPath("done.flag").call())
                .isInstanceOf(UncommittedChangesException.class).hasMessageContaining("done.flag");
            assertThat(Files.isRegularFile(p.resolve("done.flag"))).as("the FIFO is left alone").isFalse();

            repo.restore().addPath("done.flag").setForce(true).call();
            assertThat(Files.readString(p.resolve("done.flag"))).isEqualTo("ok\n");
        }
    }

    @Test
    void readingRefusesEverythingButRegularFiles() throws Exception {
        Path fifo = tmp.resolve("fifo");
        mkfifo(fifo);
        assertThatThrownBy(() -> RegularFiles.readAllBytes(fifo)).isInstanceOf(RegularFiles.NotRegularFileException.class)
            .hasMessageContaining("not a regular file");
        Files.createSymbolicLink(tmp.resolve("link"), fifo);
        assertThatThrownBy(() -> RegularFiles.open(tmp.resolve("link"))).isInstanceOf(RegularFiles.NotRegularFileException.class);
        assertThat(StatIndex.load(fifo).get("x")).as("a cache that is a FIFO is simply absent").isNull();
    }

    @Test
    void aFifoInsteadOfTheRepositoryConfigIsAClearError() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("c"));
        Repository.init(p).close();
        Files.delete(p.resolve(".damnit/config"));
        mkfifo(p.resolve(".damnit/config"));
        assertThatThrownBy(() -> Repository.open(p)).hasMessageContaining("not a regular file");
    }
}
