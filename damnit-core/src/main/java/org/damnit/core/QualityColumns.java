package org.damnit.core;

import java.util.Arrays;

/**
 * The qualities of a chunk's alignment records (SAM and BAM payload version 4) as rANS Nx16 columns of
 * {@link ColumnStreams} by position in the read, in sequencing order (last to first for a read on the
 * reverse strand): column c holds positions [s c, s c + s) of every record, the last of at most 64 the
 * rest, with the span s that an entropy estimate finds smallest. A static model loses a little against
 * the adaptive context model of earlier versions and decodes many times as fast.
 */
final class QualityColumns {
    private static final int[] SPANS = {4, 8, 16, Integer.MAX_VALUE};
    private static final int MAX_COLUMNS = 64;
    private static final java.lang.invoke.VarHandle INT =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private QualityColumns() {
    }

    /** Collects records' qualities, then writes the columns. */
    static final class Writer {
        private final ColumnStreams.Out all;
        private int[] lengths = new int[1024];
        private int records;
        private int longest;

        Writer(int expected) {
            all = new ColumnStreams.Out(expected);
        }

        /** Adds the {@code len} qualities at {@code off} of {@code d}, stored last to first where {@code reversed}. */
        void add(byte[] d, int off, int len, boolean reversed) {
            if (records == lengths.length) {
                lengths = Arrays.copyOf(lengths, records * 2);
            }
            lengths[records++] = len;
            longest = Math.max(longest, len);
            if (!reversed) {
                all.putBytes(d, off, len);
            } else {
                for (int i = off + len - 1; i >= off; i--) {
                    all.put(d[i]);
                }
            }
        }

        private int columnCount(int span) {
            return Math.max(1, (int) Math.min(MAX_COLUMNS, (longest + (long) span - 1) / span));
        }

        private ColumnStreams.Out[] columns(int span) {
            ColumnStreams.Out[] cols = new ColumnStreams.Out[columnCount(span)];
            for (int c = 0; c < cols.length; c++) {
                cols[c] = new ColumnStreams.Out(all.size() / cols.length + 16);
            }
            byte[] a = all.array();
            for (int r = 0, at = 0; r < records; at += lengths[r++]) {
                int len = lengths[r];
                for (int c = 0, i = 0; i < len; c++, i += span) {
                    int k = c == cols.length - 1 ? len - i : Math.min(span, len - i);
                    cols[c].putBytes(a, at + i, k);
                    if (c == cols.length - 1) {
                        break;
                    }
                }
            }
            return cols;
        }

        /**
         * The estimates ({@link ColumnStreams#estimates}) of each column with this span, counted from the
         * records' qualities as they are, without laying the columns out.
         */
        private double[][] estimates(int span) {
            int n = columnCount(span);
            double[][] e = new double[n][];
            byte[] a = all.array();
            ColumnStreams.Estimate count = ColumnStreams.estimate();
            for (int c = 0; c < n; c++) {
                int i = c * span;
                boolean last = c == n - 1;
                for (int r = 0, at = 0; r < records; at += lengths[r++]) {
                    int len = lengths[r];
                    if (i < len) {
                        count.add(a, at + i, last ? len - i : Math.min(span, len - i));
                    }
                }
                int size = count.length();
                e[c] = count.finish();
                e[c] = new double[] {e[c][0], e[c][1], size};
            }
            return e;
        }

        /** The varint span, the varint column count and the coded columns, as one block of {@code out}. */
        void write(Columns.Sink out) {
            double[][] best = null;
            int bestSpan = 1;
            double smallest = Double.MAX_VALUE;
            for (int s : SPANS) {
                int span = Math.min(s, Math.max(1, longest));
                double[][] e = estimates(span);
                double size = 0;
                for (double[] c : e) {
                    size += ColumnStreams.estimatedBytes(c, (int) c[2]);
                }
                if (size < smallest) {
                    smallest = size;
                    best = e;
                    bestSpan = span;
                }
                if (span == longest) {
                    break;
                }
            }
            ColumnStreams.Out[] cols = columns(bestSpan);
            ColumnStreams.Out coded = new ColumnStreams.Out(all.size() / 2 + 64);
            coded.putVarint(bestSpan);
            coded.putVarint(cols.length);
            for (int c = 0; c < cols.length; c++) {
                coded.coded(cols[c].array(), cols[c].size(), best[c]);
            }
            out.block(Arrays.copyOf(coded.array(), coded.size()));
        }
    }

    /** Gives the qualities a {@link Writer} wrote, record by record. */
    static final class Reader {
        private final int span;
        private final byte[][] data;
        private final int[] at;
        private final int[] end;

        /** Reads the block at {@code in}; the columns together may not exceed {@code rawLength} bytes. */
        Reader(Columns.Source in, int rawLength) {
            Columns.Source block = in.block();
            ColumnStreams.In cols = new ColumnStreams.In("the quality columns", block.array(), block.position(),
                block.remaining());
            try {
                span = Math.max(1, cols.count(rawLength));
                int n = cols.count(MAX_COLUMNS);
                data = new byte[n][];
                at = new int[n];
                end = new int[n];
                // every quality is a byte of the chunk: the columns together hold at most rawLength
                long left = rawLength;
                for (int c = 0; c < n; c++) {
                    ColumnStreams.In col = cols.coded(left);
                    data[c] = col.buffer();
                    int len = col.remaining();
                    left -= len;
                    at[c] = col.take(len);
                    end[c] = at[c] + len;
                }
            } catch (org.damnit.CorruptObjectException e) {
                throw new Columns.Damaged(e.getMessage());
            }
        }

        /**
         * {@link #next} for the usual record, which has four qualities in every column but the last and
         * the rest in that: whole columns' groups of four as ints, one bounds check a column.
         */
        private void fours(byte[] out, int off, int len, boolean reversed) {
            int n = data.length;
            int body = 4 * (n - 1);
            for (int c = 0; c < n - 1; c++) {
                int from = at[c];
                if (from + 4 > end[c]) {
                    throw new Columns.Damaged("a quality column ends early");
                }
                int v = (int) INT.get(data[c], from);
                if (reversed) {
                    INT.set(out, off + len - 4 - 4 * c, Integer.reverseBytes(v));
                } else {
                    INT.set(out, off + 4 * c, v);
                }
                at[c] = from + 4;
            }
            int k = len - body;
            int c = n - 1;
            int from = at[c];
            if (k > end[c] - from) {
                throw new Columns.Damaged("a quality column ends early");
            }
            byte[] src = data[c];
            if (reversed) {
                int last = off + k - 1;
                for (int j = 0; j < k; j++) {
                    out[last - j] = src[from + j];
                }
            } else {
                System.arraycopy(src, from, out, off + body, k);
            }
            at[c] = from + k;
        }

        /** How many positions of a read each column holds (the last column: the rest). */
        int span() {
            return span;
        }

        /** The next record's {@code len} qualities into {@code out} at {@code off}, last to first where {@code reversed}. */
        void next(byte[] out, int off, int len, boolean reversed) {
            int n = data.length;
            int s = span;
            if (s == 4 && len >= 4 * (n - 1) && n > 1) {
                fours(out, off, len, reversed);
                return;
            }
            for (int c = 0, i = 0; i < len; c++, i += s) {
                if (c >= n) {
                    throw new Columns.Damaged("qualities beyond their columns");
                }
                int k = c == n - 1 ? len - i : Math.min(s, len - i);
                int from = at[c];
                if (k > end[c] - from) {
                    throw new Columns.Damaged("a quality column ends early");
                }
                byte[] src = data[c];
                if (k == 4) {
                    // the usual span: four qualities, copied byte by byte (a VarHandle's int access
                    // is as fast only once the optimising compiler has inlined it; a fresh JVM's first
                    // chunks run it interpreted or C1-compiled, many times slower)
                    byte a = src[from];
                    byte b = src[from + 1];
                    byte c2 = src[from + 2];
                    byte d = src[from + 3];
                    if (reversed) {
                        int o = off + len - i - 4;
                        out[o] = d;
                        out[o + 1] = c2;
                        out[o + 2] = b;
                        out[o + 3] = a;
                    } else {
                        int o = off + i;
                        out[o] = a;
                        out[o + 1] = b;
                        out[o + 2] = c2;
                        out[o + 3] = d;
                    }
                } else if (!reversed) {
                    System.arraycopy(src, from, out, off + i, k);
                } else {
                    int last = off + len - 1 - i;
                    for (int j = 0; j < k; j++) {
                        out[last - j] = src[from + j];
                    }
                }
                at[c] = from + k;
                if (c == n - 1) {
                    break;
                }
            }
        }
    }
}
