package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;

class FastqCodecTest {
    private static final ChunkCodec CODEC = ChunkCodecs.FASTQ;

    private static byte[] encode(byte[] d) {
        return CODEC.encode(null, d, 3);
    }

    private static byte[] decode(String where, byte[] p, int rawLength) throws CorruptObjectException {
        return CODEC.decode(where, null, p, 0, p.length, rawLength);
    }

    /** The payload of [off, off + len) of {@code d} after checking that it decodes back, or null if declined. */
    private static byte[] roundTrip(byte[] d, int off, int len) throws CorruptObjectException {
        byte[] slice = Arrays.copyOfRange(d, off, off + len);
        byte[] p = encode(slice);
        if (p != null) {
            assertThat(decode("test", p, len)).isEqualTo(slice);
        }
        return p;
    }

    @Property(tries = 150)
    void anySliceOfAwkwardFastqRoundTripsOrIsDeclined(@ForAll long seed, @ForAll @IntRange(max = 400) int records,
                                                      @ForAll @IntRange(max = 100_000) int cut1,
                                                      @ForAll @IntRange(max = 100_000) int cut2)
        throws CorruptObjectException {
        byte[] d = ReadsFixture.fastq(seed, records, true);
        int a = Math.min(cut1, d.length);
        int b = Math.min(d.length, Math.max(a, d.length - cut2));
        roundTrip(d, a, b - a);
    }

    @Property(tries = 60)
    void tidyRecordsCutAnywhereAreModelled(@ForAll long seed, @ForAll @IntRange(min = 5, max = 300) int records,
                                           @ForAll @IntRange(max = 380) int cut1, @ForAll @IntRange(max = 380) int cut2)
        throws CorruptObjectException {
        byte[] d = ReadsFixture.fastq(seed, records, false);
        assertThat(roundTrip(d, cut1, d.length - cut1 - cut2)).isNotNull();
    }

    @Test
    void layoutsAreKeptExactly() throws CorruptObjectException {
        for (String s : new String[] {
            "@r1\nACGT\n+\nIIII\n", "@r1\r\nACGT\r\n+r1\r\nIIII\r\n", "@r1\nACGT\n+other\nIIII",
            "@r0\nA\n+\nI\n@r1\nACGT\n+\nIIII\r\n", "@r1\nACGT\n+\nIIII\n\n\n@r2\n\n+\n\n", "junk\n@r1\nNNNN\n+\n!!!!\n@r2 part",
            "@\nA\n+\nI\n", "@r1\nACGT\n+\nIII\n@r2\nAC\n+\nII\n", "@r1\r\nACGT\n+\nIIII\n@r\u00e9\nA\n+\nI\n",
        }) {
            byte[] d = s.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(roundTrip(d, 0, d.length)).as(s).isNotNull();
        }
        byte[] none = "no reads here\n@ but not a record\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(encode(none)).isNull();
    }

    @Test
    void storesReadsInLessThanZstdAtItsHighestLevel() throws CorruptObjectException {
        byte[] d = ReadsFixture.fastq(7, 3000, false);
        byte[] p = roundTrip(d, 0, d.length);
        long zstd = Zstd.compress(d, 19).length;
        assertThat(p.length).isLessThan((int) (zstd * 0.9));
    }

    @Property(tries = 200)
    void aDamagedPayloadIsCorruptionNeverACrash(@ForAll long seed) {
        byte[] d = ReadsFixture.fastq(seed, 50, seed % 2 == 0);
        byte[] p = encode(d);
        if (p == null) {
            return;
        }
        Random r = new Random(seed);
        byte[] bad = r.nextBoolean() ? Arrays.copyOf(p, r.nextInt(p.length)) : p.clone();
        if (bad.length == p.length) {
            for (int k = 0; k <= r.nextInt(4); k++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            }
        }
        try {
            byte[] back = decode("pack 1", bad, d.length);
            assertThat(back).hasSize(d.length); // garbage at worst: the chunk's SHA-256 tells
        } catch (CorruptObjectException e) {
            assertThat(e).hasMessageStartingWith("pack 1 is damaged");
        }
    }

    @Test
    void aPayloadOfAnotherVersionIsRefused() {
        byte[] d = ReadsFixture.fastq(1, 10, false);
        byte[] p = encode(d);
        p[0] = 9;
        assertThatThrownBy(() -> decode("x", p, d.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("version");
    }
}
