package org.damnit.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.damnit.store.Store;
import org.damnit.store.StoreContractTest;
import org.junit.jupiter.api.AfterEach;

/** The read cache in front of a network store keeps the whole store contract. */
class CachingStoreTest extends StoreContractTest {
    private Path dir;

    @Override
    protected Store newStore() throws Exception {
        dir = Files.createTempDirectory("damnit-cache");
        return new CachingStore(new MemoryStore(UUID.randomUUID().toString()), dir.resolve("objects"), 1 << 20);
    }

    @AfterEach
    void removeCache() throws Exception {
        WorkTree.deleteRecursively(dir);
    }
}
