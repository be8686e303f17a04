package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.damnit.CommitResult;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit downloads nothing it has just uploaded: not its pack indexes, not its commit. */
class CommitPathTest {
    @TempDir
    Path tmp;

    @Test
    void aCommitReadsNothingBackFromANetworkStore() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        String name = "commit-path-" + System.nanoTime();
        URI uri = URI.create("faulty:" + name);
        FaultyStoreProvider.Faulty remote = (FaultyStoreProvider.Faulty) new FaultyStoreProvider().open(uri, true);
        try (Repository repo = Repository.builder(a).setStore(uri).init()) {
            TreeFixture.setChunkSizes(a, 16 << 10, 64 << 10, 256 << 10);
        }
        try (Repository repo = Repository.open(a)) {
            for (int v = 1; v <= 3; v++) {
                TreeFixture.writeRandom(a, "data-" + v + ".bin", 600_000, v);
                remote.reads.clear();
                CommitResult r = repo.commit().setMessage("v" + v).call();
                assertThat(r.commit()).isPresent();
                String commitKey = StoreLayout.COMMITS.key(r.commit().get().id());
                List<String> readBack = remote.reads.stream()
                    .filter(k -> StoreLayout.PACK_INDEXES.holds(k) || k.equals(commitKey)).toList();
                assertThat(readBack).as("commit " + v + " read back what it wrote").isEmpty();
                assertThat(r.commit().get().message()).isEqualTo("v" + v);
            }
            // what was indexed from memory is what the store holds: a fresh index agrees
            Path fresh = tmp.resolve("fresh-cache");
            try (ChunkIndex rebuilt = new ChunkIndex(fresh, ((LocalRepository) repo).store())) {
                rebuilt.sync();
                ChunkIndex mine = ((LocalRepository) repo).chunks().index();
                assertThat(mine.size()).isEqualTo(rebuilt.size());
                for (TreeEntryChunk c : TreeEntryChunk.all((LocalRepository) repo)) {
                    assertThat(mine.find(c.id())).isEqualTo(rebuilt.find(c.id()));
                }
            }
            repo.restore().setTarget(tmp.resolve("out")).call();
            for (int v = 1; v <= 3; v++) {
                assertThat(Files.readAllBytes(tmp.resolve("out/data-" + v + ".bin")))
                    .isEqualTo(Files.readAllBytes(a.resolve("data-" + v + ".bin")));
            }
        }
    }

    /** A chunk named by a file of HEAD. */
    private record TreeEntryChunk(org.damnit.ObjectId id) {
        static List<TreeEntryChunk> all(LocalRepository repo) throws Exception {
            return repo.context().trees().headEntries().values().stream()
                .flatMap(n -> n.pieces().stream()).map(p -> new TreeEntryChunk(p.id())).toList();
        }
    }
}
