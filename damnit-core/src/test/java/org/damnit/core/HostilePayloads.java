package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Damaged payloads decoded where allocation is the question: in a JVM of its own with a small heap. */
final class HostilePayloads {
    private HostilePayloads() {
    }

    /** The heap of {@link #decodeInSmallHeap}: well under what an unbounded reader would take. */
    static final int HEAP_MIB = 48;

    /**
     * What {@link DecodeChild} prints of {@code payload} of {@code codec} against {@code base} (null: none)
     * in a {@value #HEAP_MIB} MiB heap, after checking that it ended by itself, without an error.
     */
    static String decodeInSmallHeap(Path dir, ChunkCodec codec, byte[] payload, byte[] base, int rawLength)
        throws IOException, InterruptedException {
        Path p = Files.write(Files.createTempFile(dir, "payload", ".bin"), payload);
        Path b = base == null ? null : Files.write(Files.createTempFile(dir, "base", ".bin"), base);
        Path out = Files.createTempFile(dir, "child", ".out");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), DecodeChild.class.getName(), String.valueOf(codec.id()),
            p.toString(), b == null ? "-" : b.toString(), String.valueOf(rawLength))
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = child.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("Exception in");
        assertThat(child.exitValue()).as(output).isZero();
        return output.strip();
    }
}
