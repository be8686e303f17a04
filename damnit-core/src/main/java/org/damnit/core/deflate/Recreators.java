package org.damnit.core.deflate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * One thread's compressors, each made on first use and kept, and the count of re-creations they ran.
 * Not thread-safe: every thread that re-creates has its own.
 */
final class Recreators {
  private final Map<Compressor, Recreator> streams = new HashMap<>();
  private final Map<Integer, Libdeflate114> libdeflates = new HashMap<>();
  private final BitWriter bits = new BitWriter(1 << 16);
  private final OutputStream toBits = new OutputStream() {
    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bits.writeBytes(b, off, len);
    }
  };
  private long attempts;

  /** Re-creations run so far. */
  long attempts() {
    return attempts;
  }

  /**
   * Re-creates the DEFLATE stream of a small buffer (a BGZF block) into {@link #buffer()} and returns
   * its length.
   */
  int block(Compressor c, byte[] in, int off, int len) throws IOException {
    attempts++;
    if (c.name().equals(Compressor.LIBDEFLATE)) {
      libdeflates.computeIfAbsent(c.level(), Libdeflate114::new).compress(in, off, len, bits);
    } else {
      bits.reset();
      recreator(c).deflate(new ByteArrayInputStream(in, off, len), toBits);
    }
    return bits.length();
  }

  /** The bytes of the last {@link #block}. */
  byte[] buffer() {
    return bits.buffer();
  }

  /** Re-creates the DEFLATE stream of {@code content} into {@code out}, streaming (not for libdeflate). */
  void stream(Compressor c, InputStream content, OutputStream out) throws IOException {
    attempts++;
    recreator(c).deflate(content, out);
  }

  private Recreator recreator(Compressor c) {
    return streams.computeIfAbsent(c, Recreator::of);
  }
}
