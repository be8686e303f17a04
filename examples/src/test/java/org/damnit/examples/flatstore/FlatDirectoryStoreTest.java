package org.damnit.examples.flatstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.Repository;
import org.damnit.store.Store;
import org.damnit.store.StoreContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example backend passes the conformance suite, and a repository runs on it through its URI. */
class FlatDirectoryStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() throws Exception {
        return new FlatDirectoryStore(dir.resolve("flat"));
    }

    @Test
    void aRepositoryCanLiveInIt() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("sample.vcf"), "##fileformat=VCFv4.2\n");
        URI uri = URI.create("flat:" + dir.resolve("repo-store").toAbsolutePath());
        try (Repository repo = Repository.builder(project).setStore(uri).init()) {
            repo.commit().setMessage("first").call();
            Path out = dir.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.readString(out.resolve("sample.vcf"))).isEqualTo("##fileformat=VCFv4.2\n");
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
    }
}
