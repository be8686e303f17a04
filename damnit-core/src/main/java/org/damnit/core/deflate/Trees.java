package org.damnit.core.deflate;

/**
 * The {@code trees.c} that GNU gzip 1.12 and zlib 1.2.13 share (symbol buffer, Huffman trees, block
 * emission), with the {@code deflate.c} constants both use. The two differ only in the size of the
 * symbol buffer and in when a block ends, which the caller decides.
 */
final class Trees {
  static final int WSIZE = 0x8000;
  static final int WINDOW_SIZE = 2 * WSIZE;
  static final int WMASK = WSIZE - 1;
  static final int HASH_BITS = 15;
  static final int HASH_SIZE = 1 << HASH_BITS;
  static final int HASH_MASK = HASH_SIZE - 1;
  static final int H_SHIFT = (HASH_BITS + 3 - 1) / 3;
  static final int MIN_MATCH = 3;
  static final int MAX_MATCH = 258;
  static final int MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
  static final int MAX_DIST = WSIZE - MIN_LOOKAHEAD;
  static final int TOO_FAR = 4096;
  static final int NIL = 0;
  /** good_length, max_lazy, nice_length, max_chain per level */
  static final int[][] CONFIG = {
    {0, 0, 0, 0}, {4, 4, 8, 4}, {4, 5, 16, 8}, {4, 6, 32, 32}, {4, 4, 16, 16}, {8, 16, 32, 32},
    {8, 16, 128, 128}, {8, 32, 128, 256}, {32, 128, 258, 1024}, {32, 258, 258, 4096},
  };

  private static final int MAX_BITS = 15;
  private static final int MAX_BL_BITS = 7;
  private static final int LENGTH_CODES = 29;
  private static final int LITERALS = 256;
  private static final int END_BLOCK = 256;
  private static final int L_CODES = LITERALS + 1 + LENGTH_CODES;
  private static final int D_CODES = 30;
  private static final int BL_CODES = 19;
  private static final int HEAP_SIZE = 2 * L_CODES + 1;
  private static final int REP_3_6 = 16;
  private static final int REPZ_3_10 = 17;
  private static final int REPZ_11_138 = 18;

  private static final int[] EXTRA_LBITS = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
  };
  private static final int[] EXTRA_DBITS = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
  };
  private static final int[] EXTRA_BLBITS = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
  private static final int[] BL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  private static final int[] LENGTH_CODE = new int[MAX_MATCH - MIN_MATCH + 1];
  private static final int[] DIST_CODE = new int[512];
  private static final int[] BASE_LENGTH = new int[LENGTH_CODES];
  private static final int[] BASE_DIST = new int[D_CODES];
  private static final int[] STATIC_LTREE_LEN = new int[L_CODES + 2];
  private static final int[] STATIC_LTREE_CODE = new int[L_CODES + 2];
  private static final int[] STATIC_DTREE_LEN = new int[D_CODES];
  private static final int[] STATIC_DTREE_CODE = new int[D_CODES];

  static {
    int length = 0;
    int code;
    for (code = 0; code < LENGTH_CODES - 1; code++) {
      BASE_LENGTH[code] = length;
      for (int n = 0; n < (1 << EXTRA_LBITS[code]); n++) LENGTH_CODE[length++] = code;
    }
    LENGTH_CODE[length - 1] = code;
    int dist = 0;
    for (code = 0; code < 16; code++) {
      BASE_DIST[code] = dist;
      for (int n = 0; n < (1 << EXTRA_DBITS[code]); n++) DIST_CODE[dist++] = code;
    }
    dist >>= 7;
    for (; code < D_CODES; code++) {
      BASE_DIST[code] = dist << 7;
      for (int n = 0; n < (1 << (EXTRA_DBITS[code] - 7)); n++) DIST_CODE[256 + dist++] = code;
    }
    int[] blCount = new int[MAX_BITS + 1];
    int n = 0;
    while (n <= 143) { STATIC_LTREE_LEN[n++] = 8; blCount[8]++; }
    while (n <= 255) { STATIC_LTREE_LEN[n++] = 9; blCount[9]++; }
    while (n <= 279) { STATIC_LTREE_LEN[n++] = 7; blCount[7]++; }
    while (n <= 287) { STATIC_LTREE_LEN[n++] = 8; blCount[8]++; }
    genCodes(STATIC_LTREE_LEN, STATIC_LTREE_CODE, L_CODES + 1, blCount);
    for (n = 0; n < D_CODES; n++) {
      STATIC_DTREE_LEN[n] = 5;
      STATIC_DTREE_CODE[n] = biReverse(n, 5);
    }
  }

  private final BitWriter bits;
  private final int litBufSize;
  private final Tree ltree = new Tree(HEAP_SIZE, STATIC_LTREE_LEN, EXTRA_LBITS, LITERALS + 1, L_CODES, MAX_BITS);
  private final Tree dtree = new Tree(2 * D_CODES + 1, STATIC_DTREE_LEN, EXTRA_DBITS, 0, D_CODES, MAX_BITS);
  private final Tree bltree = new Tree(2 * BL_CODES + 1, null, EXTRA_BLBITS, 0, BL_CODES, MAX_BL_BITS);
  private final int[] blCount = new int[MAX_BITS + 1];
  private final int[] heap = new int[2 * L_CODES + 1];
  private int heapLen;
  private int heapMax;
  private final int[] depth = new int[2 * L_CODES + 1];
  private final byte[] lBuf;
  private final int[] dBuf;
  private final byte[] flagBuf;
  private int lastLit;
  private int lastDist;
  private int lastFlags;
  private int flags;
  private int flagBit;
  private long optLen;
  private long staticLen;

  private static final class Tree {
    final int[] freq;
    final int[] code;
    final int[] dad;
    final int[] len;
    final int[] staticLen;
    final int[] extraBits;
    final int extraBase;
    final int elems;
    final int maxLength;
    int maxCode;

    Tree(int size, int[] staticLen, int[] extraBits, int extraBase, int elems, int maxLength) {
      freq = new int[size];
      code = new int[size];
      dad = new int[size];
      len = new int[size];
      this.staticLen = staticLen;
      this.extraBits = extraBits;
      this.extraBase = extraBase;
      this.elems = elems;
      this.maxLength = maxLength;
    }
  }


  /** {@code litBufSize}: 0x8000 symbols for GNU gzip, 1 << 14 for zlib at memLevel 8. */
  Trees(int litBufSize, BitWriter bits) {
    this.litBufSize = litBufSize;
    this.bits = bits;
    lBuf = new byte[litBufSize];
    dBuf = new int[litBufSize];
    flagBuf = new byte[litBufSize / 8];
  }

  int lastLit() {
    return lastLit;
  }

  /** GNU gzip's early block end: few matches and output under half the block's input. */
  boolean compressesWell(long inLength) {
    long outLength = (long) lastLit * 8L;
    for (int dcode = 0; dcode < D_CODES; dcode++) {
      outLength += (long) dtree.freq[dcode] * (5L + EXTRA_DBITS[dcode]);
    }
    outLength >>>= 3;
    return lastDist < lastLit / 2 && outLength < inLength / 2;
  }

  void initBlock() {
    for (int n = 0; n < L_CODES; n++) ltree.freq[n] = 0;
    for (int n = 0; n < D_CODES; n++) dtree.freq[n] = 0;
    for (int n = 0; n < BL_CODES; n++) bltree.freq[n] = 0;
    ltree.freq[END_BLOCK] = 1;
    optLen = 0;
    staticLen = 0;
    lastLit = 0;
    lastDist = 0;
    lastFlags = 0;
    flags = 0;
    flagBit = 1;
  }

  private boolean smaller(int[] freq, int n, int m) {
    return freq[n] < freq[m] || (freq[n] == freq[m] && depth[n] <= depth[m]);
  }

  private void pqdownheap(int[] freq, int k) {
    int v = heap[k];
    int j = k << 1;
    while (j <= heapLen) {
      if (j < heapLen && smaller(freq, heap[j + 1], heap[j])) j++;
      if (smaller(freq, v, heap[j])) break;
      heap[k] = heap[j];
      k = j;
      j <<= 1;
    }
    heap[k] = v;
  }

  private void genBitlen(Tree desc) {
    int[] extra = desc.extraBits;
    int base = desc.extraBase;
    int maxCode = desc.maxCode;
    int maxLength = desc.maxLength;
    int[] stree = desc.staticLen;
    int overflow = 0;
    for (int b = 0; b <= MAX_BITS; b++) blCount[b] = 0;
    desc.len[heap[heapMax]] = 0;
    int h;
    for (h = heapMax + 1; h < HEAP_SIZE; h++) {
      int n = heap[h];
      int b = desc.len[desc.dad[n]] + 1;
      if (b > maxLength) {
        b = maxLength;
        overflow++;
      }
      desc.len[n] = b;
      if (n > maxCode) continue;
      blCount[b]++;
      int xbits = 0;
      if (n >= base) xbits = extra[n - base];
      long f = desc.freq[n];
      optLen += f * (b + xbits);
      if (stree != null) staticLen += f * (stree[n] + xbits);
    }
    if (overflow == 0) return;
    do {
      int b = maxLength - 1;
      while (blCount[b] == 0) b--;
      blCount[b]--;
      blCount[b + 1] += 2;
      blCount[maxLength]--;
      overflow -= 2;
    } while (overflow > 0);
    for (int b = maxLength; b != 0; b--) {
      int n = blCount[b];
      while (n != 0) {
        int m = heap[--h];
        if (m > maxCode) continue;
        if (desc.len[m] != b) {
          optLen += ((long) b - desc.len[m]) * desc.freq[m];
          desc.len[m] = b;
        }
        n--;
      }
    }
  }

  private static void genCodes(int[] len, int[] code, int maxCode, int[] blCount) {
    int[] nextCode = new int[MAX_BITS + 1];
    int c = 0;
    for (int b = 1; b <= MAX_BITS; b++) {
      c = ((c + blCount[b - 1]) << 1) & 0xFFFF;
      nextCode[b] = c;
    }
    for (int n = 0; n <= maxCode; n++) {
      int l = len[n];
      if (l == 0) continue;
      code[n] = biReverse(nextCode[l]++, l);
    }
  }

  private static int biReverse(int code, int len) {
    int res = 0;
    do {
      res |= code & 1;
      code >>>= 1;
      res <<= 1;
    } while (--len > 0);
    return res >>> 1;
  }

  private void buildTree(Tree desc) {
    int[] freq = desc.freq;
    int[] stree = desc.staticLen;
    int elems = desc.elems;
    int maxCode = -1;
    int node = elems;
    heapLen = 0;
    heapMax = HEAP_SIZE;
    for (int n = 0; n < elems; n++) {
      if (freq[n] != 0) {
        heap[++heapLen] = maxCode = n;
        depth[n] = 0;
      } else {
        desc.len[n] = 0;
        desc.dad[n] = 0;
      }
    }
    while (heapLen < 2) {
      int nw = heap[++heapLen] = maxCode < 2 ? ++maxCode : 0;
      freq[nw] = 1;
      depth[nw] = 0;
      optLen--;
      if (stree != null) staticLen -= stree[nw];
    }
    desc.maxCode = maxCode;
    for (int n = heapLen / 2; n >= 1; n--) pqdownheap(freq, n);
    do {
      int n = heap[1];
      heap[1] = heap[heapLen--];
      pqdownheap(freq, 1);
      int m = heap[1];
      heap[--heapMax] = n;
      heap[--heapMax] = m;
      freq[node] = freq[n] + freq[m];
      depth[node] = Math.max(depth[n], depth[m]) + 1;
      desc.dad[n] = node;
      desc.dad[m] = node;
      heap[1] = node++;
      pqdownheap(freq, 1);
    } while (heapLen >= 2);
    heap[--heapMax] = heap[1];
    genBitlen(desc);
    genCodes(desc.len, desc.code, maxCode, blCount);
  }

  private void scanTree(Tree t, int maxCode) {
    int[] len = t.len;
    int prevlen = -1;
    int nextlen = len[0];
    int count = 0;
    int maxCount = 7;
    int minCount = 4;
    if (nextlen == 0) {
      maxCount = 138;
      minCount = 3;
    }
    len[maxCode + 1] = 0xFFFF;
    for (int n = 0; n <= maxCode; n++) {
      int curlen = nextlen;
      nextlen = len[n + 1];
      if (++count < maxCount && curlen == nextlen) {
        continue;
      } else if (count < minCount) {
        bltree.freq[curlen] += count;
      } else if (curlen != 0) {
        if (curlen != prevlen) bltree.freq[curlen]++;
        bltree.freq[REP_3_6]++;
      } else if (count <= 10) {
        bltree.freq[REPZ_3_10]++;
      } else {
        bltree.freq[REPZ_11_138]++;
      }
      count = 0;
      prevlen = curlen;
      if (nextlen == 0) {
        maxCount = 138;
        minCount = 3;
      } else if (curlen == nextlen) {
        maxCount = 6;
        minCount = 3;
      } else {
        maxCount = 7;
        minCount = 4;
      }
    }
  }

  private void sendCode(int c, int[] code, int[] len) {
    bits.add(code[c], len[c]);
  }

  private void sendTree(Tree t, int maxCode) {
    int[] len = t.len;
    int prevlen = -1;
    int nextlen = len[0];
    int count = 0;
    int maxCount = 7;
    int minCount = 4;
    if (nextlen == 0) {
      maxCount = 138;
      minCount = 3;
    }
    for (int n = 0; n <= maxCode; n++) {
      int curlen = nextlen;
      nextlen = len[n + 1];
      if (++count < maxCount && curlen == nextlen) {
        continue;
      } else if (count < minCount) {
        do {
          sendCode(curlen, bltree.code, bltree.len);
        } while (--count != 0);
      } else if (curlen != 0) {
        if (curlen != prevlen) {
          sendCode(curlen, bltree.code, bltree.len);
          count--;
        }
        sendCode(REP_3_6, bltree.code, bltree.len);
        bits.add(count - 3, 2);
      } else if (count <= 10) {
        sendCode(REPZ_3_10, bltree.code, bltree.len);
        bits.add(count - 3, 3);
      } else {
        sendCode(REPZ_11_138, bltree.code, bltree.len);
        bits.add(count - 11, 7);
      }
      count = 0;
      prevlen = curlen;
      if (nextlen == 0) {
        maxCount = 138;
        minCount = 3;
      } else if (curlen == nextlen) {
        maxCount = 6;
        minCount = 3;
      } else {
        maxCount = 7;
        minCount = 4;
      }
    }
  }

  private int buildBlTree() {
    scanTree(ltree, ltree.maxCode);
    scanTree(dtree, dtree.maxCode);
    buildTree(bltree);
    int maxBlindex;
    for (maxBlindex = BL_CODES - 1; maxBlindex >= 3; maxBlindex--) {
      if (bltree.len[BL_ORDER[maxBlindex]] != 0) break;
    }
    optLen += 3L * (maxBlindex + 1) + 5 + 5 + 4;
    return maxBlindex;
  }

  private void sendAllTrees(int lcodes, int dcodes, int blcodes) {
    bits.add(lcodes - 257, 5);
    bits.add(dcodes - 1, 5);
    bits.add(blcodes - 4, 4);
    for (int rank = 0; rank < blcodes; rank++) bits.add(bltree.len[BL_ORDER[rank]], 3);
    sendTree(ltree, lcodes - 1);
    sendTree(dtree, dcodes - 1);
  }

  /**
   * flush_block of the tallied symbols; {@code bufOff} is the block's offset in {@code window}, or -1
   * when it has left the window.
   */
  void flushBlock(byte[] window, int bufOff, long storedLen, boolean eof) {
    flagBuf[lastFlags] = (byte) flags;
    buildTree(ltree);
    buildTree(dtree);
    int maxBlindex = buildBlTree();
    long optLenb = (optLen + 3 + 7) >>> 3;
    long staticLenb = (staticLen + 3 + 7) >>> 3;
    if (Long.compareUnsigned(staticLenb, optLenb) <= 0) optLenb = staticLenb;
    int fin = eof ? 1 : 0;
    if (Long.compareUnsigned(storedLen + 4, optLenb) <= 0 && bufOff >= 0) {
      bits.add(fin, 3);
      bits.alignToByte();
      bits.add((int) storedLen & 0xFFFF, 16);
      bits.add(~(int) storedLen & 0xFFFF, 16);
      bits.writeBytes(window, bufOff, (int) storedLen);
    } else if (staticLenb == optLenb) {
      bits.add(2 + fin, 3);
      compressBlock(STATIC_LTREE_CODE, STATIC_LTREE_LEN, STATIC_DTREE_CODE, STATIC_DTREE_LEN);
    } else {
      bits.add(4 + fin, 3);
      sendAllTrees(ltree.maxCode + 1, dtree.maxCode + 1, maxBlindex + 1);
      compressBlock(ltree.code, ltree.len, dtree.code, dtree.len);
    }
    initBlock();
    if (eof) bits.alignToByte();
  }

  private static int dCode(int dist) {
    return dist < 256 ? DIST_CODE[dist] : DIST_CODE[256 + (dist >> 7)];
  }

  /** ct_tally: records a literal ({@code dist} 0) or a match; true when the symbol buffer is full. */
  boolean tally(int dist, int lc) {
    lBuf[lastLit++] = (byte) lc;
    if (dist == 0) {
      ltree.freq[lc]++;
    } else {
      dist--;
      ltree.freq[LENGTH_CODE[lc] + LITERALS + 1]++;
      dtree.freq[dCode(dist)]++;
      dBuf[lastDist++] = dist;
      flags |= flagBit;
    }
    flagBit = (flagBit << 1) & 0xFF;
    if ((lastLit & 7) == 0) {
      flagBuf[lastFlags++] = (byte) flags;
      flags = 0;
      flagBit = 1;
    }
    return lastLit == litBufSize - 1 || lastDist == litBufSize;
  }

  private void compressBlock(int[] lcode, int[] llen, int[] dcode, int[] dlen) {
    int lx = 0;
    int dx = 0;
    int fx = 0;
    int flag = 0;
    if (lastLit != 0) {
      do {
        if ((lx & 7) == 0) flag = flagBuf[fx++] & 0xFF;
        int lc = lBuf[lx++] & 0xFF;
        if ((flag & 1) == 0) {
          sendCode(lc, lcode, llen);
        } else {
          int code = LENGTH_CODE[lc];
          sendCode(code + LITERALS + 1, lcode, llen);
          int extra = EXTRA_LBITS[code];
          if (extra != 0) bits.add(lc - BASE_LENGTH[code], extra);
          int dist = dBuf[dx++];
          code = dCode(dist);
          sendCode(code, dcode, dlen);
          extra = EXTRA_DBITS[code];
          if (extra != 0) bits.add(dist - BASE_DIST[code], extra);
        }
        flag >>= 1;
      } while (lx < lastLit);
    }
    sendCode(END_BLOCK, lcode, llen);
  }
}
