package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.damnit.AlreadyExistsException;
import org.damnit.BadArgumentException;
import org.damnit.BadNameException;
import org.damnit.BadPathException;
import org.damnit.NotFoundException;
import org.damnit.RefusedException;
import org.damnit.Repository;
import org.damnit.UncommittedChangesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors by meaning: a bad branch, tag or remote name is a bad name, not a bad path; a taken name is "already exists". */
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

    @Test
    void errorsSayWhatIsWrong(@TempDir Path dir) throws Exception {
        try (Repository repo = Repository.init(dir)) {
            assertThatThrownBy(() -> repo.commit().call()).isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("needs a message");
            TreeFixture.writeRandom(dir, "a.bin", 1000, 1);
            repo.commit().setMessage("one").call();
            repo.createTag("v1", "HEAD");
            assertThatThrownBy(() -> repo.createTag("v1", "HEAD")).isInstanceOf(AlreadyExistsException.class);
            repo.createBranch("side", "HEAD");
            assertThatThrownBy(() -> repo.createBranch("side", "HEAD")).isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> repo.deleteBranch("main")).isInstanceOf(RefusedException.class)
                .isNotInstanceOf(UncommittedChangesException.class).hasMessageContaining("current branch");
            assertThatThrownBy(() -> repo.find().addExpression("size>lots").call())
                .isInstanceOf(BadArgumentException.class).isNotInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.setMetadata("a.bin", Map.of("bad key", "x")))
                .isInstanceOf(BadArgumentException.class).isNotInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.setMetadata("missing.bin", Map.of("k", "x"))).isInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.log().setRevision("nope").call()).isInstanceOf(NotFoundException.class);
        }
    }
}
