package org.damnit.core;

import java.util.concurrent.Semaphore;

/**
 * How much heap a commit or restore holds in its large buffers, sized from the heap the JVM was given
 * ({@link Runtime#maxMemory()}): in an embedding application the heap is the application's, so the
 * buffers shrink with it instead of the application running out. Down to a 64 MiB heap a file of any
 * size commits and restores (more slowly); from about 256 MiB on the sizes stop growing.
 *
 * <p>A quarter of the heap at most is read slabs, an eighth the decoded-base cache, a sixteenth the
 * resemblance-sketch table, up to an eighth (none below 80 MiB, 64 MiB at most) the cache of decoded
 * chunks that random-access readers share ({@link ChunkCache}, filled only by them); together with the
 * encoding budget they take five eighths, leaving the rest to everything else and to the collector
 * (which needs room to work in, above all for the large arrays chunks are held in). Every chunk being
 * encoded reserves what it will hold from the encoding budget ({@link #reserve}, {@link Reservation#grow}),
 * so however many worker threads there are, their copies, bases and codec buffers together stay within it.
 */
final class MemoryBudget {
    static final long MiB = 1L << 20;
    /** Bytes of heap one sketch-table entry costs (slots, id, features). */
    private static final int SKETCH_ENTRY = 200;

    final long heap;
    final int slabSize;
    final int slabs;
    final long baseCache;
    /** Decoded chunks kept across opens for random access ({@link ChunkCache}). */
    final long readCache;
    final int sketchCapacity;
    /** Pending dedup-index entries (about 200 bytes each) before they are flushed to a run on disk. */
    final int indexBatch;
    final long workBytes;
    /** KiB reserved by the chunks being encoded; never more than {@link #workBytes} at once. */
    private final Semaphore work;
    private final int workKiB;

    private MemoryBudget(long heap, int chunkMax) {
        this.heap = heap;
        int largest = Math.max(4 * chunkMax, 16 << 20);
        this.slabSize = (int) Math.max(2L * chunkMax, Math.min(largest, heap / 16));
        this.slabs = (int) Math.max(2, Math.min(4, heap / 4 / slabSize));
        this.baseCache = Math.max(2 * MiB, Math.min(32 * MiB, heap / 8 - 4 * MiB));
        this.readCache = Math.max(0, Math.min(64 * MiB, heap / 8 - 10 * MiB));
        this.sketchCapacity = Integer.highestOneBit((int) Math.max(1024, Math.min(65_536, heap / 16 / SKETCH_ENTRY)));
        this.indexBatch = (int) Math.max(10_000, Math.min(ChunkIndex.BATCH, heap / 16 / 200));
        long rest = heap * 5 / 8 - (long) slabs * slabSize - baseCache - readCache - (long) sketchCapacity * SKETCH_ENTRY;
        this.workKiB = (int) (Math.min(Math.max(4L * chunkMax, rest), (long) Integer.MAX_VALUE << 10) >> 10);
        this.workBytes = (long) workKiB << 10;
        this.work = new Semaphore(workKiB, true);
    }

    /** The budget for the heap this JVM was given. */
    static MemoryBudget forHeap(int chunkMax) {
        return of(Runtime.getRuntime().maxMemory(), chunkMax);
    }

    static MemoryBudget of(long heap, int chunkMax) {
        return new MemoryBudget(heap, chunkMax);
    }

    private int kib(long bytes) {
        return (int) Math.max(1, Math.min(workKiB, (bytes + 1023) >> 10));
    }

    /**
     * Waits until {@code bytes} of the encoding budget are free and takes them (at most the whole
     * budget, so one chunk always proceeds, however large).
     */
    Reservation reserve(long bytes) {
        int k = kib(bytes);
        work.acquireUninterruptibly(k);
        return new Reservation(k);
    }

    /** Encoding memory held by one chunk; closing it hands the bytes back. */
    final class Reservation implements AutoCloseable {
        private int held;

        private Reservation(int kib) {
            this.held = kib;
        }

        /**
         * Takes {@code bytes} more. If they are not free, lets go of what is held and waits for the
         * whole amount at once, so two chunks never wait on each other.
         */
        void grow(long bytes) {
            int want = Math.min(workKiB, held + kib(bytes));
            int extra = want - held;
            if (extra <= 0 || work.tryAcquire(extra)) {
                held = Math.max(held, want);
                return;
            }
            work.release(held);
            held = 0;
            work.acquireUninterruptibly(want);
            held = want;
        }

        @Override
        public void close() {
            if (held > 0) {
                work.release(held);
                held = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "heap " + heap / MiB + " MiB: " + slabs + " read slabs of " + slabSize / MiB + " MiB, base cache "
            + baseCache / MiB + " MiB, read cache " + readCache / MiB + " MiB, " + sketchCapacity + " sketches, encoding "
            + workBytes / MiB + " MiB";
    }
}
