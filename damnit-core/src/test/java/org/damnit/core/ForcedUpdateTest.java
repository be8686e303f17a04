package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.damnit.ConcurrentUpdateException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.TransferResult;
import org.damnit.store.Store;
import org.damnit.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote branch that moved sideways since the last fetch is reported, and pull refuses it. */
class ForcedUpdateTest {
    @TempDir
    Path tmp;

    @Test
    void fetchReportsAForcedUpdateAndPullRefusesIt() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        URI remote = tmp.resolve("remote").toUri();
        ObjectId first;
        ObjectId second;
        try (Repository repo = Repository.init(a)) {
            TreeFixture.write(a, "x.txt", "one");
            first = repo.commit().setMessage("one").call().commit().orElseThrow().id();
            TreeFixture.write(a, "x.txt", "two");
            second = repo.commit().setMessage("two").call().commit().orElseThrow().id();
            repo.addRemote("origin", remote);
            repo.push().call();
        }
        Path b = tmp.resolve("b");
        try (Repository clone = Repository.cloneFrom(remote, b)) {
            TransferResult forward = clone.fetch().call();
            assertThat(forward.forcedUpdate()).as("nothing moved").isFalse();
            // the remote branch loses its newest commit (as a second writer could make it)
            try (Store s = Stores.open(remote, false)) {
                assertThat(s.compareAndSetRef("heads/main", Optional.of(second.toHex()), Optional.of(first.toHex()))).isTrue();
            }
            TransferResult f = clone.fetch().call();
            assertThat(f.forcedUpdate()).isTrue();
            assertThat(f.oldCommit()).contains(second);
            assertThat(f.newCommit()).contains(first);
            assertThat(clone.fetch().call().forcedUpdate()).as("reported once, as git does").isFalse();
            try (Store s = Stores.open(remote, false)) {
                assertThat(s.compareAndSetRef("heads/main", Optional.of(first.toHex()), Optional.of(second.toHex()))).isTrue();
            }
            assertThat(clone.fetch().call().forcedUpdate()).as("forward again").isFalse();
            try (Store s = Stores.open(remote, false)) {
                assertThat(s.compareAndSetRef("heads/main", Optional.of(second.toHex()), Optional.of(first.toHex()))).isTrue();
            }
            assertThatThrownBy(() -> clone.pull().call()).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("forced update of origin/main").hasMessageContaining(second.abbreviate(12));
            assertThat(clone.head()).as("the branch stays").contains(second);
        }
    }
}
