package org.damnit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.damnit.core.Internals;

/**
 * A content codec on whole files cut as a commit cuts them (FastCDC, 1 MiB average), timed in CPU
 * seconds of the thread that runs it, so that the figures mean something on a loaded machine, where
 * wall time does not: encoding, decoding, and the stored bytes; then decoding the chunks on every core
 * (as a restore does), in wall time and in CPU seconds of those threads (what one decoding costs
 * while the others run beside it). Each chunk decodes back byte for byte or the run fails. The
 * best of {@code -Drounds=5} rounds after a warm-up round.
 *
 * <p>{@code java -cp damnit-bench/target/damnit-bench.jar org.damnit.bench.ContentCodecCpu CODEC FILE...}
 * with CODEC one of {@code fastq}, {@code sam}, {@code bam} (a BAM's decompressed content), {@code table};
 * prints one Markdown row per file. {@code -Dref=FASTA}: the SAM and BAM codecs code bases against it.
 */
public final class ContentCodecCpu {
    private ContentCodecCpu() {
    }

    public static void main(String[] args) throws Exception {
        String ref = System.getProperty("ref");
        Internals.ContentCodecView codec = ref == null ? Internals.contentCodec(args[0])
            : Internals.contentCodec(args[0], Files.readAllBytes(Path.of(ref)));
        int rounds = Integer.getInteger("rounds", 5);
        int threads = Runtime.getRuntime().availableProcessors();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Internals.Cutter chunker = Internals.chunker(256 << 10, 1 << 20, 4 << 20);
        System.out.println("| file | MB | " + args[0] + " codec bytes | of the file | encode MB/s (CPU) "
            + "| decode MB/s (CPU) | decode MB/s (wall, " + threads + " threads) | decode MB/s (CPU, each of " + threads
            + " threads) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int a = 1; a < args.length; a++) {
                byte[] all = Files.readAllBytes(Path.of(args[a]));
                List<byte[]> chunks = new ArrayList<>();
                for (int off = 0; off < all.length; ) {
                    int n = chunker.cut(all, off, all.length - off);
                    chunks.add(Arrays.copyOfRange(all, off, off + n));
                    off += n;
                }
                double enc = Double.MAX_VALUE;
                double dec = Double.MAX_VALUE;
                double wall = Double.MAX_VALUE;
                double parallelCpu = 0;
                long stored = 0;
                for (int round = 0; round <= rounds; round++) {
                    List<byte[]> payloads = new ArrayList<>();
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (byte[] c : chunks) {
                        byte[] p = codec.encode(c);
                        if (p == null) {
                            throw new IllegalStateException(args[0] + " declines a chunk of " + args[a]);
                        }
                        payloads.add(p);
                    }
                    long t1 = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < chunks.size(); i++) {
                        if (!Arrays.equals(codec.decode(payloads.get(i), chunks.get(i).length), chunks.get(i))) {
                            throw new IllegalStateException("chunk " + i + " of " + args[a] + " does not decode back");
                        }
                    }
                    long t2 = cpu.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    List<Future<Long>> decoded = new ArrayList<>();
                    for (int i = 0; i < chunks.size(); i++) {
                        byte[] p = payloads.get(i);
                        int len = chunks.get(i).length;
                        decoded.add(pool.submit(() -> {
                            long c0 = cpu.getCurrentThreadCpuTime();
                            codec.decode(p, len);
                            return cpu.getCurrentThreadCpuTime() - c0;
                        }));
                    }
                    long spent = 0;
                    for (Future<Long> f : decoded) {
                        spent += f.get();
                    }
                    long w1 = System.nanoTime();
                    if (round > 0) {
                        enc = Math.min(enc, (t1 - t0) / 1e9);
                        dec = Math.min(dec, (t2 - t1) / 1e9);
                        if ((w1 - w0) / 1e9 < wall) {
                            wall = (w1 - w0) / 1e9;
                            parallelCpu = spent / 1e9;
                        }
                    }
                    stored = payloads.stream().mapToLong(p -> p.length).sum();
                }
                double mb = all.length / 1e6;
                System.out.printf("| %s | %.2f | %,d | %.4f | %.1f | %.1f | %.1f | %.1f |%n", Path.of(args[a]).getFileName(),
                    mb, stored, stored / (double) all.length, mb / enc, mb / dec, mb / wall, mb / parallelCpu);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
