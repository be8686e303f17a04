package org.damnit.core.deflate;

import static org.damnit.core.deflate.Trees.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The {@code deflate.c} that GNU gzip 1.12 and zlib 1.2.13 share: the level's parameters, the 64 KiB
 * window with its hash chains, the match finder, the window slide, and the block flush through
 * {@link Trees}. The subclasses keep their own parsing loops and window filling, where they differ.
 */
abstract class DeflateWindow {
  final int level;
  final int goodMatch;
  final int maxLazyMatch;
  final int niceMatch;
  final int maxChainLength;

  // the window has slack past 64 KiB where C reads neighbouring memory
  final byte[] window = new byte[WINDOW_SIZE + MAX_MATCH + 16];
  // positions are below WINDOW_SIZE (64 Ki): unsigned 16 bits, as C's Pos, half the cache of int[]
  final char[] prev = new char[WSIZE];
  final char[] head = new char[HASH_SIZE];
  long blockStart;
  int insH;
  int prevLength;
  int strstart;
  int matchStart;
  boolean eofile;
  int lookahead;

  InputStream in;
  OutputStream out;
  final BitWriter bits = new BitWriter(1 << 16);
  final Trees trees;

  DeflateWindow(String name, int level, int litBufSize) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException(name + " level " + level);
    }
    this.level = level;
    goodMatch = CONFIG[level][0];
    maxLazyMatch = CONFIG[level][1];
    niceMatch = CONFIG[level][2];
    maxChainLength = CONFIG[level][3];
    trees = new Trees(litBufSize, bits);
  }

  final int level() {
    return level;
  }

  /** Writes the bytes complete so far to {@link #out}. */
  final void drain() throws IOException {
    if (bits.length() > 0) {
      out.write(bits.buffer(), 0, bits.length());
      bits.drop(bits.length());
    }
  }

  final void updateHash(int c) {
    insH = ((insH << H_SHIFT) ^ c) & HASH_MASK;
  }

  /** INSERT_STRING: returns the previous head of the chain. */
  final int insertString(int s) {
    updateHash(window[s + MIN_MATCH - 1] & 0xFF);
    int matchHead = head[insH];
    prev[s & WMASK] = (char) matchHead;
    head[insH] = (char) s;
    return matchHead;
  }

  /** longest_match from {@code curMatch}, stopping at a match of {@code nice}; sets {@link #matchStart}. */
  final int longestMatch(int curMatch, int nice) {
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
        if (len >= nice) break;
        scanEnd = Unaligned.le16(w, scan + bestLen - 1);
      }
    } while ((curMatch = prev[curMatch & WMASK]) > limit && --chainLength != 0);
    return bestLen;
  }

  /** Slides the upper half of the window down when the match start nears its end; true when it did. */
  final boolean slide() {
    if (strstart < WSIZE + MAX_DIST) return false;
    System.arraycopy(window, WSIZE, window, 0, WSIZE);
    matchStart -= WSIZE;
    strstart -= WSIZE;
    blockStart -= WSIZE;
    // entries are never negative: m >= WSIZE ? m - WSIZE : NIL, with NIL 0
    for (int n = 0; n < HASH_SIZE; n++) head[n] = (char) Math.max(head[n] - WSIZE, NIL);
    for (int n = 0; n < WSIZE; n++) prev[n] = (char) Math.max(prev[n] - WSIZE, NIL);
    return true;
  }

  /** Reads up to {@code more} bytes after the lookahead; at the end of the input sets {@link #eofile}. */
  final int readMore(int more) throws IOException {
    int n = in.readNBytes(window, strstart + lookahead, more);
    if (n == 0) {
      eofile = true;
      java.util.Arrays.fill(window, strstart + lookahead, strstart + lookahead + MIN_MATCH - 1, (byte) 0);
    } else {
      lookahead += n;
    }
    return n;
  }

  /** Ends the current block at {@link #strstart} and writes what is complete. */
  final void flushBlockFromWindow(boolean eof) throws IOException {
    int off = blockStart >= 0 ? (int) blockStart : -1;
    trees.flushBlock(window, off, strstart - blockStart, eof);
    drain();
  }
}
