package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.CommitResult;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta attempts that do not pay are given up within a file, and probed again so a later edit is found. */
class DeltaPolicyTest {
    @TempDir
    Path tmp;

    @Test
    void aFileGivesUpAfterFailuresProbesWithGrowingIntervalsAndResumesOnSuccess() {
        ChunkEncoder.DeltaHistory h = new ChunkEncoder.DeltaHistory();
        for (int i = 0; i < ChunkEncoder.GIVE_UP_AFTER; i++) {
            assertThat(h.shouldTry()).isTrue();
            h.record(false);
        }
        int tried = 0;
        int firstProbe = -1;
        for (int i = 1; i <= 200; i++) {
            if (h.shouldTry()) {
                tried++;
                if (firstProbe < 0) {
                    firstProbe = i;
                }
                h.record(false);
            }
        }
        assertThat(firstProbe).isEqualTo(ChunkEncoder.PROBE_MIN);
        assertThat(tried).as("probes in 200 chunks").isBetween(3, 200 / ChunkEncoder.PROBE_MIN);
        while (!h.shouldTry()) {
            // until the next probe
        }
        h.record(true); // it paid: every chunk is attempted again
        for (int i = 0; i < 10; i++) {
            assertThat(h.shouldTry()).isTrue();
        }
    }

    @Test
    void aRegeneratedFileSkipsMostAttemptsYetFindsItsUnchangedEditedTail() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        byte[] v1 = depth(1, 24 << 20);
        Files.write(p.resolve("depth.tsv"), v1);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            ChunkEncoder.Stats before = ((LocalRepository) repo).chunks().deltaStats();
            // the first 8 MiB regenerated (almost every line differs), the rest as before with six edits
            byte[] fresh = depth(2, 8 << 20);
            byte[] v2 = v1.clone();
            System.arraycopy(fresh, 0, v2, 0, fresh.length);
            for (int k = 0; k < 6; k++) {
                int at = (8 << 20) + (int) ((k + 0.5) * (v2.length - (8 << 20)) / 6);
                while (v2[at] < '0' || v2[at] > '9') {
                    at++;
                }
                v2[at] = (byte) ('0' + (v2[at] - '0' + 3) % 10);
            }
            Files.write(p.resolve("depth.tsv"), v2);
            CommitResult c2 = repo.commit().setMessage("v2").call();
            ChunkEncoder.Stats after = ((LocalRepository) repo).chunks().deltaStats();
            assertThat(after.skippedByHistory() - before.skippedByHistory()).as("chunks not attempted").isPositive();
            assertThat(after.won() - before.won()).as("edited chunks stored as deltas").isGreaterThanOrEqualTo(5);
            assertThat(after.bytesSaved()).isPositive();
            assertThat(c2.bytesStored()).as("the regenerated part, compressed, and small deltas")
                .isLessThan(fresh.length / 2);
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.mismatch(out.resolve("depth.tsv"), p.resolve("depth.tsv"))).isEqualTo(-1);
        }
    }

    /** A per-base depth table: position and a random depth per line, {@code bytes} long. */
    static byte[] depth(long seed, int bytes) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(bytes + 32);
        for (int pos = 1; sb.length() < bytes; pos++) {
            sb.append("chr1\t").append(pos).append('\t').append(r.nextInt(80)).append('\n');
        }
        sb.setLength(bytes);
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void theResemblanceEstimateTellsRelatedChunksFromUnrelatedOnes() {
        byte[] a = DeltaTest.table(4, 1 << 20);
        byte[] edited = a.clone();
        edited[a.length / 2] ^= 1;
        long[] fa = Sketch.features(a);
        long[] fe = Sketch.features(edited);
        long[] fu = Sketch.features(DeltaTest.table(5, 1 << 20));
        int same = 0;
        int unrelated = 0;
        for (int k = 0; k < Sketch.FEATURES; k++) {
            same += fa[k] == fe[k] ? 1 : 0;
            unrelated += fa[k] == fu[k] ? 1 : 0;
        }
        assertThat(same).isGreaterThanOrEqualTo(Sketch.FEATURES - 1);
        assertThat(unrelated).isZero();
    }
}
