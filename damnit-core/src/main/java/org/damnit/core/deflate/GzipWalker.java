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
 * Memory stays bounded: BGZF blocks are at most 64 KiB (at most {@value Ordered#LIMIT} of them in
 * flight when several threads re-create them), and gzip members are re-created streaming.
 *
 * <p>Detection tries the likely compressors first: the one that re-created the previous member or
 * block, then (BGZF) libdeflate at htslib's default level, (gzip) the levels the header's XFL points
 * to. Only a block that none of those re-create gets a search over every level, and after a few such
 * failed searches the walk stops searching. In the common case each block is compressed once
 * ({@link Summary#attempts()} counts every re-creation tried).
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

    /**
     * Called just before {@link #member} for a re-created BGZF block, with the block's bytes as the walk
     * read them from the file: its DEFLATE stream, {@code [header.length, header.length + deflateLength)}
     * of {@code block}, is the one the walk re-created from the block's content and compared byte for byte.
     */
    default void blockVerified(Member m, byte[] block) throws IOException {
    }
  }

  /**
   * Totals of one walk.
   *
   * @param attempts re-creations tried (a member or block re-created by the first compressor tried costs one)
   */
  public record Summary(long members, long recreated, long rawFallbacks, long rawBytes, long contentBytes,
      Map<Compressor, Long> byCompressor, long attempts) {
    /** Totals without a count of attempts (zero). */
    public Summary(long members, long recreated, long rawFallbacks, long rawBytes, long contentBytes,
        Map<Compressor, Long> byCompressor) {
      this(members, recreated, rawFallbacks, rawBytes, contentBytes, byCompressor, 0);
    }
  }

  private static final int BGZF_MAX_BLOCK = 1 << 16;
  private static final int MAX_HEADER = 1 << 16;
  /** Full candidate searches on BGZF blocks before the walk settles on the known winners. */
  private static final int BGZF_FULL_SEARCHES = 4;

  private final Positional ch;
  private final long size;
  private final OutputStream content;
  private final Listener listener;
  private final int threads;
  private final Recreators recreators = new Recreators();
  private Ordered<Recreators, BlockResult> blocks;
  /** A pigz member's blocks, re-created on the threads (null on one thread). */
  private Ordered<Recreators, byte[]> streams;
  private final Map<Compressor, Long> byCompressor = new LinkedHashMap<>();
  private Compressor lastWinner;
  private int bgzfFailedSearches;
  private long members;
  private long recreated;
  private long rawFallbacks;
  private long rawBytes;
  private long contentBytes;
  private long blockAttempts;

  private GzipWalker(Positional ch, OutputStream content, Listener listener, int threads) throws IOException {
    this.ch = ch;
    this.size = ch.size();
    this.content = content;
    this.listener = listener;
    this.threads = threads;
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
    return walk(ch, content, listener, 1);
  }

  /**
   * Walks the whole file as {@link #walk(FileChannel, OutputStream, Listener)} does, BGZF blocks
   * inflated, re-created and compared on {@code threads} threads ({@code
   * Runtime.getRuntime().availableProcessors()} for every core; 1 for this thread only). The
   * listener, {@code content} and the channel are used from this thread only, in file order; members,
   * content and summary are the same whatever the number of threads. gzip members (not BGZF) are one
   * sequential stream each and are walked on this thread, except that a pigz member's re-creation
   * spreads its 128 KiB blocks over the threads. The threads are stopped before this returns
   * or throws.
   */
  public static Summary walk(FileChannel ch, OutputStream content, Listener listener, int threads)
      throws IOException {
    return walk(Positional.of(ch), content, listener, threads);
  }

  /** Walks a file read by position, as {@link #walk(FileChannel, OutputStream, Listener, int)} does. */
  public static Summary walk(Positional ch, OutputStream content, Listener listener, int threads)
      throws IOException {
    GzipWalker w = new GzipWalker(ch, content, listener, threads);
    w.run();
    return new Summary(w.members, w.recreated, w.rawFallbacks, w.rawBytes, w.contentBytes,
        Map.copyOf(w.byCompressor), w.blockAttempts + w.recreators.attempts());
  }

  /** A member's header; {@code head} holds the first {@code headLength} bytes of the member. */
  private record Header(byte[] bytes, int bgzfSize, byte[] head, int headLength) {}

  private void run() throws IOException {
    try (Ordered<Recreators, BlockResult> inFlight = new Ordered<>(threads, Recreators::new);
         Ordered<Recreators, byte[]> pigzBlocks = threads > 1 ? new Ordered<>(threads, Recreators::new) : null) {
      blocks = inFlight;
      streams = pigzBlocks;
      long pos = 0;
      while (pos < size) {
        Header h = readHeader(pos);
        if (h == null) {
          drain();
          raw(pos, size - pos, pos == 0 ? "not gzip" : "trailing bytes after the last member");
          return;
        }
        pos = h.bgzfSize > 0 ? bgzfBlock(pos, h) : gzipMember(pos, h);
      }
      drain();
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
    emit(rawMember(pos, len, why));
  }

  private static Member rawMember(long pos, long len, String why) {
    return new Member(Kind.RAW, pos, len, new byte[0], null, 0, 0, new byte[0], why);
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
    return new Header(java.util.Arrays.copyOf(h, p), bgzfSize, h, n);
  }

  // ---------------------------------------------------------------- BGZF

  /** A walked block: its member, its content when re-created, what it cost, whether a full search failed. */
  private record BlockResult(Member member, byte[] content, long attempts, boolean searchFailed, byte[] block) {}

  private long bgzfBlock(long pos, Header h) throws IOException {
    int bsize = h.bgzfSize;
    if (pos + bsize > size) {
      drain();
      raw(pos, size - pos, "truncated BGZF block");
      return size;
    }
    byte[] block = java.util.Arrays.copyOf(h.head, bsize);
    if (h.headLength < bsize) readFully(pos, block, bsize);
    // The candidates depend on the blocks taken so far, and those only on the file: the same whatever the
    // threads. Until a block has been re-created (and a few searches have failed), blocks go one at a time.
    while (blocks.full() || !blocks.isEmpty() && lastWinner == null && bgzfFailedSearches < BGZF_FULL_SEARCHES) {
      takeBlock();
    }
    Compressor hint = lastWinner;
    boolean full = bgzfFailedSearches < BGZF_FULL_SEARCHES;
    byte[] header = h.bytes;
    blocks.give(r -> bgzfBlock(r, pos, block, header, hint, full));
    return pos + bsize;
  }

  private void takeBlock() throws IOException {
    BlockResult b = blocks.take();
    blockAttempts += b.attempts;
    if (b.member.recreated()) {
      lastWinner = b.member.compressor();
      listener.blockVerified(b.member, b.block);
      content.write(b.content);
    } else if (b.searchFailed) {
      bgzfFailedSearches++;
    }
    emit(b.member);
  }

  /** Takes every block in flight, in order. */
  private void drain() throws IOException {
    while (!blocks.isEmpty()) takeBlock();
  }

  /** Inflates, checks and re-creates one block; runs on any thread. */
  private static BlockResult bgzfBlock(Recreators r, long pos, byte[] block, byte[] header, Compressor hint,
      boolean full) throws IOException {
    int bsize = block.length;
    int hlen = header.length;
    int dlen = bsize - hlen - 8;
    byte[] trailer = java.util.Arrays.copyOfRange(block, bsize - 8, bsize);
    long before = r.attempts();
    byte[] inflated = inflateBlock(block, hlen, dlen, le32(trailer, 4));
    if (inflated == null) {
      return new BlockResult(rawMember(pos, bsize, "corrupt BGZF block"), null, 0, false, null);
    }
    Compressor winner = bgzfRecreate(r, block, hlen, dlen, inflated, hint, full);
    long attempts = r.attempts() - before;
    if (winner == null) {
      return new BlockResult(rawMember(pos, bsize, "no known compressor re-creates this block"), null, attempts,
          full, null);
    }
    return new BlockResult(new Member(Kind.BGZF_BLOCK, pos, bsize, header, winner, dlen, inflated.length, trailer,
        null), inflated, attempts, false, block);
  }

  /** Inflates the block's DEFLATE data; null unless it is exact and its CRC matches. */
  private static byte[] inflateBlock(byte[] block, int off, int dlen, long isize) {
    if (isize > BGZF_MAX_BLOCK) return null;
    byte[] inflated = new byte[(int) isize + 1];
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(block, off, dlen);
      int n = 0;
      while (!inf.finished()) {
        int r = inf.inflate(inflated, n, inflated.length - n);
        n += r;
        if (r == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary() || n == inflated.length)) {
          return null;
        }
      }
      if (inf.getRemaining() != 0 || n != isize) return null;
      CRC32 crc = new CRC32();
      crc.update(inflated, 0, n);
      return crc.getValue() == le32(block, off + dlen) ? java.util.Arrays.copyOf(inflated, n) : null;
    } catch (DataFormatException e) {
      return null;
    } finally {
      inf.end();
    }
  }

  private static Compressor bgzfRecreate(Recreators r, byte[] block, int off, int dlen, byte[] inflated,
      Compressor hint, boolean full) throws IOException {
    List<Compressor> order = new ArrayList<>();
    if (inflated.length == 0) order.add(Compressor.zlib(6)); // htslib's EOF marker block
    if (hint != null) order.add(hint);
    order.add(Compressor.libdeflate(7));
    if (full) {
      for (int l : new int[] {0, 1, 2, 3, 5, 6, 8, 10, 12, 4, 9, 11}) order.add(Compressor.libdeflate(l));
      for (int l : new int[] {6, 1, 2, 3, 4, 5, 7, 8, 9}) order.add(Compressor.zlib(l));
    } else {
      order.add(Compressor.zlib(6));
    }
    for (Compressor c : order.stream().distinct().toList()) {
      int n = r.block(c, inflated, 0, inflated.length);
      if (n == dlen && java.util.Arrays.equals(r.buffer(), 0, dlen, block, off, off + dlen)) return c;
    }
    return null;
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
    drain();
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

  /** The likely compressors first: XFL says 4 for the fastest level, 2 for the best, else most likely 6. */
  private List<Compressor> gzipCandidates(int xfl) {
    List<Compressor> order = new ArrayList<>();
    if (lastWinner != null && !lastWinner.name().equals(Compressor.LIBDEFLATE)) order.add(lastWinner);
    int[] levels = xfl == 4 ? new int[] {1} : xfl == 2 ? new int[] {9} : new int[] {6, 2, 3, 4, 5, 7, 8};
    // the tools' default level first whoever wrote it, then the other levels
    order.add(Compressor.gnuGzip(levels[0]));
    order.add(Compressor.zlib(levels[0]));
    order.add(Compressor.pigz(levels[0]));
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
      recreators.stream(c, body, m, streams); // pigz: block-parallel
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
