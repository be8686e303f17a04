package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.damnit.cli.Cli.damnit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.damnit.Repository;
import org.damnit.store.Store;
import org.damnit.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fetch says so when a remote branch moved sideways, as git reports a forced update; pull exits non-zero. */
class ForcedUpdateCliTest {
    @TempDir
    Path tmp;

    @Test
    void aSidewaysMoveIsReportedByFetchAndFailsPull() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        URI remote = tmp.resolve("remote").toUri();
        String first;
        String second;
        try (Repository repo = Repository.init(a)) {
            Files.writeString(a.resolve("x.txt"), "one");
            first = repo.commit().setMessage("one").call().commit().orElseThrow().id().toHex();
            Files.writeString(a.resolve("x.txt"), "two");
            second = repo.commit().setMessage("two").call().commit().orElseThrow().id().toHex();
            repo.addRemote("origin", remote);
            repo.push().call();
        }
        Path b = tmp.resolve("b");
        Repository.cloneFrom(remote, b).close();
        try (Store s = Stores.open(remote, false)) {
            assertThat(s.compareAndSetRef("heads/main", Optional.of(second), Optional.of(first))).isTrue();
        }
        Cli.Run fetch = damnit(b, "fetch");
        assertThat(fetch.code()).isZero();
        assertThat(fetch.out()).contains("(forced update)").contains(second.substring(0, 12) + "..." + first.substring(0, 12));
        assertThat(fetch.err()).contains("forced update of origin/main").contains("no longer contains");
        try (Store s = Stores.open(remote, false)) {
            assertThat(s.compareAndSetRef("heads/main", Optional.of(first), Optional.of(second))).isTrue();
        }
        assertThat(damnit(b, "fetch").out()).as("forward again").doesNotContain("forced");
        try (Store s = Stores.open(remote, false)) {
            assertThat(s.compareAndSetRef("heads/main", Optional.of(second), Optional.of(first))).isTrue();
        }
        Cli.Run refused = damnit(b, "pull");
        assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("forced update of origin/main").contains("nothing was pulled")
            .doesNotContain("Exception");
    }
}
