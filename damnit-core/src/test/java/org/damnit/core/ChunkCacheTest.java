package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;

/** The decoded chunks random-access readers share: bounded, scan-resistant, one decode per chunk at a time. */
class ChunkCacheTest {
    private static final int KiB = 1024;

    private static ObjectId id(int i) {
        byte[] b = new byte[ObjectId.LENGTH];
        b[0] = (byte) (i >> 24);
        b[1] = (byte) (i >> 16);
        b[2] = (byte) (i >> 8);
        b[3] = (byte) i;
        return ObjectId.of(b);
    }

    /** A loader that counts its calls and gives {@code size} bytes tagged with {@code i}. */
    private static ChunkCache.Loader loader(int i, int size, AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            byte[] d = new byte[size];
            d[0] = (byte) i;
            return d;
        };
    }

    @Test
    void aChunkIsLoadedOnceAndThenServedFromTheCache() throws Exception {
        ChunkCache c = new ChunkCache(1024 * KiB);
        AtomicInteger calls = new AtomicInteger();
        byte[] first = c.get(id(1), loader(1, 100 * KiB, calls));
        byte[] again = c.get(id(1), loader(1, 100 * KiB, calls));
        assertThat(again).isSameAs(first);
        assertThat(calls).hasValue(1);
        assertThat(c.bytes()).isEqualTo(100 * KiB);
    }

    @Test
    void itNeverHoldsMoreThanItsCapacityAndKeepsNoChunkLargerThanAQuarterOfIt() throws Exception {
        ChunkCache c = new ChunkCache(1024 * KiB);
        AtomicInteger calls = new AtomicInteger();
        Random r = new Random(5);
        for (int i = 0; i < 2000; i++) {
            int n = r.nextInt(200);
            c.get(id(n), loader(n, (1 + n % 7) * 37 * KiB, calls));
            assertThat(c.bytes()).isLessThanOrEqualTo(1024 * KiB);
        }
        long before = c.bytes();
        byte[] big = c.get(id(9999), loader(9999, 300 * KiB, calls));
        assertThat(big).hasSize(300 * KiB);
        assertThat(c.bytes()).isEqualTo(before);
        c.get(id(9999), loader(9999, 300 * KiB, calls));
        assertThat(calls.get()).as("the large chunk was not kept").isGreaterThanOrEqualTo(2);

        ChunkCache none = new ChunkCache(0);
        none.get(id(1), loader(1, 10, calls));
        assertThat(none.bytes()).isZero();
    }

    @Test
    void aChunkReadTwiceSurvivesALongSequentialRead() throws Exception {
        ChunkCache c = new ChunkCache(1024 * KiB);
        AtomicInteger header = new AtomicInteger();
        AtomicInteger scan = new AtomicInteger();
        c.get(id(0), loader(0, 64 * KiB, header));
        c.get(id(0), loader(0, 64 * KiB, header)); // read again: protected
        for (int i = 1; i <= 500; i++) { // a whole-file download: 500 chunks, each once
            c.get(id(i), loader(i, 128 * KiB, scan));
        }
        assertThat(scan).hasValue(500);
        c.get(id(0), loader(0, 64 * KiB, header));
        assertThat(header).as("the header was decoded once").hasValue(1);
        assertThat(c.bytes()).isLessThanOrEqualTo(1024 * KiB);
    }

    @Test
    void concurrentReadersOfOneChunkWaitForOneDecode() throws Exception {
        ChunkCache c = new ChunkCache(1024 * KiB);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChunkCache.Loader slow = () -> {
            calls.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new byte[10 * KiB];
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> got = new ArrayList<>();
            got.add(pool.submit(() -> c.get(id(7), slow)));
            started.await();
            for (int i = 0; i < 7; i++) {
                got.add(pool.submit(() -> c.get(id(7), slow)));
            }
            Thread.sleep(100); // let the others reach the wait
            release.countDown();
            byte[] first = got.get(0).get();
            for (Future<byte[]> f : got) {
                assertThat(f.get()).isSameAs(first);
            }
            assertThat(calls).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedDecodeIsNotKeptAndReachesEveryWaiter() throws Exception {
        ChunkCache c = new ChunkCache(1024 * KiB);
        AtomicInteger calls = new AtomicInteger();
        ChunkCache.Loader broken = () -> {
            calls.incrementAndGet();
            throw new IOException("damaged", new org.damnit.CorruptObjectException("chunk 07 is damaged"));
        };
        assertThatThrownBy(() -> c.get(id(7), broken)).isInstanceOf(IOException.class)
            .hasCauseInstanceOf(org.damnit.CorruptObjectException.class);
        assertThatThrownBy(() -> c.get(id(7), broken)).isInstanceOf(IOException.class);
        assertThat(calls).as("tried again, not remembered").hasValue(2);
        assertThat(c.get(id(7), loader(7, 10, calls))).hasSize(10);
    }

    @Test
    void manyThreadsOverManyChunksGetTheirOwnBytesWithinTheBound() throws Exception {
        ChunkCache c = new ChunkCache(512 * KiB);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                all.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    AtomicInteger calls = new AtomicInteger();
                    for (int i = 0; i < 3000; i++) {
                        int n = r.nextInt(64);
                        byte[] d = c.get(id(n), loader(n, 16 * KiB + n * KiB, calls));
                        if (d[0] != (byte) n || d.length != 16 * KiB + n * KiB || c.bytes() > 512 * KiB) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
