package org.damnit.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.damnit.core.Internals;
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

/** FastCDC over 64 MiB of random bytes at several average chunk sizes, beside a plain pass. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ChunkerBench {
    @Param({"262144", "1048576", "4194304"})
    int avg;

    byte[] data;
    Internals.Cutter chunker;

    @Setup
    public void setup() {
        data = new byte[64 << 20];
        new Random(7).nextBytes(data);
        chunker = Internals.chunker(avg / 4, avg, avg * 4);
    }

    @Benchmark
    public long baselinePass() {
        long s = 0;
        for (byte b : data) {
            s += b;
        }
        return s;
    }

    @Benchmark
    public int chunk() {
        int off = 0;
        int n = 0;
        while (off < data.length) {
            off += chunker.cut(data, off, data.length - off);
            n++;
        }
        return n;
    }
}
