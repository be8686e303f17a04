package org.damnit.bench;

import org.damnit.core.Internals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The table codec against the {@code zstd -19} and {@code xz -6} command lines on the same files, in
 * one run: each file is cut into chunks as a commit cuts it (FastCDC, 1 MiB average), each chunk
 * encoded by the table codec (one thread) and decoded again and compared; the command lines compress
 * the whole file (one thread each). Prints a Markdown table of bytes and MB/s.
 *
 * <p>{@code java -cp damnit-bench/target/damnit-bench.jar org.damnit.core.TableCompare FILE...}
 */
public final class TableCompare {
    private TableCompare() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| file | MB | table codec MB (× zstd -19, × xz -6) | encode MB/s | decode MB/s "
            + "| zstd -19 MB | MB/s | xz -6 MB | MB/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Internals.ContentCodecView codec = Internals.contentCodec("table");
        Internals.Cutter chunker = Internals.chunker(256 << 10, 1 << 20, 4 << 20);
        for (String name : args) {
            Path file = Path.of(name);
            byte[] all = Files.readAllBytes(file);
            for (int warm = 0; warm < 2; warm++) { // the first pass warms the JIT up
                long stored = 0;
                long encNs = 0;
                long decNs = 0;
                int declined = 0;
                for (int off = 0; off < all.length; ) {
                    int len = chunker.cut(all, off, all.length - off);
                    byte[] c = Arrays.copyOfRange(all, off, off + len);
                    off += len;
                    long t0 = System.nanoTime();
                    byte[] p = codec.encode(c);
                    long t1 = System.nanoTime();
                    byte[] back = p == null ? null : codec.decode(p, c.length);
                    long t2 = System.nanoTime();
                    encNs += t1 - t0;
                    decNs += t2 - t1;
                    if (p == null || !Arrays.equals(back, c)) {
                        declined++;
                        stored += com.github.luben.zstd.Zstd.compress(c, 3).length;
                    } else {
                        stored += p.length;
                    }
                }
                if (warm == 0) {
                    continue;
                }
                long[] z = command(file, "zstd", "-19", "-c", "-T1", name);
                long[] x = command(file, "xz", "-6", "-c", "-T1", name);
                System.out.printf("| %s%s | %.2f | %.3f (%.3f, %.3f) | %.1f | %.1f | %.3f | %.2f | %.3f | %.2f |%n",
                    file.getFileName(), declined > 0 ? " (" + declined + " chunks declined)" : "", all.length / 1e6,
                    stored / 1e6, (double) stored / z[0], (double) stored / x[0], all.length / (encNs / 1e3),
                    all.length / (decNs / 1e3), z[0] / 1e6, all.length / (z[1] / 1e3), x[0] / 1e6,
                    all.length / (x[1] / 1e3));
            }
        }
    }

    /** The bytes a command writes to its standard output, and the nanoseconds it took. */
    private static long[] command(Path file, String... cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = p.getInputStream()) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed");
        }
        return new long[] {n, System.nanoTime() - t0};
    }
}
