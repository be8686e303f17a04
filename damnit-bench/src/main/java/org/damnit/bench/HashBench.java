package org.damnit.bench;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Digests over a 64 MiB buffer fed in 1 MiB chunks, as a commit feeds them: SHA-256, MD5, both on one
 * thread, and both on two threads over the same chunks (what the ingest pipeline does). A plain pass
 * over the bytes is the baseline. Operations per second; one operation is the whole buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HashBench {
    @Param({"1048576"})
    int chunk;

    byte[] data;
    ExecutorService md5Thread;

    @Setup
    public void setup() {
        data = new byte[64 << 20];
        new Random(42).nextBytes(data);
        md5Thread = Executors.newSingleThreadExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        md5Thread.shutdownNow();
    }

    @Benchmark
    public long baselinePass() {
        long s = 0;
        for (int i = 0; i < data.length; i += 64) {
            s += data[i];
        }
        return s;
    }

    @Benchmark
    public byte[] sha256() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int off = 0; off < data.length; off += chunk) {
            md.update(data, off, chunk);
        }
        return md.digest();
    }

    @Benchmark
    public byte[] md5() throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        for (int off = 0; off < data.length; off += chunk) {
            md.update(data, off, chunk);
        }
        return md.digest();
    }

    @Benchmark
    public void bothOneThread(Blackhole bh) throws Exception {
        MessageDigest a = MessageDigest.getInstance("SHA-256");
        MessageDigest b = MessageDigest.getInstance("MD5");
        for (int off = 0; off < data.length; off += chunk) {
            a.update(data, off, chunk);
            b.update(data, off, chunk);
        }
        bh.consume(a.digest());
        bh.consume(b.digest());
    }

    @Benchmark
    public void bothTwoThreads(Blackhole bh) throws Exception {
        MessageDigest a = MessageDigest.getInstance("SHA-256");
        MessageDigest b = MessageDigest.getInstance("MD5");
        Future<byte[]> md5 = md5Thread.submit(() -> {
            for (int off = 0; off < data.length; off += chunk) {
                b.update(data, off, chunk);
            }
            return b.digest();
        });
        for (int off = 0; off < data.length; off += chunk) {
            a.update(data, off, chunk);
        }
        bh.consume(a.digest());
        bh.consume(md5.get());
    }
}
