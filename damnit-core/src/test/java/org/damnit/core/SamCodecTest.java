package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;

class SamCodecTest {
    private static final ContentCodecChecks CHECKS = new ContentCodecChecks(ChunkCodecs.SAM);
    private static final ChunkCodec CODEC = ChunkCodecs.SAM;

    private static byte[] encode(byte[] d) {
        return CHECKS.encode(d);
    }

    private static byte[] roundTrip(byte[] d, int off, int len) throws CorruptObjectException {
        return CHECKS.roundTrip(d, off, len);
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
        CHECKS.storesInLessThanZstd(ReadsFixture.sam(7, 2000, false), 0.9);
    }

    @Property(tries = 100)
    void aDamagedPayloadIsCorruptionNeverACrash(@ForAll long seed) {
        CHECKS.damagedPayloadIsCorruption(ReadsFixture.sam(seed, 50, seed % 2 == 0), seed);
    }

    @Test
    void basesAgainstTheReferenceDecodeAtEveryVersionAndTheCurrentOneIsSmaller() throws Exception {
        SamCodec codec = (SamCodec) ChunkCodecs.SAM;
        References refs = StoredReferences.of(BamCodecTest.genome(13));
        for (boolean awkward : new boolean[] {false, true}) {
            byte[] d = ReadsFixture.sam(13, 1500, awkward);
            int[] sizes = CHECKS.everyVersionAgainst(codec::encode, d, refs);
            assertThat(sizes[SamCodec.VERSION]).as("against version 5").isLessThan(sizes[5]);
        }
    }

    @Test
    void olderPayloadVersionsStillDecode() throws CorruptObjectException {
        CHECKS.olderVersionsStillDecode(ReadsFixture.sam(2, 40, false));
    }

    @Test
    void aPayloadOfAnotherVersionIsRefused() {
        CHECKS.anotherVersionIsRefused(ReadsFixture.sam(1, 10, false));
    }
}
