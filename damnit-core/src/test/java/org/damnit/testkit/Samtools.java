package org.damnit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** BAM files made by the real samtools from generated SAM text, and samtools runs, for tests of every module. */
public final class Samtools {
    private Samtools() {
    }

    /** Skips the test when samtools is not installed, except on CI ({@code CI} set), where that fails it. */
    public static void require() {
        boolean present = onPath("samtools");
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(present, "samtools is not installed");
        }
        assertThat(present).as("CI installs samtools").isTrue();
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code dir/name.bam} (coordinate-sorted, by {@code samtools sort}) and its index
     * {@code name.bam.bai}: {@code reads} random 100-base reads with qualities over chr1 and chr2 (5 Mb each).
     */
    public static Path bam(Path dir, String name, long seed, int reads) throws IOException, InterruptedException {
        Path sam = dir.resolve(name + ".sam");
        Random r = new Random(seed);
        char[] bases = {'A', 'C', 'G', 'T'};
        try (BufferedWriter w = Files.newBufferedWriter(sam, StandardCharsets.US_ASCII)) {
            w.write("@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:chr1\tLN:5000000\n@SQ\tSN:chr2\tLN:5000000\n");
            w.write("@RG\tID:" + name + "\tSM:" + name + "\n");
            char[] seq = new char[100];
            char[] qual = new char[100];
            for (int i = 0; i < reads; i++) {
                for (int j = 0; j < 100; j++) {
                    seq[j] = bases[r.nextInt(4)];
                    qual[j] = (char) ('!' + 20 + r.nextInt(21));
                }
                int flag = r.nextBoolean() ? 0 : 16;
                w.write("r" + i + "\t" + flag + "\tchr" + (1 + r.nextInt(2)) + "\t" + (1 + r.nextInt(4_999_900))
                    + "\t60\t100M\t*\t0\t0\t" + new String(seq) + "\t" + new String(qual) + "\tRG:Z:" + name + "\n");
            }
        }
        Path bam = dir.resolve(name + ".bam");
        run(dir, "samtools", "sort", "-l", "6", "-o", bam.toString(), sam.toString());
        run(dir, "samtools", "index", bam.toString());
        Files.delete(sam);
        return bam;
    }

    /** Runs a command in {@code cwd} and returns its standard output; a non-zero exit fails with its stderr. */
    public static String run(Path cwd, String... command) throws IOException, InterruptedException {
        return run(cwd, java.util.Map.of(), command);
    }

    public static String run(Path cwd, java.util.Map<String, String> env, String... command)
        throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(cwd.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("damnit-tool", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        String stderr = Files.readString(err);
        Files.delete(err);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + stderr);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Lines of {@code samtools view} output, for comparisons that show the first difference. */
    public static List<String> lines(String out) {
        return new ArrayList<>(List.of(out.split("\n", -1)));
    }
}
