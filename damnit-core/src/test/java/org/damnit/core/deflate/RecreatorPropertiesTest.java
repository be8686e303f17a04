package org.damnit.core.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.zip.Inflater;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random content at every level of every compressor: the Java re-creation must equal the real tool's
 * output byte for byte (bgzip for libdeflate, gzip for GNU gzip, pigz for zlib and pigz), and levels no tool
 * here uses must at least round-trip.
 */
class RecreatorPropertiesTest {

  /** Content with tunable redundancy: literals from a small or large alphabet, and copies of earlier runs. */
  static byte[] content(long seed, int length, int alphabet) {
    Random r = new Random(seed);
    byte[] b = new byte[length];
    int i = 0;
    while (i < length) {
      if (i > 16 && r.nextInt(3) == 0) {
        int len = Math.min(length - i, 3 + r.nextInt(r.nextBoolean() ? 8 : 300));
        int from = r.nextInt(i);
        for (int k = 0; k < len; k++) b[i + k] = b[from + (k % Math.max(1, i - from))];
        i += len;
      } else {
        int run = Math.min(length - i, 1 + r.nextInt(40));
        for (int k = 0; k < run; k++) b[i++] = (byte) ('!' + r.nextInt(alphabet));
      }
    }
    return b;
  }

  static Path tmp(byte[] data) throws Exception {
    Path f = Files.createTempFile("deflate-prop", ".dat");
    Files.write(f, data);
    return f;
  }

  /** Runs {@code tool} at every level on the content and hands its output to {@code check}. */
  private static void atEveryLevel(byte[] data, int from, int to, IntFunction<String[]> tool, LevelCheck check)
      throws Exception {
    Path f = tmp(data);
    Path out = Files.createTempFile("deflate-prop", ".gz");
    try {
      for (int level = from; level <= to; level++) {
        String[] cmd = tool.apply(level);
        cmd[cmd.length - 1] = f.toString();
        Tools.run(f.getParent(), out, cmd);
        check.check(level, Files.readAllBytes(out));
      }
    } finally {
      Files.delete(f);
      Files.delete(out);
    }
  }

  @FunctionalInterface
  private interface LevelCheck {
    void check(int level, byte[] toolOutput) throws Exception;
  }

  /** The re-creation of a whole single-member gzip file written with {@code -n} (a 10-byte header). */
  private static void recreatesMember(Compressor c, byte[] data, byte[] gz) throws Exception {
    ByteArrayOutputStream re = new ByteArrayOutputStream();
    Recreator.of(c).deflate(new ByteArrayInputStream(data), re);
    assertThat(re.toByteArray()).as("%s", c).isEqualTo(Arrays.copyOfRange(gz, 10, gz.length - 8));
  }

  @Property(tries = 5)
  void libdeflateEqualsBgzipAtEveryHtslibLevel(@ForAll long seed, @ForAll @IntRange(min = 0, max = 140_000) int length,
      @ForAll @IntRange(min = 1, max = 200) int alphabet) throws Exception {
    atEveryLevel(content(seed, length, alphabet), 0, 9, level -> new String[] {"bgzip", "-l", "" + level, "-c", ""},
        (level, bgzf) -> {
          Recreators lib = new Recreators();
          Compressor c = Compressor.libdeflate(Compressor.libdeflateLevelForHtslib(level));
          int blocks = 0;
          for (int p = 0, bsize; p < bgzf.length; p += bsize) {
            bsize = ((bgzf[p + 16] & 0xFF) | (bgzf[p + 17] & 0xFF) << 8) + 1;
            int isize = (int) GzipWalker.le32(bgzf, p + bsize - 4);
            if (isize > 0) {
              byte[] data = inflate(bgzf, p + 18, bsize - 26, isize);
              int n = lib.block(c, data, 0, data.length);
              assertThat(Arrays.copyOf(lib.buffer(), n)).as("level %d block %d", level, blocks)
                  .isEqualTo(Arrays.copyOfRange(bgzf, p + 18, p + bsize - 8));
              blocks++;
            }
          }
          assertThat(lib.attempts()).isEqualTo(blocks);
        });
  }

  @Property(tries = 6)
  void gnuGzipPortEqualsGzipAtEveryLevel(@ForAll long seed, @ForAll @IntRange(min = 0, max = 250_000) int length,
      @ForAll @IntRange(min = 1, max = 200) int alphabet) throws Exception {
    byte[] data = content(seed, length, alphabet);
    atEveryLevel(data, 1, 9, level -> new String[] {"gzip", "-" + level, "-n", "-c", ""},
        (level, gz) -> recreatesMember(Compressor.gnuGzip(level), data, gz));
  }

  @Property(tries = 8)
  void zlibEqualsSingleBlockPigzAtEveryLevel(@ForAll long seed, @ForAll @IntRange(min = 0, max = 120_000) int length,
      @ForAll @IntRange(min = 1, max = 200) int alphabet) throws Exception {
    byte[] data = content(seed, length, alphabet);
    atEveryLevel(data, 1, 9, level -> new String[] {"pigz", "-" + level, "-n", "-c", ""},
        (level, gz) -> recreatesMember(Compressor.zlib(level), data, gz));
  }

  @Property(tries = 2)
  void pigzBlocksEqualPigzAtEveryLevel(@ForAll long seed, @ForAll @IntRange(min = 131_073, max = 300_000) int length,
      @ForAll @IntRange(min = 1, max = 200) int alphabet) throws Exception {
    byte[] data = content(seed, length, alphabet);
    atEveryLevel(data, 1, 9, level -> new String[] {"pigz", "-" + level, "-n", "-c", ""},
        (level, gz) -> recreatesMember(Compressor.pigz(level), data, gz));
  }

  @Property(tries = 2)
  void pigzBlocksOnThreadsEqualPigz(@ForAll long seed, @ForAll @IntRange(min = 0, max = 131_071) int tail,
      @ForAll @IntRange(min = 1, max = 200) int alphabet, @ForAll @IntRange(min = 1, max = 9) int level) throws Exception {
    int block = Zlib1213.PIGZ_BLOCK;
    for (int length : new int[] {0, tail, 2 * block, 3 * block + 1, 8 * block + tail}) { // whole blocks too
      byte[] data = content(seed + length, length, alphabet);
      atEveryLevel(data, level, level, l -> new String[] {"pigz", "-" + l, "-n", "-c", ""}, (l, gz) -> {
        ByteArrayOutputStream re = new ByteArrayOutputStream();
        Recreators r = new Recreators();
        try (Ordered<Recreators, byte[]> on = new Ordered<>(3, Recreators::new)) {
          r.stream(Compressor.pigz(l), new ByteArrayInputStream(data), re, on);
          assertThat(on.isEmpty()).isTrue();
        }
        assertThat(re.toByteArray()).as("pigz -%d, %d bytes", l, data.length)
            .isEqualTo(Arrays.copyOfRange(gz, 10, gz.length - 8));
        assertThat(r.attempts()).isEqualTo(1);
      });
    }
  }

  @Property(tries = 10)
  void libdeflateLevelsHtslibNeverUsesRoundTrip(@ForAll long seed, @ForAll @IntRange(min = 0, max = 70_000) int length,
      @ForAll @IntRange(min = 1, max = 256) int alphabet) throws Exception {
    byte[] data = content(seed, length, alphabet);
    for (int level : new int[] {4, 9, 11}) {
      byte[] c = new Libdeflate114(level).compress(data, 0, data.length);
      assertThat(inflate(c, 0, c.length, data.length)).as("level %d", level).isEqualTo(data);
    }
  }

  static byte[] inflate(byte[] b, int off, int len, int size) throws Exception {
    Inflater inf = new Inflater(true);
    // raw inflate may need one byte past the stream to see its end (java.util.zip.Inflater's "nowrap" rule)
    inf.setInput(Arrays.copyOfRange(b, off, off + len + 1));
    byte[] out = new byte[size + 1];
    int n = 0;
    while (!inf.finished()) {
      int r = inf.inflate(out, n, size + 1 - n);
      n += r;
      if (r == 0 && !inf.finished() && inf.needsInput()) break;
    }
    assertThat(inf.finished()).isTrue();
    assertThat(inf.getRemaining()).isEqualTo(1);
    inf.end();
    return Arrays.copyOf(out, n);
  }
}
