package org.damnit.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.damnit.Repository;

/**
 * Commits and restores, in a JVM of its own with a small heap ({@link LowHeapTest}), a file larger
 * than that heap: first written, then regenerated wholesale (every chunk new, each tried as a delta),
 * beside an edited copy of the first version (a delta that pays).
 */
public final class LowHeapChild {
    private LowHeapChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]) << 20;
        Path work = Files.createDirectories(dir.resolve("work"));
        Path v1 = dir.resolve("v1.tsv");
        depthTable(v1, 1, size, -1);
        Files.copy(v1, work.resolve("depth.tsv"));
        try (Repository repo = Repository.init(work)) {
            repo.commit().setMessage("v1").call();
            depthTable(work.resolve("depth.tsv"), 2, size, -1);
            depthTable(work.resolve("depth-v1-fixed.tsv"), 1, size, size / 2);
            repo.commit().setMessage("v2").call();
            repo.restore().setRevision("HEAD~1").setTarget(dir.resolve("r1")).call();
            repo.restore().setRevision("HEAD").setTarget(dir.resolve("r2")).call();
        }
        same(v1, dir.resolve("r1/depth.tsv"));
        same(work.resolve("depth.tsv"), dir.resolve("r2/depth.tsv"));
        same(work.resolve("depth-v1-fixed.tsv"), dir.resolve("r2/depth-v1-fixed.tsv"));
        System.out.println("OK heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    }

    /** A per-base depth table of about {@code size} bytes; the line at byte {@code edit} (if ≥ 0) changed. */
    static void depthTable(Path p, long seed, long size, long edit) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.US_ASCII)) {
            long n = 0;
            boolean edited = false;
            for (long pos = 1; n < size; pos++) {
                String line = "chr1\t" + pos + "\t" + r.nextInt(80) + "\n";
                if (!edited && edit >= 0 && n >= edit) {
                    line = "chr1\t" + pos + "\t999\n";
                    edited = true;
                }
                w.write(line);
                n += line.length();
            }
        }
    }

    private static void same(Path a, Path b) throws IOException {
        if (Files.mismatch(a, b) != -1) {
            throw new AssertionError(b + " differs from " + a);
        }
    }
}
