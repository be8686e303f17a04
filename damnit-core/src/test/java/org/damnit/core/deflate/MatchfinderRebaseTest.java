package org.damnit.core.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatchfinderRebaseTest {
  /** The branch-free rebase gives libdeflate's v >= 0 ? v - 32768 : -32768 for every 16-bit value. */
  @Test
  void rebaseMatchesLibdeflateForEveryValue() {
    short[] t = new short[1 << 16];
    for (int i = 0; i < t.length; i++) t[i] = (short) i;
    Libdeflate114.rebase(t);
    for (int i = 0; i < t.length; i++) {
      short v = (short) i;
      assertThat(t[i]).as("rebase of %d", v).isEqualTo((short) (v >= 0 ? v - 32768 : -32768));
    }
  }
}
