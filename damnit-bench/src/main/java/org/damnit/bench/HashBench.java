package org.damnit.bench;

import java.security.MessageDigest;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Digest throughput over an in-memory buffer, beside a plain pass over the same bytes (the baseline).
 * Throughput in operations per second; multiply by {@code size} for bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HashBench {
    @Param({"65536", "4194304"})
    int size;

    byte[] data;

    @Setup
    public void setup() {
        data = new byte[size];
        new Random(42).nextBytes(data);
    }

    @Benchmark
    public long baselineSum() {
        long s = 0;
        for (int i = 0; i < data.length; i += 8) {
            s += data[i];
        }
        return s;
    }

    @Benchmark
    public byte[] sha256() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(data);
        return md.digest();
    }

    @Benchmark
    public byte[] md5() throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(data);
        return md.digest();
    }

    @Benchmark
    public void sha256AndMd5OnePass(Blackhole bh) throws Exception {
        MessageDigest a = MessageDigest.getInstance("SHA-256");
        MessageDigest b = MessageDigest.getInstance("MD5");
        a.update(data);
        b.update(data);
        bh.consume(a.digest());
        bh.consume(b.digest());
    }
}
