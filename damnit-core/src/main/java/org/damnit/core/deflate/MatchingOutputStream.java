package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** An output that must equal an expected byte sequence; it throws {@link Mismatch} at the first difference. */
final class MatchingOutputStream extends OutputStream {
  /** Thrown at the first byte that differs from the expected stream (no stack trace: it is control flow). */
  static final class Mismatch extends IOException {
    final long at;

    Mismatch(long at) {
      super("re-created stream differs at byte " + at, null);
      this.at = at;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private final InputStream expected;
  private final long length;
  private final byte[] buf = new byte[1 << 16];
  private long count;

  MatchingOutputStream(InputStream expected, long length) {
    this.expected = expected;
    this.length = length;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (count >= length) throw new Mismatch(count);
      int n = (int) Math.min(Math.min(len, buf.length), length - count);
      int got = expected.readNBytes(buf, 0, n);
      int i = java.util.Arrays.mismatch(b, off, off + got, buf, 0, got);
      if (i >= 0) throw new Mismatch(count + i);
      if (got < n) throw new Mismatch(count + got);
      count += n;
      off += n;
      len -= n;
    }
  }

  /** Throws unless exactly the expected length was written. */
  void finish() throws Mismatch {
    if (count != length) throw new Mismatch(count);
  }
}
