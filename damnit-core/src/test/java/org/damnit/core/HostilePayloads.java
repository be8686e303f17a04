package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
        return child(dir, codec, Files.write(Files.createTempFile(dir, "payload", ".bin"), payload), base, rawLength)
            .strip();
    }

    /** What {@link DecodeChild} prints of {@code payloads} (a file or a directory), checked to have ended well. */
    private static String child(Path dir, ChunkCodec codec, Path payloads, byte[] base, int rawLength)
        throws IOException, InterruptedException {
        Path b = base == null ? null : Files.write(Files.createTempFile(dir, "base", ".bin"), base);
        Path out = Files.createTempFile(dir, "child", ".out");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), DecodeChild.class.getName(), String.valueOf(codec.id()),
            payloads.toString(), b == null ? "-" : b.toString(), String.valueOf(rawLength))
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = child.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(tail(output)).isTrue();
        assertThat(output).as(tail(output)).doesNotContain("OutOfMemoryError").doesNotContain("Exception in");
        assertThat(child.exitValue()).as(tail(output)).isZero();
        // the JVM's own warnings (newer JDKs warn of zstd-jni's native library) are not the decoder's output
        return output.lines().filter(l -> !l.startsWith("WARNING: ")).collect(Collectors.joining("\n"));
    }

    /** What {@link DecodeChild} made of one payload: the outcome ("decoded", "corrupt" or "error ..."), bytes allocated, nanoseconds. */
    record Outcome(String name, String outcome, long allocated, long nanos) {
    }

    /**
     * The outcomes of decoding each of {@code payloads} (by name) of {@code codec} against {@code base}
     * (null: none) in one JVM of a {@value #HEAP_MIB} MiB heap, after checking that it ended by itself.
     */
    static List<Outcome> decodeAllInSmallHeap(Path dir, ChunkCodec codec, Map<String, byte[]> payloads, byte[] base,
                                              int rawLength) throws IOException, InterruptedException {
        Path d = Files.createTempDirectory(dir, "payloads");
        for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
            Files.write(d.resolve(e.getKey()), e.getValue());
        }
        String output = child(dir, codec, d, base, rawLength);
        List<Outcome> outcomes = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 4 || !payloads.containsKey(f[0])) {
                continue; // the JVM's own lines
            }
            outcomes.add(new Outcome(f[0], String.join(" ", Arrays.copyOfRange(f, 1, f.length - 2)),
                Long.parseLong(f[f.length - 2]), Long.parseLong(f[f.length - 1])));
        }
        assertThat(outcomes).as(tail(output)).hasSize(payloads.size());
        return outcomes;
    }

    private static String tail(String s) {
        return s.length() < 4000 ? s : s.substring(s.length() - 4000);
    }

    /**
     * Damaged copies of {@code payload} by name: truncated at each of the first 600 bytes and then every
     * 61st; from each of the first 200 bytes (and 200 places drawn from the rest) on, a varint of a huge
     * value (2^31 − 1, 2^62) written over the bytes there or put in before them, a varint that never ends
     * (eleven bytes 0xFF) put in, and one to four bytes flipped.
     */
    static Map<String, byte[]> damaged(byte[] payload, long seed) {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (int n = 1; n < payload.length; n += n < 600 ? 1 : 61) {
            out.put(String.format("cut%07d", n), Arrays.copyOf(payload, n));
        }
        java.util.Random r = new java.util.Random(seed);
        java.util.TreeSet<Integer> at = new java.util.TreeSet<>();
        for (int i = 1; i < Math.min(200, payload.length); i++) {
            at.add(i);
        }
        for (int i = 0; i < 200 && payload.length > 200; i++) {
            at.add(200 + r.nextInt(payload.length - 200));
        }
        byte[][] values = {varint(Integer.MAX_VALUE), varint(1L << 62), {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}};
        for (int i : at) {
            for (int v = 0; v < values.length; v++) {
                byte[] x = values[v];
                if (v < 2) {
                    byte[] over = payload.clone();
                    System.arraycopy(x, 0, over, i, Math.min(x.length, over.length - i));
                    out.put(String.format("big%07d-%d", i, v), over);
                }
                out.put(String.format("put%07d-%d", i, v), ReadsFixture.concat(Arrays.copyOf(payload, i), x,
                    Arrays.copyOfRange(payload, i, payload.length)));
            }
            byte[] flipped = payload.clone();
            for (int k = 0; k <= r.nextInt(4); k++) {
                flipped[Math.min(payload.length - 1, i + r.nextInt(8))] ^= (byte) (1 + r.nextInt(255));
            }
            out.put(String.format("flip%07d", i), flipped);
        }
        return out;
    }

    static byte[] varint(long v) {
        Columns.Sink s = new Columns.Sink();
        s.varint(v);
        return s.bytes();
    }

    /**
     * Checks {@code outcomes}: each decoded (garbage of the chunk's length at worst: the chunk's SHA-256
     * tells) or refused as damage, none taking more than {@code maxAllocated} bytes or ten seconds.
     */
    static void boundedAndRefused(List<Outcome> outcomes, long maxAllocated) {
        long most = 0;
        Outcome worst = null;
        for (Outcome o : outcomes) {
            assertThat(o.outcome()).as(o.name()).isIn("decoded", "corrupt");
            assertThat(o.nanos()).as(o.name() + " nanoseconds").isLessThan(10_000_000_000L);
            if (o.allocated() > most) {
                most = o.allocated();
                worst = o;
            }
        }
        System.out.println("the most a damaged payload allocated: " + worst + " (bound " + maxAllocated + ")");
        assertThat(most).as("the most a damaged payload allocated (%s)", worst).isLessThanOrEqualTo(maxAllocated);
    }
}
