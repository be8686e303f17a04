package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Reads {@code [pos, limit)} of a file through positional reads. */
final class ChannelInput extends InputStream {
  private final Positional ch;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
  private long pos;
  private final long limit;

  ChannelInput(Positional ch, long pos, long limit) {
    this.ch = ch;
    this.pos = pos;
    this.limit = limit;
    buf.flip();
  }

  long position() {
    return pos - buf.remaining();
  }

  private boolean fill() throws IOException {
    if (buf.hasRemaining()) return true;
    if (pos >= limit) return false;
    buf.clear();
    buf.limit((int) Math.min(buf.capacity(), limit - pos));
    int n = ch.read(buf, pos);
    buf.flip();
    if (n <= 0) return false;
    pos += n;
    return true;
  }

  @Override
  public int read() throws IOException {
    return fill() ? buf.get() & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (!fill()) return -1;
    int n = Math.min(len, buf.remaining());
    buf.get(b, off, n);
    return n;
  }
}
