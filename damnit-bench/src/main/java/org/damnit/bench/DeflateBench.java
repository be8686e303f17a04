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
 * cores: {@code gzip -6}, {@code pigz -6}, {@code bgzip} and {@code samtools view -b} write a file (pigz,
 * bgzip and samtools also on two threads); DAMNIT then walks it (recognise, inflate, re-create, compare) and restores it
 * (re-create from the content, check, compare with the original) with one thread and with every core.
 * MB/s are of decompressed content; every figure is the second of two runs (the first warms the JIT
 * and the page cache). One core is compared by CPU time (the tool's from {@code bash}'s {@code times},
 * DAMNIT's the whole JVM's), which a loaded machine disturbs far less than wall time; all cores by
 * wall time. Run: {@code java -cp damnit-bench/target/damnit-bench.jar
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
      rows.add(measure(dir, cores, "gzip -6 (FASTQ)", "reads.fq.gz", List.of("gzip", "-6", "-c", fq.toString()), null));
      rows.add(measure(dir, cores, "pigz -6 (FASTQ)", "reads.fq.pgz", List.of("pigz", "-6", "-p", "1", "-c",
          fq.toString()), List.of("pigz", "-6", "-p", "2", "-c", fq.toString())));
      rows.add(measure(dir, cores, "bgzip (FASTQ)", "reads.fq.bgz", List.of("bgzip", "-c", fq.toString()),
          List.of("bgzip", "-@2", "-c", fq.toString())));
      rows.add(measure(dir, cores, "samtools view -b (SAM→BAM)", "reads.bam", List.of("samtools", "view", "-b",
          sam.toString()), List.of("samtools", "view", "-@2", "-b", sam.toString())));
      System.out.println("cores: " + cores + "; MB of decompressed content per CPU second (1 core) and per second"
          + " of wall time (all cores); ratios are DAMNIT's ÷ the tool's");
      System.out.println("| writer | content MB | tool MB/CPU-s | walk MB/CPU-s | restore MB/CPU-s"
          + " | walk ÷ tool | restore ÷ tool | tool MB/s, -@2 MB/s | walk MB/s, all cores | restore MB/s, all cores"
          + " | restore all cores ÷ tool -@2 | re-created | attempts |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
      for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Wall and CPU seconds of the second of two runs of the tool writing {@code out}. */
  private static double[] tool(Path dir, Path out, List<String> cmd) throws Exception {
    Path times = dir.resolve("times");
    double[] t = new double[2];
    for (int run = 0; run < 2; run++) {
      List<String> sh = new ArrayList<>(List.of("bash", "-c", "\"$@\" > \"$OUT\" 2>/dev/null; s=$?; times; exit $s", "bash"));
      sh.addAll(cmd);
      ProcessBuilder pb = new ProcessBuilder(sh).redirectOutput(times.toFile());
      pb.environment().put("OUT", out.toString());
      long t0 = System.nanoTime();
      if (pb.start().waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed");
      t[0] = (System.nanoTime() - t0) / 1e9;
      // times: the shell's user and system time, then its children's
      String[] children = Files.readAllLines(times).get(1).trim().split("\\s+");
      t[1] = seconds(children[0]) + seconds(children[1]);
    }
    return t;
  }

  private static double seconds(String bashTime) {
    int m = bashTime.indexOf('m');
    return Integer.parseInt(bashTime.substring(0, m)) * 60 + Double.parseDouble(bashTime.substring(m + 1, bashTime.length() - 1));
  }

  private static double cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  /** One row: {@code cmd} writes the file; {@code parallelCmd}, when not null, is the tool on two threads. */
  private static String[] measure(Path dir, int cores, String name, String out, List<String> cmd,
      List<String> parallelCmd) throws Exception {
    Path gz = dir.resolve(out);
    double toolParallel = parallelCmd == null ? 0 : tool(dir, gz, parallelCmd)[0];
    double[] tool = tool(dir, gz, cmd);
    Path content = dir.resolve(out + ".content");
    List<GzipWalker.Member> members = new ArrayList<>();
    GzipWalker.Summary s = null;
    double[] walk = new double[2];
    double[] restore = new double[2];
    double walkCpu = 0;
    double restoreCpu = 0;
    byte[] original = Files.readAllBytes(gz);
    int[] threads = {1, cores};
    for (int t = 0; t < 2; t++) {
      for (int run = 0; run < 2; run++) { // the second run is reported: the first warms the JIT
        members.clear();
        long w0 = System.nanoTime();
        double c0 = cpu();
        try (FileChannel ch = FileChannel.open(gz);
            OutputStream c = new BufferedOutputStream(Files.newOutputStream(content), 1 << 16)) {
          s = GzipWalker.walk(ch, c, members::add, threads[t]);
        }
        walk[t] = (System.nanoTime() - w0) / 1e9;
        if (t == 0) walkCpu = cpu() - c0;
      }
      for (int run = 0; run < 2; run++) {
        long r0 = System.nanoTime();
        double c0 = cpu();
        ByteArrayOutputStream restored = new ByteArrayOutputStream(original.length);
        try (InputStream c = new java.io.BufferedInputStream(Files.newInputStream(content), 1 << 16);
            FileChannel ch = FileChannel.open(gz);
            GzipRestorer r = new GzipRestorer(c, m -> rawRange(ch, m), restored, threads[t])) {
          for (GzipWalker.Member m : members) r.write(m);
          r.finish();
        }
        restore[t] = (System.nanoTime() - r0) / 1e9;
        if (t == 0) restoreCpu = cpu() - c0;
        if (!java.util.Arrays.equals(restored.toByteArray(), original)) throw new AssertionError(name + ": restore differs");
      }
    }
    double mb = s.contentBytes() / 1e6;
    return new String[] {name, f(mb), f(mb / tool[1]), f(mb / walkCpu), f(mb / restoreCpu),
        String.format("%.2f×", tool[1] / walkCpu), String.format("**%.2f×**", tool[1] / restoreCpu),
        f(mb / tool[0]) + ", " + (parallelCmd == null ? "—" : f(mb / toolParallel)),
        f(mb / walk[0]) + ", " + f(mb / walk[1]), f(mb / restore[0]) + ", " + f(mb / restore[1]),
        parallelCmd == null ? String.format("%.2f× (gzip -6)", tool[0] / restore[1])
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
