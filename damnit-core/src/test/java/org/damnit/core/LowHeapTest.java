package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file larger than the heap commits, is committed again regenerated, and restores, in a 64 MiB heap. */
class LowHeapTest {
    @TempDir
    Path dir;

    @Test
    void commitsAndRestoresAFileLargerThanA64MiBHeap() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            LowHeapChild.class.getName(), dir.resolve("run").toString(), "40")
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = child.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = read(out);
        assertThat(ended).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("OK heap").doesNotContain("OutOfMemoryError");
    }

    @Test
    void theBudgetOfASmallHeapFitsInIt() {
        long heap = 64L << 20;
        MemoryBudget b = MemoryBudget.of(heap, Config.DEFAULT_CHUNK_MAX);
        assertThat(b.slabs).isEqualTo(2);
        assertThat(b.slabSize).isGreaterThanOrEqualTo(2 * Config.DEFAULT_CHUNK_MAX);
        assertThat(b.readCache).as("no shared read cache in the smallest heap").isZero();
        for (long h : new long[] {heap, 96L << 20, 160L << 20, 256L << 20, 1L << 30}) {
            MemoryBudget m = MemoryBudget.of(h, Config.DEFAULT_CHUNK_MAX);
            long held = (long) m.slabs * m.slabSize + m.baseCache + m.readCache + m.sketchCapacity * 200L + m.workBytes;
            assertThat(held).as(m.toString()).isLessThanOrEqualTo(h * 5 / 8);
        }
    }

    @Test
    void aLargeHeapKeepsTheFullSizes() {
        MemoryBudget b = MemoryBudget.of(4L << 30, Config.DEFAULT_CHUNK_MAX);
        assertThat(b.slabs).isEqualTo(4);
        assertThat(b.slabSize).isEqualTo(16 << 20);
        assertThat(b.baseCache).isEqualTo(32L << 20);
        assertThat(b.readCache).isEqualTo(64L << 20);
        assertThat(b.sketchCapacity).isEqualTo(SketchIndex.CAPACITY);
        assertThat(b.indexBatch).isEqualTo(ChunkIndex.BATCH);
    }

    @Test
    void reservationsWaitForEachOtherAndNeverDeadlock() throws Exception {
        MemoryBudget b = MemoryBudget.of(64L << 20, Config.DEFAULT_CHUNK_MAX);
        MemoryBudget.Reservation first = b.reserve(b.workBytes / 2);
        MemoryBudget.Reservation second = b.reserve(b.workBytes / 2);
        Thread grower = new Thread(() -> {
            second.grow(b.workBytes); // not free: lets go of its half and waits for the whole budget
            second.close();
        });
        grower.start();
        grower.join(200);
        assertThat(grower.isAlive()).isTrue();
        first.close();
        grower.join(5_000);
        assertThat(grower.isAlive()).isFalse();
        try (MemoryBudget.Reservation all = b.reserve(Long.MAX_VALUE)) { // clamped to the budget: proceeds
            assertThat(all).isNotNull();
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
