package org.damnit.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import io.sigpipe.jbsdiff.DefaultDiffSettings;
import io.sigpipe.jbsdiff.Diff;
import io.sigpipe.jbsdiff.Patch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * Compression and delta codecs on a TSV-like chunk and a copy of it with scattered one-digit edits:
 * zstd level 1/3 compress and decompress, zstd patch-from (the chunk against its previous version as a
 * raw dictionary) and its application, jbsdiff diff and patch; a plain pass over the chunk is the
 * baseline. Operations per second; multiply by {@code size} for bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class CodecBench {
    @Param({"1048576", "4194304"})
    int size;

    byte[] base;
    byte[] edited;
    byte[] z1;
    byte[] z3;
    byte[] patchFrom;
    byte[] bsPatch;

    static byte[] table(long seed, int bytes) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(bytes + 100);
        int i = 0;
        while (sb.length() < bytes) {
            sb.append("ENSG").append(String.format("%011d", i++)).append("\tS").append(r.nextInt(96)).append('\t')
                .append(r.nextInt(100_000)).append('\t').append(String.format("%.4f", r.nextDouble() * 1000)).append('\n');
        }
        return sb.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    @Setup
    public void setup() throws Exception {
        base = table(1, size);
        edited = base.clone();
        Random r = new Random(2);
        for (int k = 0; k < 8; k++) {
            int at = r.nextInt(size);
            if (edited[at] >= '0' && edited[at] <= '9') {
                edited[at] = (byte) ('0' + (edited[at] - '0' + 1) % 10);
            }
        }
        z1 = Zstd.compress(edited, 1);
        z3 = Zstd.compress(edited, 3);
        patchFrom = zstdPatchFrom();
        bsPatch = bsdiff();
    }

    @Benchmark
    public long baselinePass() {
        long s = 0;
        for (byte b : edited) {
            s += b;
        }
        return s;
    }

    @Benchmark
    public byte[] zstd1Compress() {
        return Zstd.compress(edited, 1);
    }

    @Benchmark
    public byte[] zstd3Compress() {
        return Zstd.compress(edited, 3);
    }

    @Benchmark
    public byte[] zstd3Decompress() {
        return Zstd.decompress(z3, size);
    }

    @Benchmark
    public byte[] zstdPatchFrom() {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(6);
            ctx.setWindowLog(24);
            ctx.loadDict(base, ZstdDictContentType.RAW_CONTENT);
            return ctx.compress(edited);
        }
    }

    @Benchmark
    public byte[] zstdPatchApply() {
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            ctx.setLongMax(24);
            ctx.loadDict(base, ZstdDictContentType.RAW_CONTENT);
            return ctx.decompress(patchFrom, size);
        }
    }

    @Benchmark
    public byte[] bsdiff() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Diff.diff(base, edited, out, new DefaultDiffSettings("gz"));
        return out.toByteArray();
    }

    @Benchmark
    public byte[] bspatch() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        Patch.patch(base, bsPatch, out);
        return out.toByteArray();
    }
}
