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
final class GnuGzip112 extends DeflateWindow {
  static final String VERSION = "gnu-gzip-1.12";

  private static final int LIT_BUFSIZE = 0x8000;

  GnuGzip112(int level) {
    super("gzip", level, LIT_BUFSIZE);
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

  private void lmInit() throws IOException {
    java.util.Arrays.fill(head, (char) NIL);
    java.util.Arrays.fill(window, (byte) 0);
    strstart = 0;
    blockStart = 0;
    lookahead = in.readNBytes(window, 0, 2 * WSIZE);
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

  private void fillWindow() throws IOException {
    int more = WINDOW_SIZE - lookahead - strstart;
    if (slide()) more += WSIZE;
    if (!eofile) readMore(more);
  }

  private void deflateFast() throws IOException {
    int hashHead;
    boolean flush;
    int matchLength = 0;
    prevLength = MIN_MATCH - 1;
    while (lookahead != 0) {
      hashHead = insertString(strstart);
      if (hashHead != NIL && strstart - hashHead <= MAX_DIST && strstart <= WINDOW_SIZE - MIN_LOOKAHEAD) {
        matchLength = longestMatch(hashHead, niceMatch);
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
        matchLength = longestMatch(hashHead, niceMatch);
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
