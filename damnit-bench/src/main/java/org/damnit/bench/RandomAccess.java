package org.damnit.bench;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.cli.MountProbe;
import org.damnit.web.WebServer;

/**
 * Random access, side by side in one run: 64 KiB reads at random offsets of a stored 1 GiB file
 * (openSeekable, a new channel each, against the plain file and against streaming from the start), then a
 * 10 kb region query of a stored BAM with samtools on the plain file, over HTTP from the web server and
 * through the FUSE mount (each on its own Repository, so neither warms the other's cache), over HTTP from a
 * plain static file server (what the protocol itself costs htslib) and against a closed port (what htslib's
 * HTTP start-up alone costs). Chunk records read are counted for every damnit row.
 *
 * <pre>java -cp damnit-bench.jar org.damnit.bench.RandomAccess WORKDIR BIG.bam [READS] [QUERIES]</pre>
 */
public final class RandomAccess {
    private RandomAccess() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        Path bam = Path.of(args[1]).toAbsolutePath();
        int reads = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Files.createDirectories(work);
        seekReads(work.resolve("seek"), reads);
        regionQueries(work.resolve("bam"), bam, queries);
    }

    static void seekReads(Path p, int reads) throws Exception {
        long size = 1L << 30;
        if (!Files.exists(p.resolve(".damnit"))) {
            Files.createDirectories(p);
            Random r = new Random(1);
            byte[] block = new byte[8 << 20];
            try (OutputStream out = Files.newOutputStream(p.resolve("big.bin"))) {
                for (long done = 0; done < size; done += block.length) {
                    r.nextBytes(block);
                    out.write(block);
                }
            }
            try (Repository repo = Repository.init(p)) {
                long t = System.nanoTime();
                repo.commit().setMessage("1 GiB").call();
                System.out.printf("commit of 1 GiB: %.1f s%n", (System.nanoTime() - t) / 1e9);
            }
        }
        Random r = new Random(2);
        long[] offsets = new long[reads];
        for (int i = 0; i < reads; i++) {
            offsets[i] = (long) (r.nextDouble() * (size - 65536));
        }
        double[] plain = new double[reads];
        double[] seek = new double[reads];
        long[] chunks = new long[reads];
        warm(p.resolve("big.bin"), p.resolve(".damnit/store"));
        ByteBuffer a = ByteBuffer.allocate(65536);
        ByteBuffer b = ByteBuffer.allocate(65536);
        try (Repository repo = Repository.open(p); FileChannel ch = FileChannel.open(p.resolve("big.bin"))) {
            for (int i = 0; i < reads; i++) { // damnit and plain alternate, so both see the same machine
                long t = System.nanoTime();
                a.clear();
                ch.read(a, offsets[i]);
                plain[i] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                try (SeekableFile f = repo.openSeekable("HEAD", "big.bin")) {
                    b.clear();
                    while (b.hasRemaining() && f.read(offsets[i] + b.position(), b) > 0) {
                        // fill
                    }
                    chunks[i] = f.chunksRead();
                }
                seek[i] = (System.nanoTime() - t) / 1e6;
                if (!Arrays.equals(a.array(), b.array())) {
                    throw new IllegalStateException("bytes differ at " + offsets[i]);
                }
            }
            // the sequential stream, as before random access: decode everything up to the offset
            long t = System.nanoTime();
            long far = 900L << 20;
            try (var in = repo.openFile("HEAD", "big.bin")) {
                in.skipNBytes(far);
                in.readNBytes(65536);
            }
            double stream = (System.nanoTime() - t) / 1e6;
            Arrays.sort(plain);
            Arrays.sort(seek);
            long[] sc = chunks.clone();
            Arrays.sort(sc);
            System.out.printf("64 KiB at a random offset of a stored 1 GiB file, %d reads, a new channel each"
                + " (a chunk an earlier read fetched comes from the repository's shared cache):%n", reads);
            System.out.printf("  plain file (FileChannel, page cache): median %.3f ms, p90 %.3f ms%n",
                plain[reads / 2], plain[reads * 9 / 10]);
            System.out.printf("  openSeekable:                         median %.3f ms, p90 %.3f ms; chunks read min %d, median %d, max %d%n",
                seek[reads / 2], seek[reads * 9 / 10], sc[0], sc[reads / 2], sc[reads - 1]);
            System.out.printf("  openFile + skip to 900 MiB:           %.0f ms%n", stream);
        }
    }

    static void regionQueries(Path p, Path bam, int queries) throws Exception {
        ObjectId commit;
        if (!Files.exists(p.resolve(".damnit"))) {
            Files.createDirectories(p.resolve("aln"));
            Files.copy(bam, p.resolve("aln/A.bam"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(bam + ".bai"), p.resolve("aln/A.bam.bai"), StandardCopyOption.REPLACE_EXISTING);
            try (Repository repo = Repository.init(p)) {
                long t = System.nanoTime();
                repo.commit().setMessage("BAM").call();
                System.out.printf("commit of the %d-byte BAM: %.1f s%n", Files.size(bam), (System.nanoTime() - t) / 1e9);
                repo.createTag("v1", "HEAD");
            }
        }
        Path mnt = Files.createDirectories(p.getParent().resolve("mnt"));
        Path cwd = Files.createDirectories(p.getParent().resolve("cwd"));
        String[] staticAddress = new String[1];
        Process plainServer = staticServer(p.getParent(), bam, staticAddress);
        // the server and the mount each on their own Repository, as `damnit serve` and `damnit mount` would be:
        // neither finds in its cache what the other read
        try (Repository repo = Repository.open(p); WebServer web = WebServer.builder(repo).setPort(0).start();
             Repository mountRepo = Repository.open(p); MountProbe mount = MountProbe.mount(mountRepo, mnt)) {
            commit = repo.resolve("v1");
            String url = web.uri().resolve("/v/" + commit + "/aln/A.bam").toString();
            String mounted = mnt.resolve("tags/v1/aln/A.bam").toString();
            Random r = new Random(3);
            long[] httpChunks = new long[queries];
            long[] mountChunks = new long[queries];
            String[] regions = new String[queries];
            for (int i = 0; i < queries; i++) {
                int start = 1_000_000 + r.nextInt(240_000_000);
                regions[i] = "chr" + (1 + r.nextInt(2)) + ":" + start + "-" + (start + 10_000);
            }
            int closed;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            String refused = "http://127.0.0.1:" + closed + "/v/" + commit + "/aln/A.bam";
            String staticUrl = plainServer == null ? null : staticAddress[0] + "aln/A.bam";
            warm(bam, Path.of(bam + ".bai"), p.resolve(".damnit/store"));
            double[][] t = new double[5][queries];
            for (int i = 0; i < queries; i++) { // side by side, query by query
                t[0][i] = samtools(cwd, bam.toString(), regions[i]);
                Files.deleteIfExists(cwd.resolve("A.bam.bai")); // htslib keeps a copy of a remote index: cold each time
                long before = web.chunksRead();
                t[1][i] = samtools(cwd, url, regions[i]);
                httpChunks[i] = web.chunksRead() - before;
                before = mount.chunksRead();
                t[2][i] = samtools(cwd, mounted, regions[i]);
                mountChunks[i] = mount.chunksRead() - before;
                if (staticUrl != null) {
                    Files.deleteIfExists(cwd.resolve("A.bam.bai"));
                    t[3][i] = samtools(cwd, staticUrl, regions[i]);
                }
                t[4][i] = samtools(cwd, refused, regions[i], false);
            }
            String[] names = {"plain file", "HTTP (damnit serve, /v/ID/aln/A.bam)", "FUSE mount (tags/v1/aln/A.bam)",
                "HTTP, the plain file from a static server", "HTTP to a closed port (htslib's start-up)"};
            System.out.printf("samtools view of a 10 kb region of a stored %d-byte BAM, %d queries (median of wall times):%n",
                Files.size(bam), queries);
            double base = median(t[0]);
            for (int k = 0; k < 5; k++) {
                if (k == 3 && staticUrl == null) {
                    System.out.println("  (no static-server row: node is not installed)");
                    continue;
                }
                System.out.printf("  %-44s median %.0f ms (%.2fx plain)%s%n", names[k], median(t[k]), median(t[k]) / base,
                    k == 1 ? ", chunk records read per query " + Arrays.toString(httpChunks)
                        : k == 2 ? ", chunk records read per query " + Arrays.toString(mountChunks) : "");
            }
            if (staticUrl != null) {
                System.out.printf("  damnit serve against the static server: %.2fx%n", median(t[1]) / median(t[3]));
            }
        } finally {
            if (plainServer != null) {
                plainServer.destroy();
                plainServer.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * What HTTP itself costs htslib: the plain BAM and its index from a static file server with single byte
     * ranges and keep-alive (node's http module, {@code range-server.js}), its address put in
     * {@code address[0]}; null without node.
     */
    private static Process staticServer(Path work, Path bam, String[] address) throws Exception {
        Path root = work.resolve("static");
        Files.createDirectories(root.resolve("aln"));
        for (String[] link : new String[][] {{"A.bam", bam.toString()}, {"A.bam.bai", bam + ".bai"}}) {
            Files.deleteIfExists(root.resolve("aln").resolve(link[0]));
            Files.createSymbolicLink(root.resolve("aln").resolve(link[0]), Path.of(link[1]));
        }
        Path script = work.resolve("range-server.js");
        try (var in = RandomAccess.class.getResourceAsStream("range-server.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process pr;
        try {
            pr = new ProcessBuilder("node", script.toString(), root.toString(), "0")
                .redirectErrorStream(true).start();
        } catch (java.io.IOException noNode) {
            return null;
        }
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(pr.getInputStream())).readLine();
        if (first == null || !first.startsWith("Serving")) {
            pr.destroy();
            throw new IllegalStateException("the static server did not start: " + first);
        }
        address[0] = first.substring("Serving ".length()).trim();
        return pr;
    }

    /**
     * Reads the files (and every file under the directories) once, so that the plain file and the store
     * both start from the page cache: otherwise whichever the machine's other work left on disk pays a
     * disk read the other does not.
     */
    private static void warm(Path... paths) throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        for (Path root : paths) {
            List<Path> files;
            try (var s = Files.walk(root)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f)) {
                    while (ch.read(buf.clear()) > 0) {
                        // discarded
                    }
                }
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double samtools(Path cwd, String file, String region) throws Exception {
        return samtools(cwd, file, region, true);
    }

    /** Wall time of {@code samtools view FILE REGION}; {@code ok}: whether it must succeed (else it must fail). */
    private static double samtools(Path cwd, String file, String region, boolean ok) throws Exception {
        long t = System.nanoTime();
        Process pr = new ProcessBuilder("samtools", "view", file, region).directory(cwd.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ok ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD).start();
        if (!pr.waitFor(300, TimeUnit.SECONDS) || (pr.exitValue() == 0) != ok) {
            throw new IllegalStateException("samtools view " + file + " " + region + " failed");
        }
        return (System.nanoTime() - t) / 1e6;
    }
}
