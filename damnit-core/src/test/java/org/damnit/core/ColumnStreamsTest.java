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
}
