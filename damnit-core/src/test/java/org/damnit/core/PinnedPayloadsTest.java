package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads of the BAM records (10) and SAM (7) codecs at every version from 2 on, with and without the
 * reference, as the writers of the time stored them (test resources {@code codecs/pinned}): each still
 * decodes to its chunk, and a writer of that version still writes the same bytes (a change of stored bytes
 * needs a new payload version).
 */
class PinnedPayloadsTest {
    @TempDir
    Path tmp;

    private static final String ODD = String.join("\n",
        "odd1\t4\t*\t0\t0\t*\t*\t0\t0\tACGTN\tIIIII\tXA:A:x\tXF:f:1.5\tXH:H:1AE3\tXB:B:c,1,-2,3\tXS:B:S,1,65535",
        "odd2\t0\tchr1\t100\t0\t3=1X2I1M\t*\t0\t0\tACGTNNA\t*\tXI:i:-2000000000\tXU:i:4000000000\tXs:i:-300",
        "odd3\t16\tchr1\t200\t255\t2S3M\t*\t0\t0\tRYKMS\t!!!!!\tXZ:Z:\tXB:B:f,1.5,2",
        "odd4\t0\tchr1\t300\t30\t1M1D1N1P1H\t*\t0\t0\tA\t#\n");

    /** The SAM text the pinned payloads are of: the fixture's pairs (seed 21, 150 pairs) and odd records. */
    private static String sam() {
        String text = new String(ReadsFixture.sam(21, 150, false), StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\nchr1-") + 1;
        return text.substring(0, body) + ODD + text.substring(body);
    }

    private static String sha(byte[] d) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d));
    }

    /** The pinned chunk's raw length and SHA-256 ("bam" or "sam"). */
    private static String[] pinned(String kind) throws Exception {
        for (String line : new String(ReadsFixture.resource("codecs/pinned/pinned.txt"), StandardCharsets.US_ASCII)
            .split("\n")) {
            if (line.startsWith(kind + " ")) {
                return line.split(" ");
            }
        }
        throw new AssertionError(kind);
    }

    private static byte[] payload(String name) throws Exception {
        return ReadsFixture.resource("codecs/pinned/" + name + ".payload");
    }

    @Test
    void everyPinnedSamPayloadDecodesAndIsWrittenAgainTheSame() throws Exception {
        String[] m = pinned("sam");
        byte[] sam = sam().getBytes(StandardCharsets.ISO_8859_1);
        assertThat(sha(sam)).isEqualTo(m[2]);
        byte[] genome = BamCodecTest.genome(21);
        SamCodec codec = (SamCodec) ChunkCodecs.SAM;
        Object state = codec.fileState(sam, 0, sam.length);
        for (int v = 2; v <= 6; v++) {
            byte[] p = payload("sam-v" + v + "-ref");
            assertThat(p[0]).isEqualTo((byte) v);
            assertThat(sha(codec.decode("v" + v, genome, p, 0, p.length, Integer.parseInt(m[1])))).as("v%d", v)
                .isEqualTo(m[2]);
            assertThat(codec.encode(sam, state, StoredReferences.of(genome), v).payload()).as("written v%d", v)
                .isEqualTo(p);
        }
    }

    @Test
    void everyPinnedBamPayloadDecodesAndIsWrittenAgainTheSame() throws Exception {
        String[] m = pinned("bam");
        byte[] genome = BamCodecTest.genome(21);
        BamCodec codec = (BamCodec) ChunkCodecs.BAM;
        for (int v = 2; v <= 7; v++) {
            for (String name : new String[] {"bam-v" + v, "bam-v" + v + "-ref"}) {
                byte[] p = payload(name);
                assertThat(p[0]).isEqualTo((byte) v);
                byte[] base = name.endsWith("-ref") ? genome : null;
                assertThat(sha(codec.decode(name, base, p, 0, p.length, Integer.parseInt(m[1])))).as(name)
                    .isEqualTo(m[2]);
            }
        }
        byte[] bam = GenomicsTools.bamContent(tmp, sam());
        Assumptions.assumeTrue(sha(bam).equals(m[2]), "this samtools writes another BAM of the text");
        Object state = codec.fileState(bam, 0, bam.length);
        for (int v = 2; v <= 7; v++) {
            assertThat(codec.encode(bam, state, StoredReferences.of(genome), v).payload()).as("written v%d", v)
                .isEqualTo(payload("bam-v" + v + "-ref"));
            byte[] body = codec.columns(bam, 0, bam.length, v);
            assertThat(ReadsFixture.concat(new byte[] {(byte) v}, body)).as("written v%d alone", v)
                .isEqualTo(payload("bam-v" + v));
        }
    }
}
