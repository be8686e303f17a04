package org.damnit.core.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made by the real tools are walked, re-created member by member, and given back byte for byte. */
class GzipWalkerTest {
  @TempDir static Path dir;
  static Path fastq;

  @BeforeAll
  static void content() throws IOException {
    fastq = dir.resolve("reads.fq");
    Files.write(fastq, Tools.fastq(7, 1000));
  }

  /**
   * Walks {@code file} on one thread and (BGZF) on three, checks that both give the same members, content
   * and summary, restores it from them on one thread and (BGZF) on three, and checks the bytes.
   */
  static GzipWalker.Summary roundTrip(Path file) throws IOException {
    List<GzipWalker.Member> members = new ArrayList<>();
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    GzipWalker.Summary s;
    try (FileChannel ch = FileChannel.open(file)) {
      s = GzipWalker.walk(ch, content, members::add);
      boolean bgzf = members.stream().anyMatch(m -> m.kind() == GzipWalker.Kind.BGZF_BLOCK);
      int[] threadCounts = bgzf ? new int[] {1, 3} : new int[] {1};
      if (bgzf) {
        List<GzipWalker.Member> parallel = new ArrayList<>();
        ByteArrayOutputStream parallelContent = new ByteArrayOutputStream();
        assertThat(GzipWalker.walk(ch, parallelContent, parallel::add, 3)).isEqualTo(s);
        assertThat(parallel.stream().map(GzipWalkerTest::show)).containsExactlyElementsOf(
            members.stream().map(GzipWalkerTest::show).toList());
        assertThat(parallelContent.toByteArray()).isEqualTo(content.toByteArray());
      }
      byte[] original = Files.readAllBytes(file);
      for (int threads : threadCounts) {
        ByteArrayOutputStream restored = new ByteArrayOutputStream();
        try (GzipRestorer r = new GzipRestorer(new ByteArrayInputStream(content.toByteArray()),
            m -> new ByteArrayInputStream(range(ch, m.offset(), (int) m.length())), restored, threads)) {
          for (GzipWalker.Member m : members) r.write(m);
          r.finish();
        }
        assertThat(restored.toByteArray()).as("restored %s on %d threads", file.getFileName(), threads)
            .isEqualTo(original);
      }
    }
    assertThat(s.members()).isEqualTo(members.size());
    assertThat(s.recreated() + s.rawFallbacks()).isEqualTo(s.members());
    assertThat(s.attempts()).isGreaterThanOrEqualTo(s.recreated());
    long covered = members.stream().mapToLong(GzipWalker.Member::length).sum();
    assertThat(covered).isEqualTo(Files.size(file));
    return s;
  }

  /** A member with its byte arrays spelled out (records compare arrays by identity). */
  static String show(GzipWalker.Member m) {
    return List.of(m.kind(), m.offset(), m.length(), Arrays.toString(m.header()), String.valueOf(m.compressor()),
        m.deflateLength(), m.contentLength(), Arrays.toString(m.trailer()), String.valueOf(m.fallback())).toString();
  }

  static byte[] range(FileChannel ch, long off, int len) throws IOException {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(len);
    while (bb.hasRemaining() && ch.read(bb, off + bb.position()) > 0) {
      // positional reads until full
    }
    return bb.array();
  }

  static Path gzip(String name, String... cmd) throws Exception {
    Path out = dir.resolve(name);
    Tools.run(dir, out, cmd);
    return out;
  }

  @Test
  void everyGnuGzipLevelIsRecreated() throws Exception {
    for (int level = 1; level <= 9; level++) {
      GzipWalker.Summary s = roundTrip(gzip("g" + level + ".gz", "gzip", "-" + level, "-c", fastq.toString()));
      assertThat(s.rawFallbacks()).isZero();
      assertThat(s.byCompressor()).containsOnlyKeys(Compressor.gnuGzip(level));
    }
  }

  @Test
  void gzipWithNameAndTimeAndFromAPipe() throws Exception {
    Path copy = dir.resolve("named.fq");
    Files.copy(fastq, copy);
    Tools.run(dir, null, "gzip", "-k", "-f", copy.toString());
    assertThat(roundTrip(dir.resolve("named.fq.gz")).rawFallbacks()).isZero();
    Path piped = dir.resolve("piped.gz");
    Tools.run(dir, piped, "sh", "-c", "cat " + fastq + " | gzip");
    assertThat(roundTrip(piped).rawFallbacks()).isZero();
  }

  @Test
  void pigzSingleBlockIsZlibAndMultiBlockIsPigz() throws Exception {
    Path small = dir.resolve("small.fq");
    Files.write(small, Arrays.copyOf(Files.readAllBytes(fastq), 100_000));
    for (int level : new int[] {1, 6, 9}) {
      GzipWalker.Summary s = roundTrip(gzip("p" + level + ".gz", "pigz", "-" + level, "-c", small.toString()));
      assertThat(s.byCompressor()).containsOnlyKeys(Compressor.zlib(level));
    }
    for (int level : new int[] {1, 6, 9}) {
      GzipWalker.Summary multi = roundTrip(gzip("pm" + level + ".gz", "pigz", "-" + level, "-c", fastq.toString()));
      assertThat(multi.byCompressor()).containsOnlyKeys(Compressor.pigz(level));
    }
  }

  @Test
  void concatenatedAndEmptyMembers() throws Exception {
    Path g1 = gzip("c1.gz", "gzip", "-1", "-c", fastq.toString());
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    Path g0 = gzip("c0.gz", "gzip", "-c", empty.toString());
    Path g9 = gzip("c9.gz", "gzip", "-9", "-c", fastq.toString());
    Path cat = dir.resolve("cat.gz");
    Files.write(cat, concat(Files.readAllBytes(g1), Files.readAllBytes(g0), Files.readAllBytes(g9)));
    GzipWalker.Summary s = roundTrip(cat);
    assertThat(s.members()).isEqualTo(3);
    assertThat(s.rawFallbacks()).isZero();
    assertThat(s.contentBytes()).isEqualTo(2 * Files.size(fastq));
    assertThat(roundTrip(g0).recreated()).isEqualTo(1);
  }

  @Test
  void truncatedCorruptAndTrailingBytesFallBackRawAndComeBackExact() throws Exception {
    byte[] g = Files.readAllBytes(gzip("t.gz", "gzip", "-c", fastq.toString()));
    Path truncated = dir.resolve("truncated.gz");
    Files.write(truncated, Arrays.copyOf(g, g.length / 2));
    GzipWalker.Summary t = roundTrip(truncated);
    assertThat(t.rawFallbacks()).isEqualTo(1);
    assertThat(t.recreated()).isZero();

    byte[] flipped = g.clone();
    flipped[g.length / 2] ^= 0x10;
    Path f = dir.resolve("flipped.gz");
    Files.write(f, flipped);
    assertThat(roundTrip(f).rawFallbacks()).isEqualTo(1);

    byte[] b = Files.readAllBytes(gzip("fb.gz", "bgzip", "-c", fastq.toString()));
    b[b.length / 2] ^= 0x01;
    Path fb = dir.resolve("flipped-bgzf.gz");
    Files.write(fb, b);
    GzipWalker.Summary s = roundTrip(fb);
    assertThat(s.rawFallbacks()).isEqualTo(1);
    assertThat(s.recreated()).isEqualTo(s.members() - 1);

    Path trailing = dir.resolve("trailing.gz");
    Files.write(trailing, concat(g, new byte[100]));
    GzipWalker.Summary tr = roundTrip(trailing);
    assertThat(tr.recreated()).isEqualTo(1);
    assertThat(tr.rawBytes()).isEqualTo(100);

    Path plain = fastq;
    GzipWalker.Summary p = roundTrip(plain);
    assertThat(p.recreated()).isZero();
    assertThat(p.rawBytes()).isEqualTo(Files.size(plain));
  }

  @Test
  void anUnknownCompressorFallsBackRaw() throws Exception {
    Path small = dir.resolve("zopfli.fq");
    Files.write(small, Arrays.copyOf(Files.readAllBytes(fastq), 50_000));
    GzipWalker.Summary s = roundTrip(gzip("zopfli.gz", "pigz", "-11", "-c", small.toString()));
    assertThat(s.rawFallbacks()).isEqualTo(1);
    assertThat(s.recreated()).isZero();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) o.writeBytes(p);
    return o.toByteArray();
  }
}
