package org.damnit.bench;

import org.damnit.core.Internals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.damnit.CorruptObjectException;
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
 * The FASTQ and SAM content codecs on a real file ({@code -p file=PATH}, at most its first 64 MiB), cut
 * into chunks as a commit cuts it: encoding, encoding with the check a commit makes (decode and
 * compare), and decoding, each over the whole file per operation. The setup prints the stored bytes.
 * {@code damnit-bench/scripts/read-codecs.sh} runs it beside CRAM 3.1, xz and zstd on the same files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = "-Xmx2g")
public class ReadCodecsBench {
    @Param({"fastq"})
    String codec;

    @Param({""})
    String file;

    private Internals.ContentCodecView content;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();

    @Setup
    public void setup() throws IOException {
        content = Internals.contentCodec(codec.equals("sam") ? "sam" : "fastq");
        byte[] data = Files.readAllBytes(Path.of(file));
        int len = Math.min(data.length, 64 << 20);
        Internals.Cutter chunker = Internals.chunker(256 << 10, 1 << 20, 4 << 20);
        long stored = 0;
        for (int off = 0; off < len; ) {
            int n = chunker.cut(data, off, len - off);
            byte[] c = java.util.Arrays.copyOfRange(data, off, off + n);
            byte[] p = content.encode(c);
            if (p == null) {
                throw new IllegalStateException(codec + " declines a chunk of " + file);
            }
            chunks.add(c);
            payloads.add(p);
            stored += p.length;
            off += n;
        }
        System.err.printf("%n%s %s: %d bytes -> %d stored (%.4f), %d chunks%n", codec, file, len, stored,
            stored / (double) len, chunks.size());
    }

    @Benchmark
    public long encode() {
        long n = 0;
        for (byte[] c : chunks) {
            n += content.encode(c).length;
        }
        return n;
    }

    /** What a commit does with a new chunk: encode, then decode and compare. */
    @Benchmark
    public boolean encodeAndCheck() throws CorruptObjectException {
        boolean ok = true;
        for (byte[] c : chunks) {
            byte[] p = content.encode(c);
            ok &= p != null && java.util.Arrays.equals(content.decode(p, c.length), c);
        }
        return ok;
    }

    @Benchmark
    public long decode() throws CorruptObjectException {
        long n = 0;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] p = payloads.get(i);
            n += content.decode(p, chunks.get(i).length).length;
        }
        return n;
    }
}
