package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * Gives back the exact bytes of a walked file from its members, its decompressed content (in member
 * order) and the original bytes of its raw regions: the inverse of {@link GzipWalker}. Each member's
 * content is checked against the CRC-32 and length kept in its trailer.
 *
 * <p>Made with more than one thread, it re-creates BGZF blocks on those threads, at most {@value
 * Ordered#LIMIT} in flight, and writes them in order: a {@link #write} may then return before its
 * member is written, and {@link #finish()} writes the rest. A pigz member's 128 KiB blocks are
 * re-created on those threads too (that member is written before its {@code write} returns). A failure (content that fails its CRC-32)
 * is thrown by the {@code write} or {@code finish} that reaches it; nothing after it is written.
 * {@link #close()} stops the threads.
 */
public final class GzipRestorer implements AutoCloseable {
  /** Supplies the original bytes of a raw region. */
  @FunctionalInterface
  public interface RawSource {
    InputStream open(GzipWalker.Member raw) throws IOException;
  }

  /**
   * Supplies, for a BGZF block, DEFLATE bytes already known to be what its compressor makes of its content
   * (so the block is not compressed again), or null to compress it. Called from the writing thread, in
   * file order.
   */
  @FunctionalInterface
  public interface Known {
    byte[] deflated(GzipWalker.Member block) throws IOException;
  }

  private final InputStream content;
  private final RawSource raws;
  private Known known;
  private final OutputStream out;
  private final Recreators recreators = new Recreators();
  private final Ordered<Recreators, byte[]> blocks;

  /** A restorer that writes each member before {@link #write} returns, on this thread. */
  public GzipRestorer(InputStream content, RawSource raws, OutputStream out) {
    this(content, raws, out, 1);
  }

  /**
   * A restorer that re-creates BGZF blocks on {@code threads} threads ({@code
   * Runtime.getRuntime().availableProcessors()} for every core); with more than one, call {@link
   * #finish()} after the last {@link #write} and {@link #close()} in the end. {@code content}, the raw
   * source and {@code out} are used from the calling thread only.
   */
  public GzipRestorer(InputStream content, RawSource raws, OutputStream out, int threads) {
    this.content = content;
    this.raws = raws;
    this.out = out;
    this.blocks = threads > 1 ? new Ordered<>(threads, Recreators::new) : null;
  }

  /**
   * A restorer that re-creates BGZF blocks on the threads of {@code pool}, shared with others and not
   * stopped by {@link #close()}; otherwise as {@link #GzipRestorer(InputStream, RawSource, OutputStream, int)}.
   */
  public GzipRestorer(InputStream content, RawSource raws, OutputStream out, java.util.concurrent.ExecutorService pool) {
    this.content = content;
    this.raws = raws;
    this.out = out;
    this.blocks = new Ordered<>(pool, Recreators::new);
  }

  /**
   * Takes a BGZF block's DEFLATE bytes from {@code k} where it has them instead of compressing the block's
   * content (which is still read and checked against the block's CRC-32 and length); for a check of a
   * container whose blocks were just re-created and compared by its walk.
   */
  public GzipRestorer known(Known k) {
    this.known = k;
    return this;
  }

  /** Writes one member (call in file order), or hands it to a thread when BGZF and threads were given. */
  public void write(GzipWalker.Member m) throws IOException {
    if (m.recreated() && m.trailer().length != 8) {
      throw new IOException("the member at " + m.offset() + " has a trailer of " + m.trailer().length + " bytes, not 8");
    }
    if (m.recreated() && m.contentLength() <= 1 << 16
        && (m.kind() == GzipWalker.Kind.BGZF_BLOCK || m.compressor().name().equals(Compressor.LIBDEFLATE))) {
      byte[] data = content.readNBytes((int) m.contentLength());
      if (data.length != m.contentLength()) throw new IOException("content ends early");
      byte[] deflated = known != null && m.kind() == GzipWalker.Kind.BGZF_BLOCK ? known.deflated(m) : null;
      if (blocks == null) {
        out.write(block(recreators, m, data, deflated));
      } else {
        while (blocks.full()) out.write(blocks.take());
        blocks.give(r -> block(r, m, data, deflated));
      }
      return;
    }
    finish();
    if (!m.recreated()) {
      try (InputStream in = raws.open(m)) {
        long n = in.transferTo(out);
        if (n != m.length()) throw new IOException("raw region at " + m.offset() + " has " + n + " bytes, not " + m.length());
      }
      return;
    }
    if (m.compressor().name().equals(Compressor.LIBDEFLATE)) throw new IOException("libdeflate member over 64 KiB");
    out.write(m.header());
    CRC32 crc = new CRC32();
    CountingCrc counted = new CountingCrc(out);
    Limited body = new Limited(content, m.contentLength(), crc);
    recreators.stream(m.compressor(), body, counted, blocks); // pigz: its blocks on the threads, if any
    if (body.left != 0) throw new IOException("content ends early");
    if (counted.count != m.deflateLength()) throw new IOException("re-created member has the wrong length");
    checkTrailer(m, crc);
    out.write(m.trailer());
  }

  /** Writes every member still in flight. */
  public void finish() throws IOException {
    if (blocks == null) return;
    while (!blocks.isEmpty()) out.write(blocks.take());
  }

  /** Stops the threads; members in flight and not yet written are dropped. */
  @Override
  public void close() {
    if (blocks != null) blocks.close();
  }

  /**
   * The whole member (header, re-created DEFLATE stream, trailer) of a block's content, checked; with
   * {@code deflated} (not null) as its DEFLATE stream instead of compressing the content again.
   */
  private static byte[] block(Recreators r, GzipWalker.Member m, byte[] data, byte[] deflated) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(data);
    checkTrailer(m, crc);
    int n = deflated != null ? deflated.length : r.block(m.compressor(), data, 0, data.length);
    if (n != m.deflateLength()) throw new IOException("re-created block at " + m.offset() + " has the wrong length");
    byte[] h = m.header();
    byte[] whole = new byte[h.length + n + 8];
    System.arraycopy(h, 0, whole, 0, h.length);
    System.arraycopy(deflated != null ? deflated : r.buffer(), 0, whole, h.length, n);
    System.arraycopy(m.trailer(), 0, whole, h.length + n, 8);
    return whole;
  }

  private static void checkTrailer(GzipWalker.Member m, CRC32 crc) throws IOException {
    if (crc.getValue() != GzipWalker.le32(m.trailer(), 0)
        || (m.contentLength() & 0xFFFFFFFFL) != GzipWalker.le32(m.trailer(), 4)) {
      throw new IOException("content of the member at " + m.offset() + " fails its CRC-32");
    }
  }

  private static final class CountingCrc extends OutputStream {
    private final OutputStream out;
    long count;

    CountingCrc(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** The next {@code left} bytes of the content, CRC'd as they pass. */
  private static final class Limited extends InputStream {
    private final InputStream in;
    private final CRC32 crc;
    long left;

    Limited(InputStream in, long left, CRC32 crc) {
      this.in = in;
      this.left = left;
      this.crc = crc;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0 || len == 0) return left == 0 ? -1 : 0;
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) return -1;
      crc.update(b, off, n);
      left -= n;
      return n;
    }
  }
}
