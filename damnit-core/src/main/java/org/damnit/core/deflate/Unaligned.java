package org.damnit.core.deflate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian loads of 2, 4 and 8 bytes from a byte array, one bounds check each, and the length of
 * the common run of two places in one array: what C compressors do with unaligned loads, giving the
 * same answers as byte-by-byte loops.
 */
final class Unaligned {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Unaligned() {}

  static int le16(byte[] b, int p) {
    return (short) SHORT.get(b, p) & 0xFFFF;
  }

  static int le32(byte[] b, int p) {
    return (int) INT.get(b, p);
  }

  /** How many bytes from {@code a} and from {@code c} on are equal, at most {@code max} (no byte past either run is read). */
  static int commonLength(byte[] b, int a, int c, int max) {
    int n = 0;
    while (n + 8 <= max) {
      long x = (long) LONG.get(b, a + n) ^ (long) LONG.get(b, c + n);
      if (x != 0) return n + (Long.numberOfTrailingZeros(x) >>> 3);
      n += 8;
    }
    while (n < max && b[a + n] == b[c + n]) n++;
    return n;
  }
}
