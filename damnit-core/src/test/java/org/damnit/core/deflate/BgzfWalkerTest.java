package org.damnit.core.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BGZF written by bgzip, samtools and bcftools (htslib with libdeflate) is re-created block for block. */
class BgzfWalkerTest {
  @TempDir static Path dir;
  static Path fastq;

  @BeforeAll
  static void content() throws IOException {
    fastq = dir.resolve("reads.fq");
    Files.write(fastq, Tools.fastq(8, 1000));
  }

  static Path bgzf(String name, String... cmd) throws Exception {
    Path out = dir.resolve(name);
    Tools.run(dir, out, cmd);
    return out;
  }

  @Test
  void everyBgzipLevelAndTheDefaultAreRecreated() throws Exception {
    for (int level = -1; level <= 9; level++) {
      Path f = level < 0 ? bgzf("b.gz", "bgzip", "-c", fastq.toString())
          : bgzf("b" + level + ".gz", "bgzip", "-l", "" + level, "-c", fastq.toString());
      GzipWalker.Summary s = GzipWalkerTest.roundTrip(f);
      assertThat(s.rawFallbacks()).as("level " + level).isZero();
      assertThat(s.byCompressor()).containsKey(Compressor.libdeflate(Compressor.libdeflateLevelForHtslib(level)));
      assertThat(s.members()).isGreaterThan(5);
    }
  }

  @Test
  void samtoolsAndBcftoolsOutputIsRecreated() throws Exception {
    Files.writeString(dir.resolve("a.sam"), Tools.sam(3, 6000));
    Tools.run(dir, null, "samtools", "view", "-b", "-o", "a.bam", "a.sam");
    Tools.run(dir, null, "samtools", "sort", "-o", "sorted.bam", "a.bam");
    Files.writeString(dir.resolve("a.vcf"), Tools.vcf(4, 20000));
    Tools.run(dir, null, "bcftools", "view", "-Oz", "-o", "a.vcf.gz", "a.vcf");
    Tools.run(dir, null, "bcftools", "view", "-Ob", "-o", "a.bcf", "a.vcf");
    for (String f : List.of("a.bam", "sorted.bam", "a.vcf.gz", "a.bcf")) {
      GzipWalker.Summary s = GzipWalkerTest.roundTrip(dir.resolve(f));
      assertThat(s.rawFallbacks()).as(f).isZero();
      assertThat(s.recreated()).as(f).isGreaterThan(2);
    }
  }

  @Test
  void bgzfWithoutItsEofBlock() throws Exception {
    byte[] b = Files.readAllBytes(bgzf("noeof-src.gz", "bgzip", "-c", fastq.toString()));
    Path f = dir.resolve("noeof.gz");
    Files.write(f, Arrays.copyOf(b, b.length - 28));
    GzipWalker.Summary s = GzipWalkerTest.roundTrip(f);
    assertThat(s.rawFallbacks()).isZero();
    assertThat(s.byCompressor()).containsOnlyKeys(Compressor.libdeflate(7));
  }
}
