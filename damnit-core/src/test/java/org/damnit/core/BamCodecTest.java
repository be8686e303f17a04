package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BAM records as samtools writes them: the decompressed content of a BAM file, cut anywhere. */
class BamCodecTest {
    private static final ContentCodecChecks CHECKS = new ContentCodecChecks(ChunkCodecs.BAM);

    @TempDir
    Path tmp;

    /** SAM lines with what a BAM can hold beyond the fixture's: every aux type, unmapped reads, odd lengths. */
    private static final String ODD_RECORDS = String.join("\n",
        "odd1\t4\t*\t0\t0\t*\t*\t0\t0\tACGTN\tIIIII\tXA:A:x\tXF:f:1.5\tXH:H:1AE3\tXB:B:c,1,-2,3\tXS:B:S,1,65535",
        "odd2\t0\tchr1\t100\t0\t3=1X2I1M\t*\t0\t0\tACGTNNA\t*\tXI:i:-2000000000\tXU:i:4000000000\tXs:i:-300",
        "odd3\t16\tchr1\t200\t255\t2S3M\t*\t0\t0\tRYKMS\t!!!!!\tXZ:Z:\tXB:B:f,1.5,2",
        "odd4\t0\tchr1\t300\t30\t1M1D1N1P1H\t*\t0\t0\tA\t#\n");

    /** The decompressed content of a BAM that samtools made of the fixture's reads (and odd records). */
    private byte[] bam(long seed, int pairs) throws IOException, InterruptedException {
        byte[] sam = ReadsFixture.sam(seed, pairs, false);
        String text = new String(sam, StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\nchr1-") + 1;
        Files.writeString(tmp.resolve("in.sam"), text.substring(0, body) + ODD_RECORDS + text.substring(body),
            StandardCharsets.ISO_8859_1);
        GenomicsTools.sh(tmp, "samtools view -b -o out.bam in.sam", "samtools");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tmp.resolve("out.bam")))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aBamFromSamtoolsRoundTripsWholeAndCutAnywhere() throws Exception {
        byte[] d = bam(11, 600);
        assertThat(CHECKS.roundTrip(d, 0, d.length)).as("the whole content, header first").isNotNull();
        Random r = new Random(5);
        for (int i = 0; i < 40; i++) {
            int a = r.nextInt(d.length / 2);
            int b = a + 1 + r.nextInt(d.length - a - 1);
            byte[] p = CHECKS.roundTrip(d, a, b - a);
            if (b - a > 4000) {
                assertThat(p).as("[%d, %d) holds whole records", a, b).isNotNull();
            }
        }
    }

    @Test
    void storesRecordsInLessThanZstdAtItsHighestLevel() throws Exception {
        byte[] d = bam(7, 2000);
        CHECKS.storesInLessThanZstd(Arrays.copyOfRange(d, d.length / 3, d.length), 0.9);
    }

    @Test
    void recognisesBamContentOnly() throws Exception {
        byte[] d = bam(3, 20);
        ContentCodec codec = ChunkCodecs.BAM;
        assertThat(codec.recognises(d, 0, d.length)).isTrue();
        assertThat(codec.recognises(d, 100, d.length - 100)).isFalse();
        byte[] sam = ReadsFixture.sam(3, 20, false);
        assertThat(codec.recognises(sam, 0, sam.length)).isFalse();
        for (ContentCodec other : ChunkCodecs.content()) {
            if (other != codec) {
                assertThat(other.recognises(d, 0, d.length)).as(other.name()).isFalse();
            }
        }
        assertThat(ChunkCodecs.content().get(0)).isSameAs(codec);
    }

    @Test
    void noRecordsIsDeclined() {
        byte[] junk = new byte[5000];
        new Random(1).nextBytes(junk);
        assertThat(CHECKS.encode(junk)).isNull();
        byte[] header = Arrays.copyOf("BAM\1".getBytes(StandardCharsets.ISO_8859_1), 12);
        header[4] = (byte) 200; // a header longer than the chunk
        assertThat(CHECKS.encode(header)).isNull();
    }

    @Test
    void aDamagedPayloadIsCorruptionNeverACrash() throws Exception {
        byte[] d = bam(9, 60);
        for (long seed = 0; seed < 150; seed++) {
            CHECKS.damagedPayloadIsCorruption(d, seed);
        }
    }

    @Test
    void aPayloadOfAnotherVersionIsRefused() throws Exception {
        CHECKS.anotherVersionIsRefused(bam(1, 10));
    }

    @Test
    void olderPayloadVersionsStillDecode() throws Exception {
        CHECKS.olderVersionsStillDecode(bam(2, 40));
    }

    @Test
    void theBinIsComputedAsHtslibDoes() {
        assertThat(BamCodec.reg2bin(-1, 0)).isEqualTo(4680);
        assertThat(BamCodec.reg2bin(0, 1)).isEqualTo(4681);
        assertThat(BamCodec.reg2bin(16383, 16385)).isEqualTo(585);
    }
}
