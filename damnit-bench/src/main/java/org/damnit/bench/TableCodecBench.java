package org.damnit.bench;

import org.damnit.core.Internals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The table codec on a 1 MiB chunk (cut inside a line at both ends, as chunks are) of a per-base depth
 * table ({@code samtools depth -a} of simulated 150-base reads at 10x) and of an expression table
 * (identifiers, sample names, counts, four-decimal values, labels), beside zstd at levels 3 and 19 on
 * the same chunk. Operations per second; multiply by 1 MiB for bytes per second. The sizes are printed
 * at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TableCodecBench {
    @Param({"depth", "expression"})
    String table;

    static final int CHUNK = 1 << 20;
    final Internals.ContentCodecView codec = Internals.contentCodec("table");
    byte[] chunk;
    byte[] encoded;
    byte[] zstd3;

    /** {@code samtools depth -a} of 150-base reads at random positions, {@code coverage}x over one contig. */
    static byte[] depth(long seed, int length, int coverage) {
        Random r = new Random(seed);
        int[] delta = new int[length + 1];
        for (long n = (long) length * coverage / 150; n > 0; n--) {
            int start = r.nextInt(length - 150);
            delta[start]++;
            delta[start + 150]--;
        }
        StringBuilder sb = new StringBuilder(length * 14);
        int d = 0;
        for (int i = 0; i < length; i++) {
            d += delta[i];
            sb.append("chr1\t").append(i + 1).append('\t').append(d).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Lines as the end-to-end series' expression.tsv has them. */
    static byte[] expression(long seed, int bytes) {
        Random r = new Random(seed);
        String[] notes = {"ok", "low", "high", "flag"};
        StringBuilder sb = new StringBuilder(bytes + 100).append("gene\tsample\tcount\ttpm\tnote\n");
        for (int i = 0; sb.length() < bytes; i++) {
            sb.append(String.format("ENSG%011d\tS%d\t%d\t%.4f\t%s%n", i, 1 + r.nextInt(96), r.nextInt(100_001),
                r.nextDouble() * 1000, notes[r.nextInt(4)]));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Setup
    public void setup() throws Exception {
        byte[] all = table.equals("depth") ? depth(1, 200_000, 10) : expression(2, 3 * CHUNK);
        chunk = Arrays.copyOfRange(all, 1001, 1001 + CHUNK);
        encoded = codec.encode(chunk);
        if (!Arrays.equals(codec.decode(encoded, chunk.length), chunk)) {
            throw new IllegalStateException("the table codec does not round-trip");
        }
        zstd3 = com.github.luben.zstd.Zstd.compress(chunk, 3);
        System.out.printf("%n%s: %d bytes: table codec %d, zstd -3 %d, zstd -19 %d%n", table, chunk.length,
            encoded.length, zstd3.length, com.github.luben.zstd.Zstd.compress(chunk, 19).length);
    }

    @Benchmark
    public long baselinePass() {
        long s = 0;
        for (byte b : chunk) {
            s += b;
        }
        return s;
    }

    @Benchmark
    public byte[] tableEncode() {
        return codec.encode(chunk);
    }

    @Benchmark
    public byte[] tableDecode() throws Exception {
        return codec.decode(encoded, chunk.length);
    }

    @Benchmark
    public byte[] zstd3() {
        return com.github.luben.zstd.Zstd.compress(chunk, 3);
    }

    @Benchmark
    public byte[] zstd19() {
        return com.github.luben.zstd.Zstd.compress(chunk, 19);
    }

    @Benchmark
    public byte[] unzstd3() throws Exception {
        return com.github.luben.zstd.Zstd.decompress(zstd3, chunk.length);
    }
}
