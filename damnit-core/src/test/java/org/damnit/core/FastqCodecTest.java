package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;

class FastqCodecTest {
    private static final ContentCodecChecks CHECKS = new ContentCodecChecks(ChunkCodecs.FASTQ);

    private static byte[] encode(byte[] d) {
        return CHECKS.encode(d);
    }

    private static byte[] roundTrip(byte[] d, int off, int len) throws CorruptObjectException {
        return CHECKS.roundTrip(d, off, len);
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
        CHECKS.storesInLessThanZstd(ReadsFixture.fastq(7, 3000, false), 0.9);
    }

    @Property(tries = 200)
    void aDamagedPayloadIsCorruptionNeverACrash(@ForAll long seed) {
        CHECKS.damagedPayloadIsCorruption(ReadsFixture.fastq(seed, 50, seed % 2 == 0), seed);
    }

    @Test
    void writesVersion2AndStillReadsVersion1() throws Exception {
        byte[] fq = ReadsFixture.resource("codecs/fastq-v1.fq");
        byte[] v1 = ReadsFixture.resource("codecs/fastq-v1.payload"); // written by the version 1 encoder
        assertThat(v1[0]).isEqualTo((byte) 1);
        assertThat(CHECKS.decode("v1", v1, fq.length)).isEqualTo(fq);
        byte[] v2 = roundTrip(fq, 0, fq.length);
        assertThat(v2[0]).isEqualTo((byte) FastqCodec.VERSION).isEqualTo((byte) 2);
    }

    @Test
    void aPayloadOfAnotherVersionIsRefused() {
        CHECKS.anotherVersionIsRefused(ReadsFixture.fastq(1, 10, false));
    }
}
