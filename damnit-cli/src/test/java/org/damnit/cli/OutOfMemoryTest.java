package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A heap too small for a commit gives one line that names the setting to change, never a stack trace. */
class OutOfMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void aTooSmallHeapIsReportedAsSuchWithTheSettingToChange() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("p"));
        assertThat(run("-Xmx256m", "init", project.toString()).exit).isZero();
        byte[] block = new byte[1 << 20];
        SplittableRandom r = new SplittableRandom(3);
        try (OutputStream out = Files.newOutputStream(project.resolve("data.bin"))) {
            for (int i = 0; i < 24; i++) {
                for (int j = 0; j < block.length; j++) {
                    block[j] = (byte) ('A' + r.nextInt(4)); // compressible: each chunk is copied and compressed
                }
                out.write(block);
            }
        }
        Result commit = run("-Xmx12m", "-C", project.toString(), "commit", "-m", "x");
        assertThat(commit.exit).as(commit.output).isEqualTo(ExitCodes.FAILURE);
        assertThat(commit.output).contains("damnit: out of memory").contains("JAVA_OPTS=-Xmx")
            .doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    private record Result(int exit, String output) {
    }

    private Result run(String heap, String... args) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, heap, "-XX:+UseSerialGC", "-cp",
            System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(java.util.List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
