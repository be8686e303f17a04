package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * Gives back the exact bytes of a walked file from its members, its decompressed content (in member
 * order) and the original bytes of its raw regions: the inverse of {@link GzipWalker}. Each member's
 * content is checked against the CRC-32 and length kept in its trailer.
 */
public final class GzipRestorer {
  /** Supplies the original bytes of a raw region. */
  @FunctionalInterface
  public interface RawSource {
    InputStream open(GzipWalker.Member raw) throws IOException;
  }

  private final InputStream content;
  private final RawSource raws;
  private final OutputStream out;
  private final Recreators recreators = new Recreators();

  public GzipRestorer(InputStream content, RawSource raws, OutputStream out) {
    this.content = content;
    this.raws = raws;
    this.out = out;
  }

  /** Writes one member (call in file order). */
  public void write(GzipWalker.Member m) throws IOException {
    if (!m.recreated()) {
      try (InputStream in = raws.open(m)) {
        long n = in.transferTo(out);
        if (n != m.length()) throw new IOException("raw region at " + m.offset() + " has " + n + " bytes, not " + m.length());
      }
      return;
    }
    out.write(m.header());
    CRC32 crc = new CRC32();
    Compressor c = m.compressor();
    if (c.name().equals(Compressor.LIBDEFLATE)) {
      if (m.contentLength() > 1 << 16) throw new IOException("libdeflate member over 64 KiB");
      byte[] data = content.readNBytes((int) m.contentLength());
      if (data.length != m.contentLength()) throw new IOException("content ends early");
      crc.update(data);
      int n = recreators.block(c, data, 0, data.length);
      if (n != m.deflateLength()) throw new IOException("re-created block has the wrong length");
      out.write(recreators.buffer(), 0, n);
    } else {
      CountingCrc counted = new CountingCrc(out);
      Limited body = new Limited(content, m.contentLength(), crc);
      recreators.stream(c, body, counted);
      if (body.left != 0) throw new IOException("content ends early");
      if (counted.count != m.deflateLength()) throw new IOException("re-created member has the wrong length");
    }
    if (crc.getValue() != GzipWalker.le32(m.trailer(), 0)
        || (m.contentLength() & 0xFFFFFFFFL) != GzipWalker.le32(m.trailer(), 4)) {
      throw new IOException("content of the member at " + m.offset() + " fails its CRC-32");
    }
    out.write(m.trailer());
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
