package org.damnit.core.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** The field's real compressors, run as processes; a missing tool skips the test, except on CI. */
final class Tools {
  private Tools() {}

  static void require(String tool) {
    boolean found = List.of("/usr/bin/", "/bin/", "/usr/local/bin/").stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
    if (!found) {
      if ("true".equals(System.getenv("CI"))) throw new AssertionError(tool + " is not installed (.ci/run installs it)");
      Assumptions.abort(tool + " is not installed");
    }
  }

  /** Runs {@code cmd} in {@code dir}, standard output to {@code stdout} (or discarded when null). */
  static void run(Path dir, Path stdout, String... cmd) throws IOException, InterruptedException {
    require(cmd[0]);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
  }

  /** FASTQ-like text: reads of a small random genome, so there is redundancy for matches to find. */
  static byte[] fastq(long seed, int reads) {
    Random r = new Random(seed);
    char[] genome = new char[20000];
    for (int i = 0; i < genome.length; i++) genome[i] = "ACGT".charAt(r.nextInt(4));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < reads; i++) {
      int p = r.nextInt(genome.length - 150);
      sb.append("@read").append(i).append(" lane=").append(1 + r.nextInt(4)).append('\n');
      for (int j = 0; j < 150; j++) sb.append(r.nextInt(100) == 0 ? 'N' : genome[p + j]);
      sb.append("\n+\n");
      for (int j = 0; j < 150; j++) sb.append((char) (33 + Math.min(41, Math.max(2, (int) (r.nextGaussian() * 6 + 32)))));
      sb.append('\n');
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** A SAM file of reads on one contig. */
  static String sam(long seed, int reads) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:chr1\tLN:100000\n");
    for (int i = 0; i < reads; i++) {
      sb.append("r").append(i).append("\t0\tchr1\t").append(1 + r.nextInt(99000)).append("\t60\t100M\t*\t0\t0\t");
      for (int j = 0; j < 100; j++) sb.append("ACGT".charAt(r.nextInt(4)));
      sb.append('\t');
      for (int j = 0; j < 100; j++) sb.append((char) (35 + r.nextInt(38)));
      sb.append('\n');
    }
    return sb.toString();
  }

  /** A VCF of SNVs on one contig. */
  static String vcf(long seed, int records) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=1000000>\n"
        + "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
    int pos = 1;
    for (int i = 0; i < records; i++) {
      pos += 1 + r.nextInt(30);
      int ref = r.nextInt(4);
      sb.append("chr1\t").append(pos).append("\t.\t").append("ACGT".charAt(ref)).append('\t')
          .append("ACGT".charAt((ref + 1 + r.nextInt(3)) % 4)).append('\t').append(20 + r.nextInt(60)).append("\tPASS\tDP=")
          .append(r.nextInt(200)).append('\n');
    }
    return sb.toString();
  }
}
