package org.damnit.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Read names, each ended by a 0 byte, tokenised in the manner of CRAM 3.1's name tokeniser: a name
 * that repeats one seen earlier in the chunk (a mate) is its distance back; any other is split into
 * runs of digits and of other bytes, and each token, by its position, is coded against the token at
 * that position of the previous name: the same, a small increment, a number or a string, each kind in
 * a column of its own per position.
 */
final class ReadNames {
    static final int POSITIONS = 32;
    private static final int END = 0;
    private static final int MATCH = 1;
    private static final int TEXT = 2;
    private static final int NUMBER = 3;
    private static final int DELTA = 4;
    /** A number with leading zeros: its width, then its value. */
    private static final int PADDED = 5;
    private static final int FRESH = 0;
    private static final int REPEAT = 1;

    private ReadNames() {
    }

    /** Whether a name's bytes can be coded here: none is 0 or a line end. */
    static boolean codable(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] == 0 || d[i] == '\n' || d[i] == '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The ends of a name's tokens: runs of digits and of other bytes, the last one taking the rest. */
    private static int tokens(byte[] d, int from, int to, int[] ends) {
        int n = 0;
        int p = from;
        while (p < to) {
            int q = p + 1;
            if (n == POSITIONS - 1) {
                q = to;
            } else {
                boolean dig = digit(d[p]);
                while (q < to && digit(d[q]) == dig) {
                    q++;
                }
            }
            ends[n++] = q;
            p = q;
        }
        return n;
    }

    private static final class Columns8 {
        final Columns.Sink[][] c = new Columns.Sink[POSITIONS][4];

        Columns.Sink of(int pos, int kind) {
            Columns.Sink s = c[pos][kind];
            if (s == null) {
                s = c[pos][kind] = new Columns.Sink(64);
            }
            return s;
        }
    }

    /** Codes {@code count} names from {@code names} (each ended by 0), in adaptive columns. */
    static byte[] encode(Columns.Sink names, int count) {
        return encode(names, count, false);
    }

    /**
     * Codes {@code count} names from {@code names} (each ended by 0), in static columns where
     * {@code statics} ({@link Columns#pack(Columns.Sink, boolean)}).
     */
    static byte[] encode(Columns.Sink names, int count, boolean statics) {
        byte[] d = names.array();
        int len = names.length();
        Columns.Sink kinds = new Columns.Sink(count);
        Columns.Sink back = new Columns.Sink(16);
        Columns8 cols = new Columns8();
        Map<Key, Integer> seen = new HashMap<>(count * 2);
        int[] prevEnds = new int[POSITIONS];
        int[] ends = new int[POSITIONS];
        long[] prevNums = new long[POSITIONS];
        long[] nums = new long[POSITIONS];
        int prevStart = 0;
        int prevCount = 0;
        int used = 0;
        int index = 0;
        for (int p = 0; p < len; index++) {
            int e = p;
            while (d[e] != 0) {
                e++;
            }
            Integer earlier = seen.put(new Key(d, p, e), index);
            if (earlier != null) {
                kinds.put(REPEAT);
                back.varint(index - earlier);
                p = e + 1;
                continue;
            }
            kinds.put(FRESH);
            int n = tokens(d, p, e, ends);
            int start = p;
            for (int t = 0; t <= n; t++) {
                Columns.Sink type = cols.of(t, 0);
                if (t == n) {
                    type.put(END);
                    break;
                }
                int a = t == 0 ? start : ends[t - 1];
                int b = ends[t];
                nums[t] = -1;
                int width = b - a;
                if (width <= 18) {
                    long v = 0;
                    for (int i = a; i < b && v >= 0; i++) {
                        v = digit(d[i]) ? v * 10 + (d[i] - '0') : -1;
                    }
                    nums[t] = v;
                }
                boolean same = t < prevCount;
                if (same) {
                    int pa = t == 0 ? prevStart : prevEnds[t - 1];
                    same = java.util.Arrays.equals(d, a, b, d, pa, prevEnds[t]);
                }
                if (same) {
                    type.put(MATCH);
                } else if (nums[t] >= 0 && (d[a] != '0' || width == 1)) {
                    long delta = t < prevCount && prevNums[t] >= 0 ? nums[t] - prevNums[t] : -1;
                    if (delta > 0 && delta < 256) {
                        type.put(DELTA);
                        cols.of(t, 3).put((int) delta);
                    } else {
                        type.put(NUMBER);
                        cols.of(t, 2).varint(nums[t]);
                    }
                } else if (nums[t] >= 0) {
                    type.put(PADDED);
                    cols.of(t, 3).put(width);
                    cols.of(t, 2).varint(nums[t]);
                } else {
                    type.put(TEXT);
                    Columns.Sink text = cols.of(t, 1);
                    text.put(d, a, width);
                    text.put(0);
                }
                used = Math.max(used, t + 1);
            }
            System.arraycopy(ends, 0, prevEnds, 0, n);
            System.arraycopy(nums, 0, prevNums, 0, n);
            prevStart = start;
            prevCount = n;
            p = e + 1;
        }
        Columns.Sink out = new Columns.Sink(len / 8 + 64);
        out.block(Columns.pack(kinds, statics));
        out.block(Columns.pack(back, statics));
        out.varint(used + 1);
        for (int t = 0; t <= used; t++) {
            for (int k = 0; k < 4; k++) {
                Columns.Sink s = cols.c[t][k];
                out.block(Columns.pack(s == null ? new Columns.Sink(0) : s, statics));
            }
        }
        return out.bytes();
    }

    /**
     * The names, each ended by 0: exactly {@code count} of them, together at most {@code max} bytes; the
     * columns static or adaptive as {@code budget} says.
     */
    static byte[] decode(Columns.Source in, int count, int max, Columns.Budget budget) {
        Columns.Source kinds = Columns.unpack(in.block(), count, budget);
        Columns.Source back = Columns.unpack(in.block(), 10L * count, budget);
        int positions = in.count(POSITIONS + 1);
        Columns.Source[][] cols = new Columns.Source[positions][4];
        for (int t = 0; t < positions; t++) {
            for (int k = 0; k < 4; k++) {
                cols[t][k] = Columns.unpack(in.block(), 10L * max, budget);
            }
        }
        byte[] out = new byte[max];
        int[] starts = new int[count + 1];
        int pos = 0;
        int[] prevEnds = new int[POSITIONS];
        int[] ends = new int[POSITIONS];
        long[] prevNums = new long[POSITIONS];
        long[] nums = new long[POSITIONS];
        int prevStart = 0;
        int prevCount = 0;
        byte[] digits = new byte[20];
        for (int index = 0; index < count; index++) {
            starts[index] = pos;
            if (kinds.get() == REPEAT) {
                int dist = back.count(index);
                if (dist == 0) {
                    throw new Columns.Damaged("a name repeats itself");
                }
                int from = starts[index - dist];
                int n = starts[index - dist + 1] - from;
                if (n > max - pos) {
                    throw new Columns.Damaged("names too long");
                }
                System.arraycopy(out, from, out, pos, n);
                pos += n;
                continue;
            }
            int start = pos;
            int n = 0;
            for (int t = 0; ; t++) {
                if (t >= positions) {
                    throw new Columns.Damaged("name has too many tokens");
                }
                int type = cols[t][0].get();
                if (type == END) {
                    break;
                }
                nums[t] = -1;
                int a = pos;
                switch (type) {
                    case MATCH -> {
                        if (t >= prevCount) {
                            throw new Columns.Damaged("name token matches nothing");
                        }
                        int pa = t == 0 ? prevStart : prevEnds[t - 1];
                        int w = prevEnds[t] - pa;
                        if (w > max - pos) {
                            throw new Columns.Damaged("names too long");
                        }
                        System.arraycopy(out, pa, out, pos, w);
                        pos += w;
                        nums[t] = prevNums[t];
                    }
                    case TEXT -> {
                        Columns.Source s = cols[t][1];
                        for (int b = s.get(); b != 0; b = s.get()) {
                            if (pos == max) {
                                throw new Columns.Damaged("names too long");
                            }
                            out[pos++] = (byte) b;
                        }
                    }
                    case NUMBER, DELTA, PADDED -> {
                        long v;
                        int width = 0;
                        if (type == DELTA) {
                            if (t >= prevCount || prevNums[t] < 0) {
                                throw new Columns.Damaged("name increment of nothing");
                            }
                            v = prevNums[t] + cols[t][3].get();
                        } else {
                            if (type == PADDED) {
                                width = cols[t][3].get();
                            }
                            v = cols[t][2].varint();
                        }
                        if (v < 0 || v > 999_999_999_999_999_999L || width > 18) {
                            throw new Columns.Damaged("name number out of range");
                        }
                        int k = digits.length;
                        long x = v;
                        do {
                            digits[--k] = (byte) ('0' + x % 10);
                            x /= 10;
                        } while (x != 0);
                        while (digits.length - k < width) {
                            digits[--k] = '0';
                        }
                        int w = digits.length - k;
                        if (w > max - pos) {
                            throw new Columns.Damaged("names too long");
                        }
                        System.arraycopy(digits, k, out, pos, w);
                        pos += w;
                        nums[t] = v;
                    }
                    default -> throw new Columns.Damaged("unknown name token " + type);
                }
                if (pos == a && type != MATCH) {
                    throw new Columns.Damaged("empty name token");
                }
                ends[t] = pos;
                n = t + 1;
            }
            System.arraycopy(ends, 0, prevEnds, 0, n);
            System.arraycopy(nums, 0, prevNums, 0, n);
            prevStart = start;
            prevCount = n;
            if (pos == max) {
                throw new Columns.Damaged("names too long");
            }
            out[pos++] = 0;
        }
        starts[count] = pos;
        return java.util.Arrays.copyOf(out, pos);
    }

    /** A name's bytes as a map key. */
    record Key(byte[] d, int from, int to) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(d, from, to, k.d, k.from, k.to);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int i = from; i < to; i++) {
                h = 31 * h + d[i];
            }
            return h;
        }
    }
}
