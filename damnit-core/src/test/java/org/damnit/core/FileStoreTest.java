package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() throws Exception {
        return new FileStore(dir.resolve("store"), true);
    }

    @Test
    void failedPutsLeaveNoTemporaryFiles() throws Exception {
        // a stream shorter than its declared length: the put must fail, and leave nothing behind
        org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> store.put("x", new ByteArrayInputStream(new byte[3]), 10)).isInstanceOf(java.io.IOException.class);
        assertThat(store.size("x")).isEmpty();
        try (Stream<Path> s = Files.list(dir.resolve("store/tmp"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void reopeningSeesTheSameObjectsAndRefs() throws Exception {
        put("data/aa/1", bytes("one"));
        store.compareAndSetRef("heads/main", java.util.Optional.empty(), java.util.Optional.of("abc"));
        try (Store again = new FileStore(dir.resolve("store"), false)) {
            assertThat(again.readRef("heads/main")).contains("abc");
            assertThat(again.size("data/aa/1")).contains(3L);
        }
    }
}
