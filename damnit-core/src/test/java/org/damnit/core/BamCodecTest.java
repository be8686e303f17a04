package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
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
        return GenomicsTools.bamContent(tmp, text.substring(0, body) + ODD_RECORDS + text.substring(body));
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

    /**
     * The fixture's genome (the one {@code ReadsFixture.sam(seed, ...)} draws its reads from) as a FASTA,
     * with an N every 997 bases (reads over them have bases of no known reference base).
     */
    static byte[] genome(long seed) {
        char[] c = ReadsFixture.bases(new Random(seed), 20_000, false).replace('N', 'A').toCharArray();
        for (int i = 500; i < c.length; i += 997) {
            c[i] = 'N';
        }
        String g = new String(c);
        StringBuilder fa = new StringBuilder(">chr1 made up\n");
        for (int i = 0; i < g.length(); i += 60) {
            fa.append(g, i, Math.min(g.length(), i + 60)).append('\n');
        }
        return fa.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void basesAgainstTheReferenceDecodeAtEveryVersionAndTheCurrentOneIsSmaller() throws Exception {
        byte[] d = bam(13, 1500);
        BamCodec codec = (BamCodec) ChunkCodecs.BAM;
        References refs = StoredReferences.of(genome(13));
        Object state = codec.fileState(d, 0, d.length);
        Random r = new Random(3);
        int[] sizes = CHECKS.everyVersionAgainst((chunk, s, rs, v) -> v == BamCodec.VERSION ? codec.encode(chunk, 3, s, rs)
            : codec.encode(chunk, s, rs, v), d, refs);
        assertThat(sizes[BamCodec.VERSION]).as("against version 4").isLessThan(sizes[4]);
        ContentCodec.Encoding e = codec.encode(d, 3, state, refs);
        for (int i = 0; i < 60; i++) {
            byte[] bad = e.payload().clone();
            bad[1 + r.nextInt(bad.length - 1)] ^= (byte) (1 + r.nextInt(255));
            try {
                assertThat(codec.decode("pack 1", e.base(), bad, 0, bad.length, d.length)).hasSize(d.length);
            } catch (CorruptObjectException x) {
                assertThat(x).hasMessageStartingWith("pack 1 is damaged");
            }
        }
    }

    /**
     * A header cut anywhere over the file's first chunks (as a draft assembly's thousands of scaffolds
     * are) is read on chunk by chunk to the references the whole header gives: the records after it are
     * coded against the reference as if the first chunk held it; before it ends, without.
     */
    @Test
    void aHeaderLongerThanTheFirstChunkIsReadOnFromTheChunksAfter() throws Exception {
        byte[] d = bam(13, 300);
        BamCodec codec = (BamCodec) ChunkCodecs.BAM;
        References refs = StoredReferences.of(genome(13));
        int end = headerEnd(d);
        byte[] records = Arrays.copyOfRange(d, end + 3, d.length); // a chunk that starts within a record
        ContentCodec.Encoding whole = codec.encode(records, 3, codec.fileState(d, 0, d.length), refs);
        assertThat(whole.bases()).as("coded against the reference").isNotEmpty();
        ContentCodec.Encoding none = codec.encode(records, 3, null, refs);
        assertThat(none.bases()).as("coded without a header").isEmpty();
        Random r = new Random(9);
        for (int first = 12; first < end; first++) { // the codec recognises 12 bytes or more
            Object state = codec.fileState(d, 0, first);
            for (int at = first; state instanceof ContentCodec.Unfinished u; ) {
                assertThat(at).as("cut at %d: still unfinished at %d", first, at).isLessThan(end);
                assertThat(codec.encode(records, 3, state, refs).payload()).as("cut at %d, at %d", first, at)
                    .isEqualTo(none.payload());
                int n = 1 + r.nextInt(first % 2 == 0 ? 8 : 300);
                state = u.next(d, at, Math.min(n, d.length - at));
                at += n;
            }
            assertThat(state).as("cut at %d", first).isNotNull();
            assertThat(codec.encode(records, 3, state, refs).payload()).as("cut at %d", first)
                .isEqualTo(whole.payload());
        }
    }

    /** Beyond the references, or the bytes of their names, read of a header that spans chunks: no state. */
    @Test
    void aHeaderSpanningChunksOfTooManyReferencesGivesNoState() {
        BamCodec codec = (BamCodec) ChunkCodecs.BAM;
        byte[] many = {'B', 'A', 'M', 1, 0, 0, 0, 0, 1, 0, 0x20, 0, 1, 0, 0, 0}; // 2^21 + 1 references
        assertThat(codec.fileState(many, 0, many.length)).isNull();
        byte[] lastAllowed = many.clone();
        lastAllowed[8] = 0;
        assertThat(codec.fileState(lastAllowed, 0, lastAllowed.length)).isInstanceOf(ContentCodec.Unfinished.class);
        byte[] longName = {'B', 'A', 'M', 1, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 2}; // a name of 32 MiB + 1
        assertThat(codec.fileState(longName, 0, longName.length)).isNull();
        byte[] text = {'B', 'A', 'M', 1, 4, 0, 0, 0, '@', 'C', 'O', '\n'};
        Object s = codec.fileState(text, 0, text.length);
        assertThat(s).isInstanceOf(ContentCodec.Unfinished.class);
        assertThat(((ContentCodec.Unfinished) s).next(new byte[] {-1, -1, -1, -1}, 0, 4)).as("n_ref -1").isNull();
    }

    /** Where the records start after the header at the start of {@code d}. */
    private static int headerEnd(byte[] d) {
        int q = 8 + BamCodec.le32(d, 4);
        int n = BamCodec.le32(d, q);
        q += 4;
        for (int i = 0; i < n; i++) {
            q += 8 + BamCodec.le32(d, q);
        }
        return q;
    }

    /**
     * MD and NM as samtools calmd writes them (so version 7 keeps them as marks) over reads with N, IUPAC
     * and '=' bases, over the genome's Ns, past its end, unmapped and without SEQ: every record back.
     */
    @Test
    void derivedTagsOfCalmdRoundTripOverOddBases() throws Exception {
        byte[] sam = ReadsFixture.sam(17, 400, false);
        String text = new String(sam, StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\nchr1-") + 1;
        String odd = String.join("\n",
            "eq1\t0\tchr1\t1001\t60\t10M\t*\t0\t0\t==========\t*",
            "eq2\t0\tchr1\t1001\t60\t4M2I4M1D2M\t*\t0\t0\tAC=NRYA=G=KS\t*",
            "n1\t0\tchr1\t495\t60\t12M\t*\t0\t0\tNNNNNNNNNNNN\t*",
            "end1\t0\tchr1\t19995\t60\t10M\t*\t0\t0\tACGTACGTAC\t*",
            "star1\t0\tchr1\t3000\t60\t10M\t*\t0\t0\t*\t*",
            "sec1\t256\tchr1\t3000\t60\t3S7M\t*\t0\t0\tACGTACGTAC\t*",
            "sup1\t2048\tchr1\t4000\t60\t5H3M1D4M\t*\t0\t0\tACGTACG\t*",
            "un1\t4\t*\t0\t0\t*\t*\t0\t0\tACGTN\tIIIII\n");
        Files.writeString(tmp.resolve("in.sam"), text.substring(0, body) + odd + text.substring(body),
            StandardCharsets.ISO_8859_1);
        Files.write(tmp.resolve("g.fa"), genome(17));
        GenomicsTools.sh(tmp, "samtools calmd -b in.sam g.fa > out.bam 2>/dev/null", "samtools");
        byte[] d = GenomicsTools.content(tmp.resolve("out.bam"));
        BamCodec codec = (BamCodec) ChunkCodecs.BAM;
        References refs = StoredReferences.of(genome(17));
        Object state = codec.fileState(d, 0, d.length);
        Random r = new Random(7);
        for (int i = 0; i < 30; i++) {
            int a = i == 0 ? 0 : r.nextInt(d.length / 2);
            int b = i == 0 ? d.length : a + 1 + r.nextInt(d.length - a - 1);
            byte[] chunk = Arrays.copyOfRange(d, a, b);
            ContentCodec.Encoding e = codec.encode(chunk, 3, state, refs);
            if (e == null) {
                continue;
            }
            assertThat(codec.decode("c", e.base(), e.payload(), 0, e.payload().length, chunk.length))
                .as("[%d, %d)", a, b).isEqualTo(chunk);
            if (i == 0) {
                assertThat(e.bases()).as("a read past the reference's end leaves the others coded against it")
                    .hasSize(1);
                ContentCodec.Encoding v6 = codec.encode(chunk, state, refs, 6);
                assertThat(e.payload().length).as("MD and NM derived, not stored")
                    .isLessThan(v6.payload().length * 19 / 20);
            }
        }
    }

    @Test
    void theBinIsComputedAsHtslibDoes() {
        assertThat(BamCodec.reg2bin(-1, 0)).isEqualTo(4680);
        assertThat(BamCodec.reg2bin(0, 1)).isEqualTo(4681);
        assertThat(BamCodec.reg2bin(16383, 16385)).isEqualTo(585);
    }
}
