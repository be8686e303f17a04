package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference spans of the alignment codecs' payloads: a header naming a reference twice (two
 * reference ids of one sequence, whose spans a reader reads as their union), and damaged spans, which
 * may make a reader build only a bounded number of reference codes.
 */
class ReferenceSpansTest {
    @TempDir
    Path tmp;

    private static final BamCodec BAM = (BamCodec) ChunkCodecs.BAM;

    /** A payload of {@link #twiceNamed} (pairs 300, halves) as BAM payload version 7 wrote it before spans of one geometry were read as their union. */
    private static final String PINNED = "codecs/bam-v7-chr1-twice.payload";

    private static int le32(byte[] d, int at) {
        return ByteBuffer.wrap(d, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void put32(byte[] d, int at, int v) {
        ByteBuffer.wrap(d, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
    }

    /**
     * The BAM content samtools makes of the fixture's reads with its header naming chr1 a second time
     * (reference id 1, the same length): the records of the second half ({@code halves}) or every other
     * record are moved to it (their mates' reference ids with them).
     */
    private byte[] twiceNamed(long seed, int pairs, boolean halves) throws Exception {
        byte[] d = GenomicsTools.bamContent(tmp, new String(ReadsFixture.sam(seed, pairs, false),
            StandardCharsets.ISO_8859_1));
        int lText = le32(d, 4);
        int nRef = le32(d, 8 + lText);
        assertThat(nRef).isEqualTo(1);
        int ref0 = 12 + lText;
        int records = ref0 + 4 + le32(d, ref0) + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(d, 0, 8 + lText);
        byte[] two = new byte[4];
        put32(two, 0, 2);
        out.writeBytes(two);
        out.write(d, ref0, records - ref0);
        out.write(d, ref0, records - ref0);
        List<Integer> at = new ArrayList<>();
        for (int r = records; r + 4 <= d.length; r += 4 + le32(d, r)) {
            at.add(r);
        }
        byte[] body = java.util.Arrays.copyOfRange(d, records, d.length);
        for (int k = 0; k < at.size(); k++) {
            boolean second = halves ? k >= at.size() / 2 : k % 2 == 1;
            int r = at.get(k) - records;
            if (second && le32(body, r + 4) == 0) {
                put32(body, r + 4, 1);
                if (le32(body, r + 24) == 0) {
                    put32(body, r + 24, 1);
                }
            }
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The reference spans of a BAM payload: per span refID, from, n, z, w, W. */
    private static List<long[]> spans(byte[] payload) {
        Columns.Source in = new Columns.Source(payload, 1, payload.length - 1);
        for (int i = 0; i < 4; i++) {
            in.varint();
        }
        List<long[]> spans = new ArrayList<>();
        for (long n = in.varint(); n > 0; n--) {
            spans.add(new long[] {in.varint(), in.varint(), in.varint(), in.signed(), in.varint(), in.varint()});
        }
        return spans;
    }

    /** {@code payload} with its reference spans replaced by {@code spans} (as {@link #spans} gives them). */
    private static byte[] withSpans(byte[] payload, List<long[]> spans) {
        Columns.Source in = new Columns.Source(payload, 1, payload.length - 1);
        for (int i = 0; i < 4; i++) {
            in.varint();
        }
        int head = in.position();
        for (long n = in.varint(); n > 0; n--) {
            for (int i = 0; i < 6; i++) {
                in.varint();
            }
        }
        Columns.Sink out = new Columns.Sink();
        out.put(payload, 0, head);
        out.varint(spans.size());
        for (long[] s : spans) {
            out.varint(s[0]);
            out.varint(s[1]);
            out.varint(s[2]);
            out.signed(s[3]);
            out.varint(s[4]);
            out.varint(s[5]);
        }
        out.put(payload, in.position(), payload.length - in.position());
        return out.bytes();
    }

    @Test
    void aHeaderNamingAReferenceTwiceCodesBothIdsAgainstItAndDecodes() throws Exception {
        References refs = StoredReferences.of(BamCodecTest.genome(13));
        for (boolean halves : new boolean[] {true, false}) {
            byte[] d = twiceNamed(13, 300, halves);
            Object state = BAM.fileState(d, 0, d.length);
            ContentCodec.Encoding e = BAM.encode(d, 3, state, refs);
            List<long[]> spans = spans(e.payload());
            assertThat(spans).as("one span per reference id").hasSize(2);
            assertThat(spans.get(0)[3]).as("of one sequence").isEqualTo(spans.get(1)[3]);
            assertThat(spans.get(0)[1] != spans.get(1)[1] || spans.get(0)[2] != spans.get(1)[2])
                .as("over other positions").isTrue();
            assertThat(e.bases()).hasSize(1);
            assertThat(BAM.decode("c", e.base(), e.payload(), 0, e.payload().length, d.length)).isEqualTo(d);
            for (int v = 2; v < BamCodec.VERSION; v++) { // every version with spans reads them as their union
                ContentCodec.Encoding old = BAM.encode(d, state, refs, v);
                assertThat(spans(old.payload())).hasSize(2);
                assertThat(BAM.decode("v" + v, old.base(), old.payload(), 0, old.payload().length, d.length))
                    .as("version %d", v).isEqualTo(d);
            }
        }
    }

    @Test
    void aPayloadWrittenBeforeSpansOfOneSequenceWereReadAsTheirUnionStillDecodes() throws Exception {
        byte[] pinned = ReadsFixture.resource(PINNED);
        String[] meta = new String(ReadsFixture.resource(PINNED + ".txt"), StandardCharsets.US_ASCII).strip()
            .split(" ");
        assertThat(spans(pinned)).hasSize(2);
        byte[] base = BamCodecTest.genome(13);
        byte[] back = BAM.decode("pinned", base, pinned, 0, pinned.length, Integer.parseInt(meta[0]));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back))).isEqualTo(meta[1]);
    }

    /** Writes the pinned payload (with the writer of the time): run with -Dpin.payload=DIR. */
    @Test
    void pin() throws Exception {
        String dir = System.getProperty("pin.payload");
        if (dir == null) {
            return;
        }
        byte[] d = twiceNamed(13, 300, true);
        ContentCodec.Encoding e = BAM.encode(d, 3, BAM.fileState(d, 0, d.length),
            StoredReferences.of(BamCodecTest.genome(13)));
        Files.write(Path.of(dir, PINNED), e.payload());
        Files.writeString(Path.of(dir, PINNED + ".txt"), d.length + " "
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d)) + "\n");
    }

    /**
     * A damaged payload declaring {@link ReferenceSpans#MAX_SPANS} spans of other geometries, each over
     * nearly the whole base (which an unbounded reader builds 192 times over: most of a GiB for a base of a
     * few MB), is refused as damage in a 48 MiB heap; so is one over more positions than its base has.
     */
    @Test
    void spansOverMoreThanTheirBaseAllowsAreRefusedInASmallHeap() throws Exception {
        byte[] d = twiceNamed(13, 300, true);
        byte[] genome = BamCodecTest.genome(13);
        ContentCodec.Encoding e = BAM.encode(d, 3, BAM.fileState(d, 0, d.length), StoredReferences.of(genome));
        byte[] base = new byte[4 << 20];
        for (int i = 0; i < base.length; i++) {
            base[i] = (byte) "ACGT\n".charAt(i % 5);
        }
        System.arraycopy(genome, 0, base, 0, genome.length);
        List<long[]> many = new ArrayList<>();
        for (int i = 0; i < ReferenceSpans.MAX_SPANS; i++) {
            many.add(new long[] {i, 0, base.length - ReferenceSpans.MAX_SPANS, i, 1 << 30, 1 << 30});
        }
        String out = HostilePayloads.decodeInSmallHeap(tmp, BAM, withSpans(e.payload(), many), base, d.length);
        assertThat(out).startsWith("corrupt: pack 1 is damaged");
        // within the bound: three spans of other geometries over the whole base decode (to garbage, at worst)
        byte[] three = withSpans(e.payload(), many.subList(0, 3));
        out = HostilePayloads.decodeInSmallHeap(tmp, BAM, three, base, d.length);
        assertThat(out).matches("corrupt: pack 1 is damaged.*|decoded " + d.length);
        for (long[] bad : new long[][] {{0, 0, genome.length + 1, 0, 1 << 30, 1 << 30}, // more than the base
            {0, 10, 100, -11, 60, 61}, {0, 0, 100, 0, 60, 59}, {0, 0, 0, 0, 60, 61}, {0, 0, 100, 0, 0, 61},
            {0, 0, 100, Long.MAX_VALUE / 2, 60, 61}, {0, Integer.MAX_VALUE - 5, 100, 0, 60, 61}}) {
            byte[] p = withSpans(e.payload(), List.of(bad));
            assertThatThrownBy(() -> BAM.decode("pack 1", genome, p, 0, p.length, d.length))
                .isInstanceOf(CorruptObjectException.class).hasMessageStartingWith("pack 1 is damaged");
        }
        List<long[]> twice = List.of(spans(e.payload()).get(0), spans(e.payload()).get(0));
        byte[] p = withSpans(e.payload(), twice);
        assertThatThrownBy(() -> BAM.decode("pack 1", genome, p, 0, p.length, d.length))
            .as("two spans of one reference id").isInstanceOf(CorruptObjectException.class);
    }
}
