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

class SamCodecTest {
    private static final ChunkCodec CODEC = ChunkCodecs.SAM;

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

    @Property(tries = 60)
    void anySliceOfAwkwardFastqRoundTripsOrIsDeclined(@ForAll long seed, @ForAll @IntRange(max = 400) int records,
                                                      @ForAll @IntRange(max = 100_000) int cut1,
                                                      @ForAll @IntRange(max = 100_000) int cut2)
        throws CorruptObjectException {
        byte[] d = ReadsFixture.sam(seed, records / 2, true);
        int a = Math.min(cut1, d.length);
        int b = Math.min(d.length, Math.max(a, d.length - cut2));
        roundTrip(d, a, b - a);
    }

    @Property(tries = 25)
    void tidyRecordsCutAnywhereAreModelled(@ForAll long seed, @ForAll @IntRange(min = 3, max = 150) int records,
                                           @ForAll @IntRange(max = 400) int cut1, @ForAll @IntRange(max = 400) int cut2)
        throws CorruptObjectException {
        byte[] d = ReadsFixture.sam(seed, records, false);
        assertThat(roundTrip(d, cut1, d.length - cut1 - cut2)).isNotNull();
    }

    @Test
    void linesAreKeptExactly() throws CorruptObjectException {
        String rec = "r1\t0\tchr1\t5\t60\t4M\t*\t0\t0\tACGT\tIIII";
        for (String s : new String[] {
            rec + "\n", rec + "\r\n", rec, rec + "\tNM:i:0\tXZ:Z:\n" + rec + "\tNM:i:-3\n",
            "@HD\tVN:1.6\n" + rec + "\n@CO\tmid\n" + rec.replace("ACGT\tIIII", "*\t*") + "\n",
            rec.replace("\t5\t", "\t05\t") + "\n" + rec + "\n", rec.replace("4M", "*") + "\n",
            rec + "\n" + rec.replace("IIII", "*") + "\n" + rec.replace("ACGT", "NaCx") + "\n",
            "part of a line\n" + rec + "\n" + rec.substring(0, 9),
        }) {
            byte[] d = s.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(roundTrip(d, 0, d.length)).as(s).isNotNull();
        }
        byte[] none = "@HD\tVN:1.6\nnot\tan\talignment\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(encode(none)).isNull();
    }

    @Test
    void recognisesSamByItsFirstLine() {
        byte[] sam = ReadsFixture.sam(3, 20, false);
        byte[] body = Arrays.copyOfRange(sam, new String(sam, StandardCharsets.ISO_8859_1).indexOf("\nchr1-") + 1, sam.length);
        assertThat(((ContentCodec) CODEC).recognises(sam, 0, sam.length)).isTrue();
        assertThat(((ContentCodec) CODEC).recognises(body, 0, body.length)).isTrue();
        byte[] fq = ReadsFixture.fastq(3, 20, false);
        assertThat(((ContentCodec) CODEC).recognises(fq, 0, fq.length)).isFalse();
        assertThat(((ContentCodec) ChunkCodecs.FASTQ).recognises(sam, 0, sam.length)).isFalse();
    }

    @Test
    void storesReadsInLessThanZstdAtItsHighestLevel() throws CorruptObjectException {
        byte[] d = ReadsFixture.sam(7, 2000, false);
        byte[] p = roundTrip(d, 0, d.length);
        long zstd = Zstd.compress(d, 19).length;
        assertThat(p.length).isLessThan((int) (zstd * 0.9));
    }

    @Property(tries = 100)
    void aDamagedPayloadIsCorruptionNeverACrash(@ForAll long seed) {
        byte[] d = ReadsFixture.sam(seed, 50, seed % 2 == 0);
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
        byte[] d = ReadsFixture.sam(1, 10, false);
        byte[] p = encode(d);
        p[0] = 9;
        assertThatThrownBy(() -> decode("x", p, d.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("version");
    }
}
