package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SAM codec's header state read over chunks cut anywhere, as the reading thread hands them on. */
class SamHeaderLinesTest {
    private static byte[] sam(int refs, Map<String, Long> sq) {
        StringBuilder b = new StringBuilder("@HD\tVN:1.6\tSO:coordinate\n");
        for (int i = 0; i < refs; i++) {
            String name = "scaffold_" + i;
            long length = 300 + i * 7L;
            b.append("@SQ\tSN:").append(name).append("\tLN:").append(length).append('\n');
            sq.put(name, length);
            if (i == refs / 2) {
                b.append("@CO\t").append("x".repeat(5000)).append('\n'); // a line longer than a chunk
            }
        }
        b.append("@PG\tID:bwa\tPN:bwa\n");
        b.append("r1\t0\tscaffold_0\t1\t60\t4M\t*\t0\t0\tACGT\tIIII\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The state after the chunks of {@code d} cut at {@code cuts}, each handed on while it is unfinished. */
    private static Object state(byte[] d, int[] cuts) {
        Object s = null;
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : d.length;
            byte[] chunk = Arrays.copyOfRange(d, from, to); // each chunk an array of its own, as they arrive
            s = i == 0 ? new SamCodec().fileState(chunk, 0, chunk.length)
                : s instanceof ContentCodec.Unfinished u ? u.next(chunk, 0, chunk.length) : s;
            from = to;
        }
        return s;
    }

    @Test
    void aHeaderCutAnywhereGivesTheReferencesItGivesWhole() {
        Map<String, Long> sq = new HashMap<>();
        byte[] d = sam(400, sq);
        assertThat(state(d, new int[0])).isEqualTo(sq);
        Random r = new Random(5);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(40);
            int[] cuts = r.ints(n, 1, d.length).sorted().distinct().toArray();
            assertThat(state(d, cuts)).as("cut at %s", Arrays.toString(cuts)).isEqualTo(sq);
        }
        for (int at = 1; at < 200; at++) { // every cut within the first lines
            assertThat(state(d, new int[] {at})).isEqualTo(sq);
        }
    }

    @Test
    void aHeaderStillGoingOnAtTheChunksEndIsUnfinished() {
        Map<String, Long> sq = new HashMap<>();
        byte[] d = sam(50, sq);
        int firstRecord = new String(d, StandardCharsets.ISO_8859_1).indexOf("\nr1\t") + 1;
        Object s = new SamCodec().fileState(d, 0, firstRecord);
        assertThat(s).isInstanceOf(ContentCodec.Unfinished.class);
        assertThat(((ContentCodec.Unfinished) s).next(d, firstRecord, d.length - firstRecord)).isEqualTo(sq);
    }

    @Test
    void aFileOfRecordsAloneHasNoState() {
        byte[] d = "r1\t4\t*\t0\t0\t*\t*\t0\t0\tACGT\tIIII\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new SamCodec().fileState(d, 0, d.length)).isNull();
    }

    @Test
    void anSqLineLongerThanTheBoundPastTheFirstChunkGivesUp() {
        byte[] head = "@HD\tVN:1.6\n".getBytes(StandardCharsets.ISO_8859_1);
        Object s = new SamCodec().fileState(head, 0, head.length);
        byte[] line = ("@SQ\tSN:x\tLN:5\tXX:" + "y".repeat(SamCodec.HeaderLines.MAX_LINE)).getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < line.length && s instanceof ContentCodec.Unfinished u; at += 1 << 16) {
            s = u.next(line, at, Math.min(1 << 16, line.length - at));
        }
        assertThat(s).isNull();
    }
}
