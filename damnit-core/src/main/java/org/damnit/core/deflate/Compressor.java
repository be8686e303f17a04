package org.damnit.core.deflate;

import java.util.Objects;

/**
 * A DEFLATE compressor that DAMNIT re-creates bit for bit, pinned by name and version: a stored
 * recipe naming one must give the same bytes in every later release.
 *
 * @param name {@code libdeflate}, {@code gnu-gzip}, {@code zlib} or {@code pigz}
 * @param version the version whose output is reproduced
 * @param level the compressor's own level (libdeflate 0–12, gzip 1–9, zlib 1–9)
 */
public record Compressor(String name, String version, int level) {
  public static final String LIBDEFLATE = "libdeflate";
  public static final String GNU_GZIP = "gnu-gzip";
  public static final String ZLIB = "zlib";
  public static final String PIGZ = "pigz";

  public Compressor {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
  }

  public static Compressor libdeflate(int level) {
    return new Compressor(LIBDEFLATE, "1.14", level);
  }

  public static Compressor gnuGzip(int level) {
    return new Compressor(GNU_GZIP, "1.12", level);
  }

  /** zlib 1.2.13's deflate (raw, 32 KiB window, memLevel 8, default strategy, one Z_FINISH). */
  public static Compressor zlib(int level) {
    return new Compressor(ZLIB, "1.2.13", level);
  }

  /** pigz 2.6 over zlib 1.2.13: 128 KiB blocks, each primed with the 32 KiB before it. */
  public static Compressor pigz(int level) {
    return new Compressor(PIGZ, "2.6", level);
  }

  /** libdeflate's level for htslib's BGZF level (bgzip/samtools {@code -l}; negative = default). */
  public static int libdeflateLevelForHtslib(int htslibLevel) {
    int[] map = {0, 1, 2, 3, 5, 6, 7, 8, 10, 12};
    int level = htslibLevel > 0 ? htslibLevel : htslibLevel == 0 ? 0 : 6;
    return map[Math.min(level, 9)];
  }

  /** Whether this release can re-create it. */
  public boolean supported() {
    return switch (name) {
      case LIBDEFLATE -> version.equals("1.14") && level >= 0 && level <= 12;
      case GNU_GZIP -> version.equals("1.12") && level >= 1 && level <= 9;
      case ZLIB -> version.equals("1.2.13") && level >= 1 && level <= 9;
      case PIGZ -> version.equals("2.6") && level >= 1 && level <= 9;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return name + "-" + version + "/" + level;
  }
}
