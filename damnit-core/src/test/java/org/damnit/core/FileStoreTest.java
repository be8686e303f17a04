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
    void aListingSeesEveryKeyThatStaysWhileOthersComeAndGoWithTheirDirectories() throws Exception {
        put("leases/kept", bytes("kept"));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread churn = new Thread(() -> { // a key in a directory of its own: deleting it prunes the directory
            try {
                for (int i = 0; !stop.get(); i++) {
                    put("leases/d" + (i % 3) + "/gone", bytes("x"));
                    store.delete("leases/d" + (i % 3) + "/gone");
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        churn.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                try (Stream<String> keys = store.list("leases/")) {
                    assertThat(keys.toList()).as("listing " + i).contains("leases/kept");
                }
            }
        } finally {
            stop.set(true);
            churn.join();
        }
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
