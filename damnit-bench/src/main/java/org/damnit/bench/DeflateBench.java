package org.damnit.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.damnit.core.deflate.GzipRestorer;
import org.damnit.core.deflate.GzipWalker;

/**
 * Re-creation speed of gzip and BGZF files against the tools that wrote them, on one core and on all
 * cores: {@code gzip -6}, {@code bgzip} and {@code samtools view -b} write a file (bgzip and samtools
 * also with {@code -@2}); DAMNIT then walks it (recognise, inflate, re-create, compare) and restores it
 * (re-create from the content, check, compare with the original) with one thread and with every core.
 * MB/s are of decompressed content; every figure is the second of two runs (the first warms the JIT
 * and the page cache). Run: {@code java -cp damnit-bench/target/damnit-bench.jar
 * org.damnit.bench.DeflateBench [MiB]}.
 */
public final class DeflateBench {
  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int cores = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("deflate-bench");
    try {
      Path fq = dir.resolve("reads.fq");
      writeFastq(fq, mib << 20);
      Path sam = dir.resolve("reads.sam");
      writeSam(sam, mib << 20);
      List<String[]> rows = new ArrayList<>();
      rows.add(measure(dir, cores, "gzip -6 (FASTQ)", "reads.fq.gz", null, "gzip", "-6", "-c", fq.toString()));
      rows.add(measure(dir, cores, "bgzip (FASTQ)", "reads.fq.bgz", "-@2", "bgzip", "-c", fq.toString()));
      rows.add(measure(dir, cores, "samtools view -b (SAM→BAM)", "reads.bam", "-@2", "samtools", "view", "-b",
          sam.toString()));
      System.out.println("cores: " + cores + "; MB/s of decompressed content; ratios are DAMNIT's MB/s ÷ the tool's");
      System.out.println("| writer | content MB | tool MB/s | tool -@2 MB/s | walk MB/s | walk MB/s all cores"
          + " | restore MB/s | restore MB/s all cores | restore ÷ tool, 1 core | restore all cores ÷ tool -@2"
          + " | re-created | attempts |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
      for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Seconds of the second of two runs of the tool writing {@code out}. */
  private static double tool(Path out, List<String> cmd) throws Exception {
    double t = 0;
    for (int run = 0; run < 2; run++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed");
      t = (System.nanoTime() - t0) / 1e9;
    }
    return t;
  }

  private static String[] measure(Path dir, int cores, String name, String out, String threadsFlag, String... cmd)
      throws Exception {
    Path gz = dir.resolve(out);
    double toolParallel = 0;
    if (threadsFlag != null) {
      List<String> parallel = new ArrayList<>(List.of(cmd));
      parallel.add(1, threadsFlag);
      toolParallel = tool(gz, parallel);
    }
    double tool = tool(gz, List.of(cmd));
    Path content = dir.resolve(out + ".content");
    List<GzipWalker.Member> members = new ArrayList<>();
    GzipWalker.Summary s = null;
    double[] walk = new double[2];
    double[] restore = new double[2];
    byte[] original = Files.readAllBytes(gz);
    int[] threads = {1, cores};
    for (int t = 0; t < 2; t++) {
      for (int run = 0; run < 2; run++) { // the second run is reported: the first warms the JIT
        members.clear();
        long w0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(gz);
            OutputStream c = new BufferedOutputStream(Files.newOutputStream(content), 1 << 16)) {
          s = GzipWalker.walk(ch, c, members::add, threads[t]);
        }
        walk[t] = (System.nanoTime() - w0) / 1e9;
      }
      for (int run = 0; run < 2; run++) {
        long r0 = System.nanoTime();
        ByteArrayOutputStream restored = new ByteArrayOutputStream(original.length);
        try (InputStream c = new java.io.BufferedInputStream(Files.newInputStream(content), 1 << 16);
            FileChannel ch = FileChannel.open(gz);
            GzipRestorer r = new GzipRestorer(c, m -> rawRange(ch, m), restored, threads[t])) {
          for (GzipWalker.Member m : members) r.write(m);
          r.finish();
        }
        restore[t] = (System.nanoTime() - r0) / 1e9;
        if (!java.util.Arrays.equals(restored.toByteArray(), original)) throw new AssertionError(name + ": restore differs");
      }
    }
    double mb = s.contentBytes() / 1e6;
    return new String[] {name, f(mb), f(mb / tool), threadsFlag == null ? "—" : f(mb / toolParallel),
        f(mb / walk[0]), f(mb / walk[1]), f(mb / restore[0]), f(mb / restore[1]),
        String.format("**%.2f×**", tool / restore[0]),
        threadsFlag == null ? String.format("%.2f× (gzip -6)", tool / restore[1])
            : String.format("**%.2f×**", toolParallel / restore[1]),
        s.recreated() + "/" + s.members(), String.valueOf(s.attempts())};
  }

  private static InputStream rawRange(FileChannel ch, GzipWalker.Member m) throws IOException {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate((int) m.length());
    while (bb.hasRemaining() && ch.read(bb, m.offset() + bb.position()) > 0) {
      // positional reads until full
    }
    return new java.io.ByteArrayInputStream(bb.array());
  }

  private static String f(double v) {
    return String.format("%.1f", v);
  }

  /** Reads of a random 1 Mbp genome with 1% errors and Illumina-like qualities. */
  private static void writeFastq(Path f, long bytes) throws IOException {
    Random r = new Random(1);
    char[] genome = genome(r);
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      long n = 0;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; n < bytes; i++) {
        sb.setLength(0);
        int p = r.nextInt(genome.length - 150);
        sb.append("@SIM:1:FCX:1:").append(1 + i / 4000).append(':').append(i % 4000).append(' ').append("1:N:0:ACGT\n");
        for (int j = 0; j < 150; j++) sb.append(r.nextInt(100) == 0 ? "ACGT".charAt(r.nextInt(4)) : genome[p + j]);
        sb.append("\n+\n");
        for (int j = 0; j < 150; j++) sb.append((char) (33 + Math.min(41, Math.max(2, (int) (r.nextGaussian() * 5 + 34 - j / 30)))));
        sb.append('\n');
        byte[] b = sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        o.write(b);
        n += b.length;
      }
    }
  }

  private static void writeSam(Path f, long bytes) throws IOException {
    Random r = new Random(2);
    char[] genome = genome(r);
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      o.write(("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:" + genome.length + "\n").getBytes());
      long n = 0;
      int pos = 1;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; n < bytes; i++) {
        sb.setLength(0);
        pos = Math.min(genome.length - 151, pos + r.nextInt(8));
        sb.append("r").append(i).append('\t').append(r.nextBoolean() ? 0 : 16).append("\tchr1\t").append(pos)
            .append("\t60\t150M\t*\t0\t0\t");
        for (int j = 0; j < 150; j++) sb.append(r.nextInt(100) == 0 ? 'A' : genome[pos - 1 + j]);
        sb.append('\t');
        for (int j = 0; j < 150; j++) sb.append((char) (33 + Math.min(41, Math.max(2, (int) (r.nextGaussian() * 5 + 34)))));
        sb.append("\tNM:i:0\tAS:i:150\n");
        byte[] b = sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        o.write(b);
        n += b.length;
      }
    }
  }

  private static char[] genome(Random r) {
    char[] g = new char[1 << 20];
    for (int i = 0; i < g.length; i++) g[i] = "ACGT".charAt(r.nextInt(4));
    return g;
  }
}
