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
  private final Map<Integer, Zlib1213> pigzs = new HashMap<>();
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
    stream(c, content, out, null);
  }

  /** pigz blocks in flight at most when they are re-created on several threads. */
  static final int PIGZ_AHEAD = Math.min(Ordered.LIMIT, 2 * Runtime.getRuntime().availableProcessors() + 2);

  /**
   * Like {@link #stream(Compressor, InputStream, OutputStream)}; a pigz stream's 128 KiB blocks (each
   * depends only on its content and the 32 KiB before it) are re-created on the threads of {@code on}
   * (if not null, and empty), at most {@link #PIGZ_AHEAD} at a time, and written in order.
   */
  void stream(Compressor c, InputStream content, OutputStream out, Ordered<Recreators, byte[]> on) throws IOException {
    attempts++;
    if (on == null || !c.name().equals(Compressor.PIGZ)) {
      recreator(c).deflate(content, out);
      return;
    }
    int block = Zlib1213.PIGZ_BLOCK;
    byte[] previous = null;
    byte[] cur = new byte[block];
    int n = content.readNBytes(cur, 0, block);
    try {
      while (true) {
        byte[] next = new byte[block];
        int m = n == block ? content.readNBytes(next, 0, block) : 0;
        boolean last = m == 0;
        while (on.size() >= PIGZ_AHEAD) out.write(on.take());
        byte[] p = previous;
        byte[] b = cur;
        int len = n;
        on.give(r -> r.pigzBlock(c.level(), p, b, len, last));
        if (last) break;
        previous = cur;
        cur = next;
        n = m;
      }
      while (!on.isEmpty()) out.write(on.take());
    } catch (IOException | RuntimeException e) {
      on.cancel();
      throw e;
    }
  }

  /** One pigz block ({@link Zlib1213#pigzBlock}), re-created on this thread. */
  private byte[] pigzBlock(int level, byte[] previous, byte[] block, int len, boolean last) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(len / 2 + 64);
    pigzs.computeIfAbsent(level, Zlib1213::new).pigzBlock(previous, block, len, last, out);
    return out.toByteArray();
  }

  private Recreator recreator(Compressor c) {
    return streams.computeIfAbsent(c, Recreator::of);
  }
}
