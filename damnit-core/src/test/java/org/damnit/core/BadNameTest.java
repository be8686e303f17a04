package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.damnit.BadNameException;
import org.damnit.BadPathException;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad branch, tag or remote name is a bad name, not a bad path. */
class BadNameTest {
    @Test
    void badNamesAreBadNameExceptions(@TempDir Path dir) throws Exception {
        try (Repository repo = Repository.init(dir)) {
            TreeFixture.writeRandom(dir, "a.bin", 1000, 1);
            repo.commit().setMessage("one").call();
            assertThatThrownBy(() -> repo.createBranch("../x", "HEAD")).isInstanceOf(BadNameException.class)
                .isNotInstanceOf(BadPathException.class).hasMessageContaining("bad branch name");
            assertThatThrownBy(() -> repo.createTag("-v1", "HEAD")).isInstanceOf(BadNameException.class)
                .hasMessageContaining("bad tag name");
            assertThatThrownBy(() -> repo.switchBranch("a//b")).isInstanceOf(BadNameException.class);
            assertThatThrownBy(() -> repo.addRemote("bad/name", URI.create("mem:x")))
                .isInstanceOf(BadNameException.class).hasMessageContaining("bad remote name");
            assertThatThrownBy(() -> repo.openFile("HEAD", "../etc/passwd")).isInstanceOf(BadPathException.class);
        }
    }
}
