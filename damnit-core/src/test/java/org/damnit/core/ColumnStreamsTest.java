package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import htsjdk.samtools.cram.compression.rans.ransnx16.RANSNx16Decode;
import htsjdk.samtools.cram.compression.rans.ransnx16.RANSNx16Encode;
import htsjdk.samtools.cram.compression.rans.ransnx16.RANSNx16Params;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.CorruptObjectException;

class ColumnStreamsTest {
    /** Bytes from an alphabet of {@code symbols} under a skewed distribution. */
    private static byte[] skewed(long seed, int len, int symbols) {
        Random r = new Random(seed);
        byte[] d = new byte[len];
        int base = r.nextInt(256);
        for (int i = 0; i < len; i++) {
            int s = (int) Math.min(symbols - 1, Math.abs(r.nextGaussian()) * symbols / 3);
            d[i] = (byte) (base + s);
        }
        return d;
    }

    @Property(tries = 80)
    void theOwnOrder0DecoderReadsWhatHtsjdkReads(@ForAll long seed, @ForAll @IntRange(min = 1, max = 70_000) int len,
                                                 @ForAll @IntRange(min = 1, max = 256) int symbols)
        throws CorruptObjectException {
        byte[] d = skewed(seed, len, symbols);
        ByteBuffer enc = new RANSNx16Encode().compress(ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN),
            new RANSNx16Params(0));
        byte[] stream = new byte[enc.remaining()];
        enc.get(stream);
        ByteBuffer theirs = new RANSNx16Decode().uncompress(ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN));
        byte[] expected = new byte[theirs.remaining()];
        theirs.get(expected);
        assertThat(expected).isEqualTo(d);
        byte[] ours = ColumnStreams.Rans0.decode(new ColumnStreams.In("t", stream, 0, stream.length), 0, stream.length, len);
        assertThat(ours).isEqualTo(d);
    }

    @Property(tries = 60)
    void codedColumnsComeBackWhateverMethodTheEstimateChooses(@ForAll long seed,
                                                              @ForAll @IntRange(max = 20_000) int len,
                                                              @ForAll @IntRange(min = 1, max = 256) int symbols)
        throws CorruptObjectException {
        byte[] d = skewed(seed, len, symbols);
        ColumnStreams.Out out = new ColumnStreams.Out(16);
        out.coded(d, len);
        out.coded(d, len / 2); // a second column after it, decoded by the same thread's decoders
        ColumnStreams.In in = new ColumnStreams.In("t", out.array(), 0, out.size());
        for (int n : new int[] {len, len / 2}) {
            ColumnStreams.In col = in.coded(n);
            byte[] back = new byte[n];
            col.copy(back, 0, n);
            assertThat(back).isEqualTo(java.util.Arrays.copyOf(d, n));
        }
        assertThat(in.atEnd()).isTrue();
    }

    @Property(tries = 80)
    void theOwnOrder1DecoderReadsWhatHtsjdkReads(@ForAll long seed, @ForAll @IntRange(min = 4, max = 70_000) int len,
                                                 @ForAll @IntRange(min = 1, max = 256) int symbols)
        throws CorruptObjectException {
        byte[] d = skewed(seed, len, symbols);
        if (seed % 3 == 0) {
            // order-1 structure: each byte near the one before it
            Random r = new Random(seed);
            for (int i = 1; i < len; i++) {
                d[i] = (byte) (d[i - 1] + (r.nextInt(5) - 2) * (symbols > 8 ? 1 : 0));
            }
        }
        // (below 4 bytes htsjdk writes order 0)
        ByteBuffer enc = new RANSNx16Encode().compress(ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN),
            new RANSNx16Params(1));
        byte[] stream = new byte[enc.remaining() + 7];
        enc.get(stream, 3, stream.length - 7);
        ByteBuffer theirs = new RANSNx16Decode().uncompress(
            ByteBuffer.wrap(stream, 3, stream.length - 7).slice().order(ByteOrder.LITTLE_ENDIAN));
        byte[] expected = new byte[theirs.remaining()];
        theirs.get(expected);
        assertThat(expected).isEqualTo(d);
        byte[] ours = ColumnStreams.Rans0.decode1(new ColumnStreams.In("t", stream, 0, stream.length), 3,
            stream.length - 7, len);
        assertThat(ours).isEqualTo(d);
    }

    /** The estimates as they were first written: every one of the 65,536 order-1 entries visited. */
    private static double[] plainEstimates(byte[] d, int len) {
        int[] c = new int[256 * 257];
        int prev = 0;
        for (int i = 0; i < len; i++) {
            int s = d[i] & 0xff;
            c[(prev << 8) | s]++;
            c[65536 + s]++;
            prev = s;
        }
        double bits0 = 0;
        int symbols = 0;
        for (int s = 0; s < 256; s++) {
            int k = c[65536 + s];
            if (k > 0) {
                bits0 -= k * (Math.log((double) k / len) * 1.4426950408889634);
                symbols++;
            }
        }
        double bits1 = 0;
        int entries = 0;
        for (int ctx = 0; ctx < 256; ctx++) {
            int total = 0;
            for (int s = 0; s < 256; s++) {
                total += c[(ctx << 8) | s];
            }
            for (int s = 0; total > 0 && s < 256; s++) {
                int k = c[(ctx << 8) | s];
                if (k > 0) {
                    bits1 -= k * (Math.log((double) k / total) * 1.4426950408889634);
                    entries++;
                }
            }
        }
        return new double[] {bits0 / 8 + symbols * 2 + 16, bits1 / 8 + entries * 1.5 + 32};
    }

    @Property(tries = 60)
    void estimatesInPiecesAreTheWholeColumnsExactly(@ForAll long seed, @ForAll @IntRange(max = 20_000) int len,
                                                    @ForAll @IntRange(min = 1, max = 256) int symbols) {
        byte[] d = skewed(seed, len, symbols);
        double[] expected = plainEstimates(d, len);
        assertThat(ColumnStreams.estimates(d, len)).containsExactly(expected);
        ColumnStreams.Estimate e = ColumnStreams.estimate();
        Random r = new Random(seed);
        for (int at = 0; at < len; ) {
            int n = Math.min(len - at, r.nextInt(200));
            e.add(d, at, n);
            at += n;
        }
        assertThat(e.length()).isEqualTo(len);
        assertThat(e.finish()).containsExactly(expected);
        assertThat(ColumnStreams.estimates(d, len / 3)).containsExactly(plainEstimates(d, len / 3));
    }

    @Property(tries = 100)
    void theOwnOrder0EncoderWritesWhatHtsjdkReads(@ForAll long seed, @ForAll @IntRange(min = 1, max = 70_000) int len,
                                                  @ForAll @IntRange(min = 1, max = 256) int symbols)
        throws CorruptObjectException {
        byte[] d = skewed(seed, len, symbols);
        if (seed % 4 == 0) {
            // every symbol once, the rest one symbol: rare symbols raised to a frequency of 1
            for (int i = 0; i < Math.min(len, 256); i++) {
                d[i] = (byte) i;
            }
        }
        byte[] stream = ColumnStreams.Rans0.encode(d, len);
        ByteBuffer theirs = new RANSNx16Decode().uncompress(ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN));
        byte[] back = new byte[theirs.remaining()];
        theirs.get(back);
        assertThat(back).isEqualTo(d);
        byte[] ours = ColumnStreams.Rans0.decode(new ColumnStreams.In("t", stream, 0, stream.length), 0, stream.length, len);
        assertThat(ours).isEqualTo(d);
        if (len >= 1000 && symbols > 1) {
            ByteBuffer h = new RANSNx16Encode().compress(ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN),
                new RANSNx16Params(0));
            assertThat(stream.length).as("about htsjdk's size").isLessThan(h.remaining() + h.remaining() / 50 + 16);
        }
    }

    @Property(tries = 100)
    void theOwnOrder1EncoderWritesWhatHtsjdkReads(@ForAll long seed, @ForAll @IntRange(min = 4, max = 70_000) int len,
                                                  @ForAll @IntRange(min = 1, max = 256) int symbols)
        throws CorruptObjectException {
        byte[] d = skewed(seed, len, symbols);
        Random r = new Random(seed);
        if (seed % 3 == 0) {
            for (int i = 1; i < len; i++) {
                d[i] = (byte) (d[i - 1] + r.nextInt(3) - 1);
            }
        } else if (seed % 3 == 1) {
            for (int i = 0; i < Math.min(len, 256); i++) {
                d[i] = (byte) i;
            }
        }
        byte[] stream = ColumnStreams.Rans0.encode1(d, len);
        ByteBuffer theirs = new RANSNx16Decode().uncompress(ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN));
        byte[] back = new byte[theirs.remaining()];
        theirs.get(back);
        assertThat(back).isEqualTo(d);
        assertThat(ColumnStreams.Rans0.decode1(new ColumnStreams.In("t", stream, 0, stream.length), 0, stream.length,
            len)).isEqualTo(d);
        if (len >= 5000 && symbols > 1) {
            ByteBuffer h = new RANSNx16Encode().compress(ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN),
                new RANSNx16Params(1));
            assertThat(stream.length).as("about htsjdk's size").isLessThan(h.remaining() + h.remaining() / 20 + 64);
        }
    }
}
