package org.damnit.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.damnit.Repository;

/**
 * What a repository stores for alignments with the content codecs on, and what a commit and a restore
 * cost in a fresh JVM: a file (a BAM is taken by its decompressed content, as a container's content
 * stream holds it; a SAM as it is) is committed with {@code deepOnCommit} into a new repository, alone or
 * after a commit of the reference FASTA, then restored and compared byte for byte. Three steps, each
 * meant for a JVM of its own, so that the commit and the restore each start cold as a command does:
 *
 * <pre>
 * java -cp damnit-bench/target/damnit-bench.jar org.damnit.bench.AlignmentStore prepare REPO FILE [REF.fa]
 * java -cp ... AlignmentStore commit REPO
 * java -cp ... AlignmentStore restore REPO
 * </pre>
 *
 * <p>{@code prepare} makes the repository (with the reference committed when given) and puts the content
 * beside it ({@code REPO.content}); {@code commit} commits it (the content is copied into the working tree
 * before the clock starts) and prints {@code commit <content bytes> <stored bytes> <wall s> <CPU s> <JIT s>}
 * (stored: the packs the commit added); {@code restore} restores it into {@code REPO.restored}, compares
 * it and prints {@code restore <content bytes> <wall s> <CPU s> <JIT s>}. Wall and CPU seconds are those
 * of the commit or restore call alone (the process's CPU time, every thread: codec, JIT, GC); JIT is the
 * CPU time of the JIT compilers' threads over the same span (Linux; elsewhere the compilers' elapsed
 * time the JVM reports). The whole process, start-up included, is what a
 * caller measures around it ({@code alignments.sh} does). With {@code -Dthreads=true} the step also
 * prints, to stderr, the CPU seconds of the process's threads by name (those that ended, such as a
 * restore's decoding threads, summed apart), start-up included.
 */
public final class AlignmentStore {
    private AlignmentStore() {
    }

    public static void main(String[] args) throws Exception {
        String step = args[0];
        Path dir = Path.of(args[1]);
        switch (step) {
            case "prepare" -> prepare(dir, Path.of(args[2]), args.length > 3 ? Path.of(args[3]) : null);
            case "commit" -> System.out.println(commit(dir));
            case "restore" -> System.out.println(restore(dir));
            default -> throw new IllegalArgumentException("step: prepare, commit or restore, not " + step);
        }
        if (Boolean.getBoolean("threads")) {
            System.err.println(threads());
        }
    }

    /** The CPU seconds of this process's threads so far, by name with digits left out (Linux; else empty). */
    private static String threads() throws IOException {
        java.util.Map<String, Double> by = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return "";
        }
        try (Stream<Path> s = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) s::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                by.merge(comm, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
            }
        }
        String self = Files.readString(Path.of("/proc/self/stat"));
        String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
        double all = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        by.put("(ended threads)", all - by.values().stream().mapToDouble(Double::doubleValue).sum());
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "threads (CPU s, all %.2f):", all));
        by.forEach((k, v) -> {
            if (v >= 0.01) {
                b.append(String.format(java.util.Locale.ROOT, " %s=%.2f", k, v));
            }
        });
        return b.toString();
    }

    private static Path kept(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".content");
    }

    private static void prepare(Path dir, Path file, Path fasta) throws Exception {
        Files.createDirectories(dir);
        Repository.init(dir).close();
        Path cfg = dir.resolve(".damnit/config");
        Files.writeString(cfg, Files.readString(cfg).replaceFirst("\\{", "{\"deepOnCommit\":true,"));
        Path keep = kept(dir);
        Files.deleteIfExists(keep);
        if (file.toString().endsWith(".bam")) {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                Files.copy(in, keep);
            }
        } else {
            Files.copy(file, keep);
        }
        if (fasta != null) {
            Files.copy(fasta, dir.resolve("ref.fa"));
            try (Repository repo = Repository.open(dir)) {
                repo.commit().setMessage("reference").call();
            }
        }
    }

    private static String commit(Path dir) throws Exception {
        Path keep = kept(dir);
        Files.copy(keep, dir.resolve("content"));
        long before = packBytes(dir);
        Clock clock = new Clock();
        try (Repository repo = Repository.open(dir)) {
            repo.commit().setMessage("alignments").call();
        }
        String spent = clock.spent();
        return String.join("\t", "commit", Long.toString(Files.size(keep)), Long.toString(packBytes(dir) - before),
            spent);
    }

    private static String restore(Path dir) throws Exception {
        Path keep = kept(dir);
        Path out = dir.resolveSibling(dir.getFileName() + ".restored");
        Clock clock = new Clock();
        try (Repository repo = Repository.open(dir)) {
            repo.restore().setTarget(out).call();
        }
        String spent = clock.spent();
        if (Files.mismatch(out.resolve("content"), keep) != -1) {
            throw new IllegalStateException(dir + " did not restore exactly");
        }
        return String.join("\t", "restore", Long.toString(Files.size(keep)), spent);
    }

    /**
     * Wall, process CPU and JIT seconds from its making to {@link #spent()}. JIT: the CPU time of the
     * compiler threads where /proc lists them (Linux), else the compilers' elapsed time the JVM reports.
     */
    private static final class Clock {
        private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long wall = System.nanoTime();
        private final long cpu = os.getProcessCpuTime();
        private final double jit = jitSeconds();

        String spent() {
            double w = (System.nanoTime() - wall) / 1e9;
            double c = (os.getProcessCpuTime() - cpu) / 1e9;
            double j = jitSeconds() - jit;
            return String.format(java.util.Locale.ROOT, "%.2f\t%.2f\t%.2f", w, c, j);
        }

        private static double jitSeconds() {
            Path tasks = Path.of("/proc/self/task");
            if (Files.isDirectory(tasks)) {
                double ticks = 0;
                boolean found = false;
                try (Stream<Path> s = Files.list(tasks)) {
                    for (Path t : (Iterable<Path>) s::iterator) {
                        String stat;
                        try {
                            stat = Files.readString(t.resolve("stat"));
                        } catch (IOException gone) {
                            continue; // a thread that ended meanwhile
                        }
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.contains("CompilerThre")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                            found = true;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    found = false;
                }
                if (found) {
                    return ticks / 100.0; // USER_HZ
                }
            }
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
        }
    }

    private static long packBytes(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve(".damnit"))) {
            return s.filter(f -> f.toString().contains("/packs/") && Files.isRegularFile(f))
                .mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
