package org.damnit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every {@link Store} passes. Extend it, return a fresh empty store from
 * {@link #newStore()}, and run it with JUnit. Shipped in the {@code damnit-core} test-jar. The ref
 * tests are skipped for a store whose capabilities say it must not be written
 * ({@link StoreCapabilities#safeToWrite()} false: e.g. S3 without conditional writes or the
 * single-writer opt-in), which then refuses ref updates.
 */
public abstract class StoreContractTest {
    protected Store store;

    /** A new, empty store. It is closed after each test. */
    protected abstract Store newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected void put(String key, byte[] data) throws IOException {
        store.put(key, new ByteArrayInputStream(data), data.length);
    }

    protected byte[] get(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws IOException {
        put("data/ab/abc", bytes("hello"));
        assertThat(get("data/ab/abc")).isEqualTo(bytes("hello"));
        assertThat(store.size("data/ab/abc")).contains(5L);
    }

    @Test
    void emptyObjectsAreObjects() throws IOException {
        put("empty", new byte[0]);
        assertThat(get("empty")).isEmpty();
        assertThat(store.size("empty")).contains(0L);
    }

    @Test
    void largeObjectStreamsThrough() throws IOException {
        byte[] big = new byte[9 * 1024 * 1024 + 17];
        new Random(1).nextBytes(big);
        put("big/one", big);
        assertThat(get("big/one")).isEqualTo(big);
    }

    @Test
    void putOfALocalFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path f = dir.resolve("pack.tmp");
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        java.nio.file.Files.write(f, data);
        store.put("packs/ab/cd", f);
        assertThat(get("packs/ab/cd")).isEqualTo(data);
        assertThatThrownBy(() -> store.put("packs/ab/cd", f)).isInstanceOf(FileAlreadyExistsException.class);
        java.nio.file.Files.delete(f);
        assertThat(get("packs/ab/cd")).as("the stored object outlives the source file").isEqualTo(data);
    }

    @Test
    void objectsAreWriteOnce() throws IOException {
        put("k", bytes("first"));
        assertThatThrownBy(() -> put("k", bytes("second"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(get("k")).isEqualTo(bytes("first"));
    }

    @Test
    void shortStreamStoresNothing() {
        assertThatThrownBy(() -> store.put("k", new ByteArrayInputStream(bytes("abc")), 10))
            .isInstanceOf(IOException.class);
        assertThat(sizeOf("k")).isEmpty();
    }

    @Test
    void longStreamStoresNothing() {
        assertThatThrownBy(() -> store.put("k", new ByteArrayInputStream(bytes("abcdef")), 3))
            .isInstanceOf(IOException.class);
        assertThat(sizeOf("k")).isEmpty();
    }

    @Test
    void failingStreamStoresNothing() {
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100) {
                    throw new IOException("disk on fire");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.put("k", failing, 1000)).isInstanceOf(IOException.class);
        assertThat(sizeOf("k")).isEmpty();
    }

    private Optional<Long> sizeOf(String key) {
        try {
            return store.size(key);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void absentObjects() throws IOException {
        assertThatThrownBy(() -> store.get("nope")).isInstanceOf(NoSuchFileException.class);
        assertThat(store.size("nope")).isEmpty();
        assertThat(store.delete("nope")).isFalse();
    }

    @Test
    void rangedReads() throws IOException {
        put("r", bytes("0123456789"));
        try (InputStream in = store.get("r", 2, 4)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("2345"));
        }
        try (InputStream in = store.get("r", 8, 100)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("89"));
        }
        try (InputStream in = store.get("r", 20, 5)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> store.get("r", -1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listingIsSortedAndFilteredByPrefix() throws IOException {
        for (String k : List.of("trees/bb/2", "data/ab/1", "data/aa/2", "data/ab/0", "data.idx")) {
            put(k, bytes(k));
        }
        try (Stream<String> s = store.list("data/")) {
            assertThat(s.toList()).containsExactly("data/aa/2", "data/ab/0", "data/ab/1");
        }
        try (Stream<String> s = store.list("data")) {
            assertThat(s.toList()).containsExactly("data.idx", "data/aa/2", "data/ab/0", "data/ab/1");
        }
        try (Stream<String> s = store.list("")) {
            assertThat(s.toList()).containsExactly("data.idx", "data/aa/2", "data/ab/0", "data/ab/1", "trees/bb/2");
        }
        try (Stream<String> s = store.list("zzz/")) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void deleteRemoves() throws IOException {
        put("a/b", bytes("x"));
        assertThat(store.delete("a/b")).isTrue();
        assertThat(store.size("a/b")).isEmpty();
        try (Stream<String> s = store.list("")) {
            assertThat(s.toList()).isEmpty();
        }
        put("a/b", bytes("y")); // a deleted key can be written again
        assertThat(get("a/b")).isEqualTo(bytes("y"));
    }

    @Test
    void invalidKeysAreRejected() {
        for (String k : new String[] {"", "/abs", "a/../b", "a//b", "trailing/", "sp ace", "a/./b", "..", "nul\0"}) {
            assertThatThrownBy(() -> put(k, bytes("x"))).as(k).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.get(k)).as(k).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refsCompareAndSet() throws IOException {
        assumeTrue(store.capabilities().safeToWrite(), "the store refuses ref updates: " + store.capabilities());
        assertThat(store.readRef("heads/main")).isEmpty();
        assertThat(store.compareAndSetRef("heads/main", Optional.of("x"), Optional.of("a"))).isFalse();
        assertThat(store.compareAndSetRef("heads/main", Optional.empty(), Optional.of("a"))).isTrue();
        assertThat(store.compareAndSetRef("heads/main", Optional.empty(), Optional.of("b"))).isFalse();
        assertThat(store.compareAndSetRef("heads/main", Optional.of("a"), Optional.of("b"))).isTrue();
        assertThat(store.readRef("heads/main")).contains("b");
        assertThat(store.compareAndSetRef("tags/v1", Optional.empty(), Optional.of("c"))).isTrue();
        try (Stream<String> s = store.listRefs("")) {
            assertThat(s.toList()).containsExactly("heads/main", "tags/v1");
        }
        try (Stream<String> s = store.list("")) {
            assertThat(s.toList()).as("refs are not objects").isEmpty();
        }
        assertThat(store.compareAndSetRef("tags/v1", Optional.of("c"), Optional.empty())).isTrue();
        assertThat(store.readRef("tags/v1")).isEmpty();
    }

    @Test
    void concurrentRefUpdatesHaveOneWinner() throws Exception {
        assumeTrue(store.capabilities().safeToWrite(), "the store refuses ref updates: " + store.capabilities());
        assertThat(store.compareAndSetRef("heads/main", Optional.empty(), Optional.of("base"))).isTrue();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String value = "v" + i;
                Callable<Boolean> c = () -> {
                    go.await();
                    return store.compareAndSetRef("heads/main", Optional.of("base"), Optional.of(value));
                };
                results.add(pool.submit(c));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.readRef("heads/main").orElseThrow()).startsWith("v");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneIntactObject() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.put("same", new ByteArrayInputStream(data), data.length);
                        return true;
                    } catch (FileAlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isGreaterThanOrEqualTo(1);
            assertThat(get("same")).isEqualTo(data);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void capabilitiesAreDeclared() {
        StoreCapabilities c = store.capabilities();
        assertThat(c).isNotNull();
        assertThat(c.maxObjectSize()).isPositive();
    }
}
