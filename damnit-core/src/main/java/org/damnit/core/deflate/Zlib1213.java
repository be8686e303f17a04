package org.damnit.core.deflate;

import static org.damnit.core.deflate.Trees.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A bit-exact Java port of zlib 1.2.13's deflate (raw, 32 KiB window, memLevel 8, default strategy,
 * no flushes until the end) at levels 1 to 9: {@code deflate_fast}/{@code deflate_slow} and
 * {@code trees.c}. It shares GNU gzip's ancestry; it differs in its 16 Ki-symbol block buffer, in
 * ending blocks only when that buffer is full, and in never matching past the input. Streams. Its
 * output must never change: stored recipes name it by {@link #VERSION}.
 */
final class Zlib1213 {
  static final String VERSION = "zlib-1.2.13";

  private static final int LIT_BUFSIZE = 1 << (8 + 6);

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
  private int insert;
  private int lookahead;

  private InputStream in;
  private OutputStream out;
  private final BitWriter bits = new BitWriter(1 << 16);
  private final Trees trees = new Trees(LIT_BUFSIZE, bits);

  Zlib1213(int level) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("zlib level " + level);
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

  /** Compresses all of {@code in} to {@code out} as one raw DEFLATE stream, as zlib's deflate(Z_FINISH) does. */
  void deflate(InputStream in, OutputStream out) throws IOException {
    this.out = out;
    bits.reset();
    reset();
    compress(in, true);
    drain();
  }

  /** pigz 2.6's block size: each block is compressed on its own, primed with the 32 KiB before it. */
  static final int PIGZ_BLOCK = 128 * 1024;

  /**
   * Compresses {@code in} as pigz 2.6 does (default {@code -b 128}, not {@code --independent}):
   * each 128 KiB block after deflateReset, primed by deflateSetDictionary with the previous block's
   * last 32 KiB, ended by Z_BLOCK and enough empty blocks to reach a byte boundary (an empty stored
   * block when an odd number of bits is pending, else empty static blocks); the last with Z_FINISH.
   */
  void pigz(InputStream content, OutputStream out) throws IOException {
    this.out = out;
    bits.reset();
    byte[] cur = new byte[PIGZ_BLOCK];
    byte[] prevBlock = null;
    int prevLen = 0;
    int n = content.readNBytes(cur, 0, PIGZ_BLOCK);
    while (true) {
      byte[] next = new byte[PIGZ_BLOCK];
      int m = n == PIGZ_BLOCK ? content.readNBytes(next, 0, PIGZ_BLOCK) : 0;
      boolean last = m == 0;
      reset();
      if (prevBlock != null) {
        int d = Math.min(prevLen, WSIZE);
        setDictionary(prevBlock, prevLen - d, d);
      }
      compress(new java.io.ByteArrayInputStream(cur, 0, n), last);
      if (!last) {
        int pending = bits.pendingBits();
        if ((pending & 1) != 0) {
          bits.add(0, 3);
          bits.alignToByte();
          bits.add(0, 16);
          bits.add(0xFFFF, 16);
        } else {
          while ((bits.pendingBits() & 7) != 0) bits.add(2, 10);
        }
      }
      drain();
      if (last) return;
      prevBlock = cur;
      prevLen = n;
      cur = next;
      n = m;
    }
  }

  private void compress(InputStream in, boolean finish) throws IOException {
    this.in = in;
    eofile = false;
    while (lookahead < MIN_LOOKAHEAD && !eofile) fillWindow();
    if (level <= 3) {
      deflateFast(finish);
    } else {
      deflateLazy(finish);
    }
  }

  /** deflateReset: an empty window and hash, a new block. */
  private void reset() {
    java.util.Arrays.fill(head, NIL);
    java.util.Arrays.fill(window, (byte) 0);
    strstart = 0;
    blockStart = 0;
    lookahead = 0;
    insert = 0;
    insH = 0;
    eofile = false;
    trees.initBlock();
  }

  /** deflateSetDictionary for a raw stream of at most 32 KiB. */
  private void setDictionary(byte[] dict, int off, int len) throws IOException {
    this.in = new java.io.ByteArrayInputStream(dict, off, len);
    eofile = false;
    fillWindow();
    while (lookahead >= MIN_MATCH) {
      int str = strstart;
      int n = lookahead - (MIN_MATCH - 1);
      do {
        updateHash(window[str + MIN_MATCH - 1] & 0xFF);
        prev[str & WMASK] = head[insH];
        head[insH] = str;
        str++;
      } while (--n != 0);
      strstart = str;
      lookahead = MIN_MATCH - 1;
      fillWindow();
    }
    strstart += lookahead;
    blockStart = strstart;
    insert = lookahead;
    lookahead = 0;
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
    int nice = Math.min(niceMatch, lookahead);
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
        if (len >= nice) break;
        scanEnd = Unaligned.le16(w, scan + bestLen - 1);
      }
    } while ((curMatch = prev[curMatch & WMASK]) > limit && --chainLength != 0);
    return Math.min(bestLen, lookahead);
  }

  private void fillWindow() throws IOException {
    int more = WINDOW_SIZE - lookahead - strstart;
    if (strstart >= WSIZE + MAX_DIST) {
      System.arraycopy(window, WSIZE, window, 0, WSIZE);
      matchStart -= WSIZE;
      strstart -= WSIZE;
      blockStart -= WSIZE;
      if (insert > strstart) insert = strstart;
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
        if (lookahead + insert >= MIN_MATCH) {
          int str = strstart - insert;
          insH = window[str] & 0xFF;
          updateHash(window[str + 1] & 0xFF);
          while (insert != 0) {
            updateHash(window[str + MIN_MATCH - 1] & 0xFF);
            prev[str & WMASK] = head[insH];
            head[insH] = str;
            str++;
            insert--;
            if (lookahead + insert < MIN_MATCH) break;
          }
        }
      }
    }
  }

  private void flushBlockFromWindow(boolean eof) throws IOException {
    int off = blockStart >= 0 ? (int) blockStart : -1;
    trees.flushBlock(window, off, strstart - blockStart, eof);
    drain();
  }

  private void deflateFast(boolean finish) throws IOException {
    int hashHead;
    boolean flush;
    int matchLength = 0;
    prevLength = MIN_MATCH - 1;
    while (lookahead != 0) {
      hashHead = NIL;
      if (lookahead >= MIN_MATCH) hashHead = insertString(strstart);
      if (hashHead != NIL && strstart - hashHead <= MAX_DIST) {
        matchLength = longestMatch(hashHead);
      }
      if (matchLength >= MIN_MATCH) {
        flush = trees.tally(strstart - matchStart, matchLength - MIN_MATCH);
        lookahead -= matchLength;
        if (matchLength <= maxLazyMatch && lookahead >= MIN_MATCH) {
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
        flush = trees.tally(0, window[strstart] & 0xFF);
        lookahead--;
        strstart++;
      }
      if (flush) {
        flushBlockFromWindow(false);
        blockStart = strstart;
      }
      while (lookahead < MIN_LOOKAHEAD && !eofile) fillWindow();
    }
    endStream(finish);
  }

  /** Z_FINISH ends with a last block; Z_BLOCK flushes pending symbols, if any, as a block. */
  private void endStream(boolean finish) throws IOException {
    if (finish) {
      flushBlockFromWindow(true);
    } else if (trees.lastLit() != 0) {
      flushBlockFromWindow(false);
      blockStart = strstart;
    }
  }

  private void deflateLazy(boolean finish) throws IOException {
    int hashHead;
    int prevMatch;
    boolean flush;
    boolean matchAvailable = false;
    int matchLength = MIN_MATCH - 1;
    while (lookahead != 0) {
      hashHead = NIL;
      if (lookahead >= MIN_MATCH) hashHead = insertString(strstart);
      prevLength = matchLength;
      prevMatch = matchStart;
      matchLength = MIN_MATCH - 1;
      if (hashHead != NIL && prevLength < maxLazyMatch && strstart - hashHead <= MAX_DIST) {
        matchLength = longestMatch(hashHead);
        if (matchLength == MIN_MATCH && strstart - matchStart > TOO_FAR) matchLength--;
      }
      if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
        int maxInsert = strstart + lookahead - MIN_MATCH;
        flush = trees.tally(strstart - 1 - prevMatch, prevLength - MIN_MATCH);
        lookahead -= prevLength - 1;
        prevLength -= 2;
        do {
          if (++strstart <= maxInsert) insertString(strstart);
        } while (--prevLength != 0);
        matchAvailable = false;
        matchLength = MIN_MATCH - 1;
        strstart++;
        if (flush) {
          flushBlockFromWindow(false);
          blockStart = strstart;
        }
      } else if (matchAvailable) {
        flush = trees.tally(0, window[strstart - 1] & 0xFF);
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
    if (matchAvailable) trees.tally(0, window[strstart - 1] & 0xFF);
    endStream(finish);
  }
}
