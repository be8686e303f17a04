package org.damnit.core.deflate;

import static org.damnit.core.deflate.Trees.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A bit-exact Java port of GNU gzip 1.12's compressor ({@code deflate.c} and {@code trees.c}, C
 * {@code longest_match}, no {@code --rsyncable}) at levels 1 to 9, reading its input as gzip reads a
 * regular file. Streams: the window is 64 KiB, whatever the input size. Its output must never change:
 * stored recipes name it by {@link #VERSION}.
 */
final class GnuGzip112 {
  static final String VERSION = "gnu-gzip-1.12";

  private static final int LIT_BUFSIZE = 0x8000;

  private final int level;
  private final int goodMatch;
  private final int maxLazyMatch;
  private final int niceMatch;
  private final int maxChainLength;

  // deflate.c state; the window has slack past 64 KiB where C reads neighbouring memory
  private final byte[] window = new byte[WINDOW_SIZE + MAX_MATCH + 16];
  private final int[] prev = new int[WSIZE];
  private final int[] head = new int[HASH_SIZE];
  private long blockStart;
  private int insH;
  private int prevLength;
  private int strstart;
  private int matchStart;
  private boolean eofile;
  private int lookahead;

  private InputStream in;
  private OutputStream out;
  private final BitWriter bits = new BitWriter(1 << 16);
  private final Trees trees = new Trees(LIT_BUFSIZE, bits);

  GnuGzip112(int level) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level " + level);
    }
    this.level = level;
    goodMatch = CONFIG[level][0];
    maxLazyMatch = CONFIG[level][1];
    niceMatch = CONFIG[level][2];
    maxChainLength = CONFIG[level][3];
  }

  int level() {
    return level;
  }

  /** Compresses all of {@code in} to {@code out} as one raw DEFLATE stream, as {@code gzip -LEVEL} does. */
  void deflate(InputStream in, OutputStream out) throws IOException {
    this.in = in;
    this.out = out;
    bits.reset();
    trees.initBlock();
    lmInit();
    if (level <= 3) {
      deflateFast();
    } else {
      deflateLazy();
    }
    drain();
  }

  private void drain() throws IOException {
    if (bits.length() > 0) {
      out.write(bits.buffer(), 0, bits.length());
      bits.drop(bits.length());
    }
  }

  private int readBuf(int off, int size) throws IOException {
    return in.readNBytes(window, off, size);
  }

  private void lmInit() throws IOException {
    java.util.Arrays.fill(head, NIL);
    java.util.Arrays.fill(window, (byte) 0);
    strstart = 0;
    blockStart = 0;
    lookahead = readBuf(0, 2 * WSIZE);
    if (lookahead == 0) {
      eofile = true;
      lookahead = 0;
      return;
    }
    eofile = false;
    while (lookahead < MIN_LOOKAHEAD && !eofile) fillWindow();
    insH = 0;
    for (int j = 0; j < MIN_MATCH - 1; j++) updateHash(window[j] & 0xFF);
  }

  private void updateHash(int c) {
    insH = ((insH << H_SHIFT) ^ c) & HASH_MASK;
  }

  /** INSERT_STRING: returns the previous head of the chain. */
  private int insertString(int s) {
    updateHash(window[s + MIN_MATCH - 1] & 0xFF);
    int matchHead = head[insH];
    prev[s & WMASK] = matchHead;
    head[insH] = s;
    return matchHead;
  }

  private int longestMatch(int curMatch) {
    int chainLength = maxChainLength;
    final byte[] w = window;
    int scan = strstart;
    int bestLen = prevLength;
    int limit = strstart > MAX_DIST ? strstart - MAX_DIST : NIL;
    int scanStart = Unaligned.le16(w, scan);
    int scanEnd = Unaligned.le16(w, scan + bestLen - 1);
    if (prevLength >= goodMatch) chainLength >>= 2;
    do {
      int match = curMatch;
      if (Unaligned.le16(w, match + bestLen - 1) != scanEnd || Unaligned.le16(w, match) != scanStart) {
        continue;
      }
      // bytes 2 are equal when 0, 1 and the hash are; C compares 3 to 258, where a mismatch at 258 still gives 258
      int len = 3 + Unaligned.commonLength(w, scan + 3, match + 3, MAX_MATCH - 3);
      if (len > bestLen) {
        matchStart = curMatch;
        bestLen = len;
        if (len >= niceMatch) break;
        scanEnd = Unaligned.le16(w, scan + bestLen - 1);
      }
    } while ((curMatch = prev[curMatch & WMASK]) > limit && --chainLength != 0);
    return bestLen;
  }

  private void fillWindow() throws IOException {
    int more = WINDOW_SIZE - lookahead - strstart;
    if (strstart >= WSIZE + MAX_DIST) {
      System.arraycopy(window, WSIZE, window, 0, WSIZE);
      matchStart -= WSIZE;
      strstart -= WSIZE;
      blockStart -= WSIZE;
      for (int n = 0; n < HASH_SIZE; n++) {
        int m = head[n];
        head[n] = m >= WSIZE ? m - WSIZE : NIL;
      }
      for (int n = 0; n < WSIZE; n++) {
        int m = prev[n];
        prev[n] = m >= WSIZE ? m - WSIZE : NIL;
      }
      more += WSIZE;
    }
    if (!eofile) {
      int n = readBuf(strstart + lookahead, more);
      if (n == 0) {
        eofile = true;
        java.util.Arrays.fill(window, strstart + lookahead, strstart + lookahead + MIN_MATCH - 1, (byte) 0);
      } else {
        lookahead += n;
      }
    }
  }

  private void flushBlockFromWindow(boolean eof) throws IOException {
    int off = blockStart >= 0 ? (int) blockStart : -1;
    trees.flushBlock(window, off, strstart - blockStart, eof);
    drain();
  }

  private void deflateFast() throws IOException {
    int hashHead;
    boolean flush;
    int matchLength = 0;
    prevLength = MIN_MATCH - 1;
    while (lookahead != 0) {
      hashHead = insertString(strstart);
      if (hashHead != NIL && strstart - hashHead <= MAX_DIST && strstart <= WINDOW_SIZE - MIN_LOOKAHEAD) {
        matchLength = longestMatch(hashHead);
        if (matchLength > lookahead) matchLength = lookahead;
      }
      if (matchLength >= MIN_MATCH) {
        flush = ctTally(strstart - matchStart, matchLength - MIN_MATCH);
        lookahead -= matchLength;
        if (matchLength <= maxLazyMatch) {
          matchLength--;
          do {
            strstart++;
            insertString(strstart);
          } while (--matchLength != 0);
          strstart++;
        } else {
          strstart += matchLength;
          matchLength = 0;
          insH = window[strstart] & 0xFF;
          updateHash(window[strstart + 1] & 0xFF);
        }
      } else {
        flush = ctTally(0, window[strstart] & 0xFF);
        lookahead--;
        strstart++;
      }
      if (flush) {
        flushBlockFromWindow(false);
        blockStart = strstart;
      }
      while (lookahead < MIN_LOOKAHEAD && !eofile) fillWindow();
    }
    flushBlockFromWindow(true);
  }

  private void deflateLazy() throws IOException {
    int hashHead;
    int prevMatch;
    boolean flush;
    boolean matchAvailable = false;
    int matchLength = MIN_MATCH - 1;
    while (lookahead != 0) {
      hashHead = insertString(strstart);
      prevLength = matchLength;
      prevMatch = matchStart;
      matchLength = MIN_MATCH - 1;
      if (hashHead != NIL && prevLength < maxLazyMatch && strstart - hashHead <= MAX_DIST
          && strstart <= WINDOW_SIZE - MIN_LOOKAHEAD) {
        matchLength = longestMatch(hashHead);
        if (matchLength > lookahead) matchLength = lookahead;
        if (matchLength == MIN_MATCH && strstart - matchStart > TOO_FAR) matchLength--;
      }
      if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
        flush = ctTally(strstart - 1 - prevMatch, prevLength - MIN_MATCH);
        lookahead -= prevLength - 1;
        prevLength -= 2;
        do {
          strstart++;
          insertString(strstart);
        } while (--prevLength != 0);
        matchAvailable = false;
        matchLength = MIN_MATCH - 1;
        strstart++;
        if (flush) {
          flushBlockFromWindow(false);
          blockStart = strstart;
        }
      } else if (matchAvailable) {
        flush = ctTally(0, window[strstart - 1] & 0xFF);
        if (flush) {
          flushBlockFromWindow(false);
          blockStart = strstart;
        }
        strstart++;
        lookahead--;
      } else {
        matchAvailable = true;
        strstart++;
        lookahead--;
      }
      while (lookahead < MIN_LOOKAHEAD && !eofile) fillWindow();
    }
    if (matchAvailable) ctTally(0, window[strstart - 1] & 0xFF);
    flushBlockFromWindow(true);
  }

  /** ct_tally, with gzip's early end of a block (levels 3-9, every 4096 symbols) that compresses well. */
  private boolean ctTally(int dist, int lc) {
    boolean full = trees.tally(dist, lc);
    return full || level > 2 && (trees.lastLit() & 0xfff) == 0 && trees.compressesWell(strstart - blockStart);
  }
}
