package org.damnit.core.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BGZF walked and restored on several threads: in order, bounded, the same result, failures surfaced. */
class ParallelWalkTest {
  @TempDir static Path dir;
  static Path bgzf;

  @BeforeAll
  static void file() throws Exception {
    Path fastq = dir.resolve("reads.fq");
    Files.write(fastq, Tools.fastq(9, 4000)); // ~1.3 MB: ~25 blocks
    bgzf = dir.resolve("reads.fq.gz");
    Tools.run(dir, bgzf, "bgzip", "-c", fastq.toString());
  }

  @Test
  void eachBlockIsCompressedOnceWhenTheFirstCandidateFits() throws Exception {
    GzipWalker.Summary s = GzipWalkerTest.roundTrip(bgzf);
    assertThat(s.members()).isGreaterThan(Ordered.LIMIT / 4);
    assertThat(s.rawFallbacks()).isZero();
    assertThat(s.attempts()).isEqualTo(s.members());
  }

  @Test
  void aLevelFoundBySearchIsSearchedForOnceOnly() throws Exception {
    Path l9 = dir.resolve("l9.gz");
    Tools.run(dir, l9, "bgzip", "-l", "9", "-c", dir.resolve("reads.fq").toString());
    GzipWalker.Summary s = GzipWalkerTest.roundTrip(l9);
    assertThat(s.byCompressor()).containsKey(Compressor.libdeflate(12));
    // the first block tries libdeflate 7, 0, 1, 2, 3, 5, 6, 8, 10 and 12; every later block its winner first
    assertThat(s.attempts()).isEqualTo(s.members() + 9);
  }

  @Test
  void aFailingListenerStopsTheWalkAndItsThreads() throws Exception {
    List<GzipWalker.Member> seen = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(bgzf)) {
      assertThatThrownBy(() -> GzipWalker.walk(ch, OutputStream.nullOutputStream(), m -> {
        seen.add(m);
        if (seen.size() == 5) throw new IOException("disk full");
      }, 4)).isInstanceOf(IOException.class).hasMessage("disk full");
    }
    assertThat(seen).hasSize(5);
    assertThat(seen).extracting(GzipWalker.Member::offset).isSorted();
    assertNoDeflateThreadsLeft();
  }

  @Test
  void contentThatFailsItsCrcIsThrownAndNothingAfterItIsWritten() throws Exception {
    List<GzipWalker.Member> members = new ArrayList<>();
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    try (FileChannel ch = FileChannel.open(bgzf)) {
      GzipWalker.walk(ch, content, members::add, 4);
    }
    byte[] c = content.toByteArray();
    GzipWalker.Member bad = members.get(10);
    long at = members.subList(0, 10).stream().mapToLong(GzipWalker.Member::contentLength).sum();
    c[(int) at + 7] ^= 0x20;
    ByteArrayOutputStream restored = new ByteArrayOutputStream();
    try (GzipRestorer r = new GzipRestorer(new ByteArrayInputStream(c), m -> {
      throw new AssertionError("no raw regions");
    }, restored, 4)) {
      assertThatThrownBy(() -> {
        for (GzipWalker.Member m : members) r.write(m);
        r.finish();
      }).isInstanceOf(IOException.class).hasMessageContaining("at " + bad.offset()).hasMessageContaining("CRC-32");
    }
    assertThat((long) restored.size()).isEqualTo(bad.offset());
    assertThat(restored.toByteArray()).isEqualTo(java.util.Arrays.copyOf(Files.readAllBytes(bgzf), (int) bad.offset()));
    assertNoDeflateThreadsLeft();
  }

  @Test
  void aRecipeWithAShortTrailerIsRefused() throws Exception {
    GzipWalker.Member bad = new GzipWalker.Member(GzipWalker.Kind.BGZF_BLOCK, 0, 30, new byte[18],
        Compressor.libdeflate(7), 2, 0, new byte[4], null);
    try (GzipRestorer r = new GzipRestorer(new ByteArrayInputStream(new byte[0]), m -> null,
        new ByteArrayOutputStream(), 2)) {
      assertThatThrownBy(() -> r.write(bad)).isInstanceOf(IOException.class).hasMessageContaining("trailer of 4 bytes");
    }
  }

  static void assertNoDeflateThreadsLeft() throws InterruptedException {
    for (int i = 0; i < 50 && deflateThreads() > 0; i++) Thread.sleep(20);
    assertThat(deflateThreads()).isZero();
  }

  private static long deflateThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("damnit-deflate-")).count();
  }
}
