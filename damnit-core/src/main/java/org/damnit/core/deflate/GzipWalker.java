package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a gzip or BGZF file member by member (BGZF: block by block), recognised by content, and finds
 * for each the compressor that re-creates its DEFLATE stream bit for bit. Every re-creation is
 * compared byte for byte with the original; a member that no known compressor re-creates, or that is
 * corrupt or truncated, is reported as raw (its original bytes must then be kept as they are).
 * Memory stays bounded: BGZF blocks are at most 64 KiB, and gzip members are re-created streaming.
 */
public final class GzipWalker {
  /** What a region of the file is. */
  public enum Kind { GZIP_MEMBER, BGZF_BLOCK, RAW }

  /**
   * One member, block or raw region, in file order.
   *
   * @param offset where it starts in the file
   * @param length its length in the file, header and trailer included
   * @param header the header bytes as they are (empty for raw)
   * @param compressor the compressor that re-creates its DEFLATE stream, or null when raw
   * @param deflateLength length of the DEFLATE stream
   * @param contentLength length of the decompressed content
   * @param trailer CRC-32 and ISIZE as they are (empty for raw)
   * @param fallback why it stays raw, or null
   */
  public record Member(Kind kind, long offset, long length, byte[] header, Compressor compressor,
      long deflateLength, long contentLength, byte[] trailer, String fallback) {
    public boolean recreated() {
      return compressor != null;
    }
  }

  /** Receives every member in file order. */
  @FunctionalInterface
  public interface Listener {
    void member(Member m) throws IOException;
  }

  /** Totals of one walk. */
  public record Summary(long members, long recreated, long rawFallbacks, long rawBytes, long contentBytes,
      Map<Compressor, Long> byCompressor) {}

  private static final int BGZF_MAX_BLOCK = 1 << 16;
  private static final int MAX_HEADER = 1 << 16;
  /** Full candidate searches on BGZF blocks before the walk settles on the known winners. */
  private static final int BGZF_FULL_SEARCHES = 4;

  private final FileChannel ch;
  private final long size;
  private final OutputStream content;
  private final Listener listener;
  private final Recreators recreators = new Recreators();
  private final Map<Compressor, Long> byCompressor = new LinkedHashMap<>();
  private Compressor lastWinner;
  private int bgzfFailedSearches;
  private long members;
  private long recreated;
  private long rawFallbacks;
  private long rawBytes;
  private long contentBytes;
  private final byte[] block = new byte[BGZF_MAX_BLOCK];
  private final byte[] inflated = new byte[BGZF_MAX_BLOCK + 1];

  private GzipWalker(FileChannel ch, OutputStream content, Listener listener) throws IOException {
    this.ch = ch;
    this.size = ch.size();
    this.content = content;
    this.listener = listener;
  }

  /** Whether these first bytes start a gzip member (magic 1f 8b, method 8). */
  public static boolean looksLikeGzip(byte[] head, int len) {
    return len >= 10 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b && head[2] == 8;
  }

  /**
   * Walks the whole file. The decompressed content of every re-created member goes to
   * {@code content} in order (raw regions contribute nothing to it).
   */
  public static Summary walk(FileChannel ch, OutputStream content, Listener listener) throws IOException {
    GzipWalker w = new GzipWalker(ch, content, listener);
    w.run();
    return new Summary(w.members, w.recreated, w.rawFallbacks, w.rawBytes, w.contentBytes,
        Map.copyOf(w.byCompressor));
  }

  private record Header(byte[] bytes, int bgzfSize) {}

  private void run() throws IOException {
    long pos = 0;
    while (pos < size) {
      Header h = readHeader(pos);
      if (h == null) {
        raw(pos, size - pos, pos == 0 ? "not gzip" : "trailing bytes after the last member");
        return;
      }
      pos = h.bgzfSize > 0 ? bgzfBlock(pos, h) : gzipMember(pos, h);
    }
  }

  private void emit(Member m) throws IOException {
    members++;
    if (m.recreated()) {
      recreated++;
      byCompressor.merge(m.compressor(), 1L, Long::sum);
      contentBytes += m.contentLength();
    } else {
      rawFallbacks++;
      rawBytes += m.length();
    }
    listener.member(m);
  }

  private void raw(long pos, long len, String why) throws IOException {
    emit(new Member(Kind.RAW, pos, len, new byte[0], null, 0, 0, new byte[0], why));
  }

  private int readFully(long pos, byte[] dst, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, 0, len);
    while (bb.hasRemaining()) {
      int n = ch.read(bb, pos + bb.position());
      if (n < 0) break;
    }
    return bb.position();
  }

  /** Parses the gzip header at {@code pos}; null when there is none (or it is cut or oversized). */
  private Header readHeader(long pos) throws IOException {
    byte[] h = new byte[(int) Math.min(MAX_HEADER, size - pos)];
    int n = readFully(pos, h, h.length);
    if (!looksLikeGzip(h, n)) return null;
    int flg = h[3] & 0xFF;
    if ((flg & 0xE0) != 0) return null;
    int p = 10;
    int bgzfSize = 0;
    if ((flg & 4) != 0) {
      if (p + 2 > n) return null;
      int xlen = (h[p] & 0xFF) | (h[p + 1] & 0xFF) << 8;
      p += 2;
      if (p + xlen > n) return null;
      for (int q = p; q + 4 <= p + xlen; ) {
        int slen = (h[q + 2] & 0xFF) | (h[q + 3] & 0xFF) << 8;
        if (h[q] == 'B' && h[q + 1] == 'C' && slen == 2 && q + 6 <= p + xlen) {
          bgzfSize = ((h[q + 4] & 0xFF) | (h[q + 5] & 0xFF) << 8) + 1;
        }
        q += 4 + slen;
      }
      p += xlen;
    }
    for (int bit : new int[] {8, 16}) {
      if ((flg & bit) != 0) {
        while (p < n && h[p] != 0) p++;
        if (p >= n) return null;
        p++;
      }
    }
    if ((flg & 2) != 0) p += 2;
    if (p > n) return null;
    if (bgzfSize > 0 && bgzfSize < p + 8) bgzfSize = 0;
    return new Header(java.util.Arrays.copyOf(h, p), bgzfSize);
  }

  // ---------------------------------------------------------------- BGZF

  private long bgzfBlock(long pos, Header h) throws IOException {
    int bsize = h.bgzfSize;
    if (pos + bsize > size) {
      raw(pos, size - pos, "truncated BGZF block");
      return size;
    }
    readFully(pos, block, bsize);
    int hlen = h.bytes.length;
    int dlen = bsize - hlen - 8;
    byte[] trailer = java.util.Arrays.copyOfRange(block, bsize - 8, bsize);
    long isize = le32(trailer, 4);
    int clen = inflateBlock(hlen, dlen, isize);
    if (clen < 0) {
      raw(pos, bsize, "corrupt BGZF block");
      return pos + bsize;
    }
    Compressor winner = bgzfRecreate(hlen, dlen, clen);
    if (winner == null) {
      raw(pos, bsize, "no known compressor re-creates this block");
      return pos + bsize;
    }
    lastWinner = winner;
    content.write(inflated, 0, clen);
    emit(new Member(Kind.BGZF_BLOCK, pos, bsize, h.bytes, winner, dlen, clen, trailer, null));
    return pos + bsize;
  }

  /** Inflates the block's DEFLATE data into {@link #inflated}; -1 unless it is exact and its CRC matches. */
  private int inflateBlock(int off, int dlen, long isize) {
    if (isize > BGZF_MAX_BLOCK) return -1;
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(block, off, dlen);
      int n = 0;
      while (!inf.finished()) {
        int r = inf.inflate(inflated, n, inflated.length - n);
        n += r;
        if (r == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary() || n == inflated.length)) {
          return -1;
        }
      }
      if (inf.getRemaining() != 0 || n != isize) return -1;
      CRC32 crc = new CRC32();
      crc.update(inflated, 0, n);
      return crc.getValue() == le32(block, off + dlen) ? n : -1;
    } catch (DataFormatException e) {
      return -1;
    } finally {
      inf.end();
    }
  }

  private Compressor bgzfRecreate(int off, int dlen, int clen) throws IOException {
    List<Compressor> order = new ArrayList<>();
    if (lastWinner != null) order.add(lastWinner);
    if (clen == 0) order.add(Compressor.zlib(6)); // htslib's EOF marker block
    order.add(Compressor.libdeflate(7));
    boolean full = bgzfFailedSearches < BGZF_FULL_SEARCHES;
    if (full) {
      for (int l : new int[] {0, 1, 2, 3, 5, 6, 8, 10, 12, 4, 9, 11}) order.add(Compressor.libdeflate(l));
      for (int l : new int[] {6, 1, 2, 3, 4, 5, 7, 8, 9}) order.add(Compressor.zlib(l));
    } else {
      order.add(Compressor.zlib(6));
    }
    for (Compressor c : order.stream().distinct().toList()) {
      if (bgzfMatches(c, off, dlen, clen)) return c;
    }
    if (full) bgzfFailedSearches++;
    return null;
  }

  private boolean bgzfMatches(Compressor c, int off, int dlen, int clen) throws IOException {
    int n = recreators.block(c, inflated, 0, clen);
    return n == dlen && java.util.Arrays.equals(recreators.buffer(), 0, dlen, block, off, off + dlen);
  }

  // ---------------------------------------------------------------- gzip members

  private record Inflated(long deflateLength, long contentLength, long crc) {}

  /** Inflates the DEFLATE stream at {@code start}, streaming; null when corrupt or cut short. */
  private Inflated inflateMember(long start, OutputStream sink) throws IOException {
    Inflater inf = new Inflater(true);
    ChannelInput in = new ChannelInput(ch, start, size);
    byte[] ib = new byte[1 << 16];
    byte[] ob = new byte[1 << 16];
    CRC32 crc = new CRC32();
    long total = 0;
    try {
      while (!inf.finished()) {
        if (inf.needsInput()) {
          int n = in.read(ib, 0, ib.length);
          if (n < 0) return null;
          inf.setInput(ib, 0, n);
        }
        int r = inf.inflate(ob);
        if (r == 0 && inf.needsDictionary()) return null;
        if (r > 0) {
          crc.update(ob, 0, r);
          total += r;
          if (sink != null) sink.write(ob, 0, r);
        }
      }
      return new Inflated(inf.getBytesRead(), total, crc.getValue());
    } catch (DataFormatException e) {
      return null;
    } finally {
      inf.end();
    }
  }

  private long gzipMember(long pos, Header h) throws IOException {
    long start = pos + h.bytes.length;
    Inflated inf = inflateMember(start, null);
    if (inf == null) {
      raw(pos, size - pos, "corrupt or truncated gzip member");
      return size;
    }
    long trailerPos = start + inf.deflateLength;
    byte[] trailer = new byte[8];
    if (readFully(trailerPos, trailer, 8) < 8) {
      raw(pos, size - pos, "truncated gzip member");
      return size;
    }
    long end = trailerPos + 8;
    if (le32(trailer, 0) != inf.crc || le32(trailer, 4) != (inf.contentLength & 0xFFFFFFFFL)) {
      raw(pos, end - pos, "gzip member fails its CRC-32 or length check");
      return end;
    }
    Compressor winner = null;
    for (Compressor c : gzipCandidates(h.bytes[8] & 0xFF)) {
      if (memberMatches(c, start, inf.deflateLength)) {
        winner = c;
        break;
      }
    }
    if (winner == null) {
      raw(pos, end - pos, "no known compressor re-creates this member");
      return end;
    }
    lastWinner = winner;
    inflateMember(start, content);
    emit(new Member(Kind.GZIP_MEMBER, pos, end - pos, h.bytes, winner, inf.deflateLength, inf.contentLength,
        trailer, null));
    return end;
  }

  /** The likely compressors first: XFL says 4 for the fastest level, 2 for the best. */
  private List<Compressor> gzipCandidates(int xfl) {
    List<Compressor> order = new ArrayList<>();
    if (lastWinner != null && !lastWinner.name().equals(Compressor.LIBDEFLATE)) order.add(lastWinner);
    int[] levels = xfl == 4 ? new int[] {1} : xfl == 2 ? new int[] {9} : new int[] {6, 2, 3, 4, 5, 7, 8};
    for (int l : levels) order.add(Compressor.gnuGzip(l));
    for (int l : levels) order.add(Compressor.zlib(l));
    for (int l : levels) order.add(Compressor.pigz(l));
    if (xfl != 0 && xfl != 2 && xfl != 4) {
      for (int l = 1; l <= 9; l++) order.add(Compressor.gnuGzip(l));
    }
    return order.stream().distinct().toList();
  }

  private boolean memberMatches(Compressor c, long start, long deflateLength) throws IOException {
    MatchingOutputStream m = new MatchingOutputStream(new ChannelInput(ch, start, start + deflateLength),
        deflateLength);
    try (InputStream body = new InflatingInput(new ChannelInput(ch, start, size))) {
      recreators.stream(c, body, m);
      m.finish();
      return true;
    } catch (MatchingOutputStream.Mismatch e) {
      return false;
    }
  }

  static long le32(byte[] b, int p) {
    return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
  }

  /** Raw inflate of one DEFLATE stream; stops at its end. */
  private static final class InflatingInput extends InputStream {
    private final Inflater inf = new Inflater(true);
    private final InputStream in;
    private final byte[] ib = new byte[1 << 16];

    InflatingInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      try {
        while (true) {
          if (inf.finished()) return -1;
          if (inf.needsInput()) {
            int n = in.read(ib, 0, ib.length);
            if (n < 0) throw new IOException("DEFLATE stream cut short");
            inf.setInput(ib, 0, n);
          }
          int r = inf.inflate(b, off, len);
          if (r > 0) return r;
          if (inf.needsDictionary()) throw new IOException("DEFLATE stream needs a dictionary");
        }
      } catch (DataFormatException e) {
        throw new IOException("corrupt DEFLATE stream", e);
      }
    }

    @Override
    public void close() {
      inf.end();
    }
  }
}
