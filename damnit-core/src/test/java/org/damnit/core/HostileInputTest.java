package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged payloads of the alignment codecs, SAM (7), BAM records (10) and SAM from BAM records (11), and
 * of the FASTQ (6) and table (5) codecs:
 * truncated anywhere, huge declared lengths, varints that never end, flipped bytes. Each decodes in a
 * 48 MiB heap to garbage of the chunk's length at worst or is refused as damage of the chunk, allocating
 * no more than a few times what decoding the good payload does, never an error.
 */
class HostileInputTest {
    @TempDir
    Path tmp;

    /** What a damaged payload may allocate: a few times what the good one does, and a MiB. */
    private static long bound(List<HostilePayloads.Outcome> outcomes) {
        long good = outcomes.stream().filter(o -> o.name().equals("good")).findFirst().orElseThrow().allocated();
        return 4 * good + (1 << 20);
    }

    private static void check(Path tmp, ChunkCodec codec, byte[] payload, byte[] base, int rawLength, long seed)
        throws Exception {
        assertThat(codec.decode("good", base, payload, 0, payload.length, rawLength)).hasSize(rawLength);
        Map<String, byte[]> all = HostilePayloads.damaged(payload, seed);
        all.put("good", payload);
        List<HostilePayloads.Outcome> outcomes = HostilePayloads.decodeAllInSmallHeap(tmp, codec, all, base, rawLength);
        assertThat(outcomes.stream().filter(o -> o.name().equals("good")).findFirst().orElseThrow().outcome())
            .isEqualTo("decoded");
        HostilePayloads.boundedAndRefused(outcomes, bound(outcomes));
        // a record declaring a chunk far larger than its payload can make: refused before its output is allocated
        for (int huge : new int[] {Integer.MAX_VALUE - 16, 256 << 20, Config.MAX_CHUNK_MAX + 1}) {
            List<HostilePayloads.Outcome> big = HostilePayloads.decodeAllInSmallHeap(tmp, codec, Map.of("huge", payload),
                base, huge);
            assertThat(big.get(0).outcome()).as("raw length %d", huge).isEqualTo("corrupt");
            assertThat(big.get(0).allocated()).as("raw length %d", huge).isLessThanOrEqualTo(bound(outcomes));
        }
    }

    /** {@code d} coded by {@code codec} against the fixture's genome of {@code seed}, checked as above. */
    private void againstAReference(ContentCodec codec, byte[] d, long seed) throws Exception {
        ContentCodec.Encoding e = codec.encode(d, 3, codec.fileState(d, 0, d.length),
            StoredReferences.of(BamCodecTest.genome(seed)));
        assertThat(e.bases()).hasSize(1);
        check(tmp, codec, e.payload(), e.base(), d.length, seed);
    }

    @Test
    void samPayloadsAgainstAReference() throws Exception {
        againstAReference((ContentCodec) ChunkCodecs.SAM, ReadsFixture.sam(5, 300, false), 5);
    }

    @Test
    void bamPayloadsAgainstAReference() throws Exception {
        againstAReference((ContentCodec) ChunkCodecs.BAM, GenomicsTools.bamContent(tmp,
            new String(ReadsFixture.sam(6, 300, false), StandardCharsets.ISO_8859_1)), 6);
    }

    @Test
    void fastqPayloads() throws Exception {
        byte[] fq = ReadsFixture.fastq(4, 600, false);
        byte[] p = ChunkCodecs.FASTQ.encode(null, fq, 3);
        check(tmp, ChunkCodecs.FASTQ, p, null, fq.length, 4);
    }

    @Test
    void tablePayloads() throws Exception {
        byte[] t = TableCodecTest.depthTable(5, 5000);
        byte[] p = ChunkCodecs.TABLE.encode(null, t, 3);
        check(tmp, ChunkCodecs.TABLE, p, null, t.length, 5);
    }

    @Test
    void samFromBamPayloads() throws Exception {
        byte[] d = GenomicsTools.bamContent(tmp, new String(ReadsFixture.sam(7, 200, false), StandardCharsets.ISO_8859_1));
        int lText = BamCodec.le32(d, 4);
        int p = 12 + lText;
        p += 4 + BamCodec.le32(d, p) + 4; // the one reference, chr1
        Columns.Sink ops = new Columns.Sink();
        ops.put(0); // 100 records
        ops.varint(100);
        ops.put(1); // skip 5
        ops.signed(5);
        ops.put(2); // an edit of the next: its first 2 and last 4 bytes around "xy"
        ops.varint(2);
        ops.varint(4);
        ops.varint(2);
        ops.put('x');
        ops.put('y');
        ops.put(4); // an own line
        ops.varint(1);
        ops.put(1); // back 50
        ops.signed(-50);
        ops.put(0);
        ops.varint(20);
        ops.put(3); // the last line, without its LF
        ops.varint(1);
        ops.varint(1);
        ops.varint(0);
        byte[] own = ReadsFixture.concat("own\tline\n".getBytes(StandardCharsets.US_ASCII));
        Columns.Sink s = new Columns.Sink();
        s.put(1);
        s.varint(p);
        s.varint(1);
        s.varint(0);
        s.varint(4);
        s.put("chr1".getBytes(StandardCharsets.US_ASCII), 0, 4);
        byte[] o = ops.bytes();
        s.varint(o.length);
        s.block(Zstd.compress(o, 3));
        s.varint(own.length);
        s.put(3);
        s.block(own);
        byte[] payload = s.bytes();
        int rawLength = lengthOf(payload, d);
        check(tmp, ChunkCodecs.SAM_FROM_BAM, payload, d, rawLength, 3);
    }

    /** The length {@code payload} decodes to, as the decoder reports it when told another. */
    private static int lengthOf(byte[] payload, byte[] base) throws Exception {
        try {
            ((ContentCodec) ChunkCodecs.SAM_FROM_BAM).decodeBody("c", 1, base, payload, 1, payload.length - 1, 1 << 20);
        } catch (Columns.Damaged e) {
            String m = e.getMessage();
            return Integer.parseInt(m.substring(11, m.indexOf(' ', 11)));
        }
        throw new AssertionError("decoded to 1 MiB");
    }
}
