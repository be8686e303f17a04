package org.damnit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.damnit.CommitResult;
import org.damnit.EntryType;
import org.damnit.Repository;
import org.damnit.TreeEntry;
import org.damnit.core.Internals;

/**
 * One version of the end-to-end benchmark: commits the working tree (creating the repository on first
 * use), restores the commit into an empty directory, checks every file byte for byte, and prints one
 * tab-separated row: label, input bytes, bytes this commit stored, store size, ingest seconds, ingest
 * MB/s, restore seconds, peak heap MiB, identical, then what delta attempts cost and saved: CPU seconds,
 * chunks attempted, chunks won, bytes saved. {@code scripts/e2e.sh} drives it.
 *
 * <p>Usage: {@code EndToEnd WORK_TREE LABEL [--header]}
 */
public final class EndToEnd {
    private EndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[2].equals("--header")) {
            System.out.println("tool\tversion\tinput_bytes\tstored_bytes\tstore_total\tingest_s\tingest_MBps\trestore_s\tpeak_heap_MiB\tidentical\tdelta_cpu_s\tdelta_attempted\tdelta_won\tdelta_saved");
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        String label = args[1];
        resetPeaks();
        long input = treeBytes(work);
        long t0 = System.nanoTime();
        CommitResult r;
        try (Repository repo = Files.isDirectory(work.resolve(".damnit")) ? Repository.open(work) : Repository.init(work)) {
            r = repo.commit().setMessage(label).setAllowEmpty(true).call();
            long t1 = System.nanoTime();
            Internals.DeltaStats d = Internals.deltaStats(repo);
            Path out = Files.createTempDirectory("damnit-e2e-restore");
            repo.restore().setTarget(out.resolve("t")).call();
            long t2 = System.nanoTime();
            boolean same = sameTree(repo.listTree("HEAD"), work, out.resolve("t"));
            BenchFiles.deleteRecursively(out);
            long store = treeBytes(work.resolve(".damnit/store"));
            double ingest = (t1 - t0) / 1e9;
            System.out.printf(Locale.ROOT, "damnit\t%s\t%d\t%d\t%d\t%.2f\t%.1f\t%.2f\t%d\t%s\t%.2f\t%d\t%d\t%d%n", label, input,
                r.bytesStored(), store, ingest, input / 1e6 / ingest, (t2 - t1) / 1e9, peakHeap() >> 20, same ? "yes" : "NO",
                d.cpuNanos() / 1e9, d.attempted(), d.won(), d.bytesSaved());
            if (!same) {
                System.exit(1);
            }
        }
    }

    private static boolean sameTree(List<TreeEntry> entries, Path original, Path restored) throws IOException {
        for (TreeEntry e : entries) {
            Path a = original.resolve(e.path());
            Path b = restored.resolve(e.path());
            if (e.type() == EntryType.FILE) {
                if (Files.mismatch(a, b) != -1) {
                    System.err.println("differs: " + e.path());
                    return false;
                }
            } else if (e.type() == EntryType.SYMLINK) {
                if (!Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b))) {
                    return false;
                }
            } else if (!Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    static long treeBytes(Path p) throws IOException {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(f -> !f.toString().contains("/.damnit/") || p.toString().contains("/.damnit"))
                .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
            b.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
            if (b.getType() == MemoryType.HEAP) {
                sum += b.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
