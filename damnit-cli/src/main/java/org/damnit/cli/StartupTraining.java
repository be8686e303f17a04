package org.damnit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The workload {@code bin/damnit} runs once per JVM and jar build to record a class-data-sharing
 * archive ({@code -XX:ArchiveClassesAtExit}): the everyday commands on a scratch repository, so the
 * archive holds the classes, and the lambda and method-handle classes, that they load. Later commands
 * map that archive instead of loading, verifying and generating those classes again, which on a small
 * machine halves the CPU time a short command spends before it does any work.
 *
 * <p>Exits 0 only if every command succeeded; the launcher keeps the archive only then.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(train() == 0 ? 0 : 1);
    }

    /** Runs the workload; returns how many of its commands failed. */
    static int train() throws IOException {
        Path dir = Files.createTempDirectory("damnit-training");
        int failures = 0;
        try {
            Path tree = dir.resolve("project");
            Files.createDirectories(tree.resolve("reads"));
            Random r = new Random(1);
            byte[] random = new byte[3 << 20];
            r.nextBytes(random);
            Files.write(tree.resolve("reads/sample.bin"), random);
            StringBuilder tsv = new StringBuilder();
            for (int i = 0; i < 60_000; i++) {
                tsv.append("gene").append(i).append('\t').append(r.nextInt(1000)).append('\t').append(r.nextDouble()).append('\n');
            }
            Files.writeString(tree.resolve("table.tsv"), tsv);
            String t = tree.toString();
            failures += run("init", t);
            failures += run("-C", t, "commit", "-m", "first", "--author", "Training <training@localhost>");
            Files.writeString(tree.resolve("table.tsv"), tsv.insert(100, "edited\t1\t0.5\n"));
            Files.copy(tree.resolve("table.tsv"), tree.resolve("copy.tsv"));
            failures += run("-C", t, "status");
            failures += run("-C", t, "diff");
            failures += run("-C", t, "meta", "set", "table.tsv", "sample=S1");
            failures += run("-C", t, "commit", "-m", "second", "--author", "Training <training@localhost>", "--meta", "run=1");
            failures += run("-C", t, "log", "--name-status");
            failures += run("-C", t, "log", "--json");
            failures += run("-C", t, "tag", "v1");
            failures += run("-C", t, "find", "sample=S1");
            failures += run("-C", t, "verify");
            failures += run("-C", t, "restore", "--rev", "HEAD~1", "--to", dir.resolve("restored").toString());
            failures += run("-C", t, "gc", "--dry-run");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return failures;
    }

    private static int run(String... args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        return Main.run(args, discard, new PrintWriter(OutputStream.nullOutputStream(), true)) == 0 ? 0 : 1;
    }
}
