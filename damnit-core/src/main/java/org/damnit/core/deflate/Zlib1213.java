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
final class Zlib1213 extends DeflateWindow {
  static final String VERSION = "zlib-1.2.13";

  private static final int LIT_BUFSIZE = 1 << (8 + 6);

  Zlib1213(int level) {
    super("zlib", level, LIT_BUFSIZE);
  }

  /** Bytes at the window's end not yet in the hash chains (after a dictionary). */
  private int insert;

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
    byte[] cur = new byte[PIGZ_BLOCK];
    byte[] prevBlock = null;
    int n = content.readNBytes(cur, 0, PIGZ_BLOCK);
    while (true) {
      byte[] next = new byte[PIGZ_BLOCK];
      int m = n == PIGZ_BLOCK ? content.readNBytes(next, 0, PIGZ_BLOCK) : 0;
      boolean last = m == 0;
      pigzBlock(prevBlock, cur, n, last, out);
      if (last) return;
      prevBlock = cur;
      cur = next;
      n = m;
    }
  }

  /**
   * One block of {@link #pigz}: {@code block[0, len)}, primed with the last 32 KiB of {@code previous}
   * (a whole {@link #PIGZ_BLOCK}, or null for the first block), written to {@code out}. Its output is
   * whole bytes and depends on nothing else, so the blocks of a stream can be made on any threads and
   * concatenated.
   */
  void pigzBlock(byte[] previous, byte[] block, int len, boolean last, OutputStream out) throws IOException {
    this.out = out;
    bits.reset();
    reset();
    if (previous != null) {
      setDictionary(previous, PIGZ_BLOCK - WSIZE, WSIZE);
    }
    compress(new java.io.ByteArrayInputStream(block, 0, len), last);
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
      bits.alignToByte(); // on a byte boundary already: only the whole bytes still held
    }
    drain();
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
    java.util.Arrays.fill(head, (char) NIL);
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
        head[insH] = (char) str;
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

  private void fillWindow() throws IOException {
    int more = WINDOW_SIZE - lookahead - strstart;
    if (slide()) {
      more += WSIZE;
      if (insert > strstart) insert = strstart;
    }
    if (!eofile && readMore(more) > 0 && lookahead + insert >= MIN_MATCH) {
      int str = strstart - insert;
      insH = window[str] & 0xFF;
      updateHash(window[str + 1] & 0xFF);
      while (insert != 0) {
        updateHash(window[str + MIN_MATCH - 1] & 0xFF);
        prev[str & WMASK] = head[insH];
        head[insH] = (char) str;
        str++;
        insert--;
        if (lookahead + insert < MIN_MATCH) break;
      }
    }
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
        matchLength = Math.min(longestMatch(hashHead, Math.min(niceMatch, lookahead)), lookahead);
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
        matchLength = Math.min(longestMatch(hashHead, Math.min(niceMatch, lookahead)), lookahead);
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
