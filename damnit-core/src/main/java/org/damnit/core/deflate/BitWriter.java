package org.damnit.core.deflate;

import java.util.Arrays;

/** DEFLATE's LSB-first bit packing into a growable buffer. */
final class BitWriter {
  private byte[] buf;
  private int len;
  private long bitbuf;
  private int bitcount;

  BitWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void reset() {
    len = 0;
    bitbuf = 0;
    bitcount = 0;
  }

  /** Adds up to 32 bits. */
  void add(int bits, int n) {
    bitbuf |= (bits & 0xFFFFFFFFL) << bitcount;
    bitcount += n;
    if (bitcount >= 32) {
      ensure(4);
      buf[len] = (byte) bitbuf;
      buf[len + 1] = (byte) (bitbuf >>> 8);
      buf[len + 2] = (byte) (bitbuf >>> 16);
      buf[len + 3] = (byte) (bitbuf >>> 24);
      len += 4;
      bitbuf >>>= 32;
      bitcount -= 32;
    }
  }

  int pendingBits() {
    return bitcount & 7;
  }

  /** Pads with zero bits to a byte boundary and flushes every pending byte. */
  void alignToByte() {
    ensure(8);
    while (bitcount > 0) {
      buf[len++] = (byte) bitbuf;
      bitbuf >>>= 8;
      bitcount = Math.max(0, bitcount - 8);
    }
    bitbuf = 0;
    bitcount = 0;
  }

  void writeBytes(byte[] src, int off, int n) {
    if (bitcount != 0) {
      throw new IllegalStateException("not byte aligned");
    }
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  void writeLe16(int v) {
    add(v & 0xFFFF, 16);
  }

  /** Bytes completely written so far (call {@link #alignToByte()} first for all of them). */
  int length() {
    return len;
  }

  byte[] buffer() {
    return buf;
  }

  /** Removes the first {@code n} written bytes. */
  void drop(int n) {
    System.arraycopy(buf, n, buf, 0, len - n);
    len -= n;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
