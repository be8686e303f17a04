package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads of SAM from BAM records (codec 11) built by hand against records built by hand, as
 * docs/FORMAT.md describes them: what they decode to, and damaged ones refused before a record's text is
 * built past where it goes.
 */
class SamFromBamPayloadTest {
    @TempDir
    Path tmp;

    static final ChunkCodec CODEC = ChunkCodecs.SAM_FROM_BAM;

    /** A BAM record of no CIGAR and no sequence on reference 0 at {@code pos}, with the aux bytes {@code aux}. */
    static byte[] record(String name, int pos, byte[] aux) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        int size = 32 + n.length + 1 + aux.length;
        ByteBuffer b = ByteBuffer.allocate(4 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(size).putInt(0).putInt(pos).put((byte) (n.length + 1)).put((byte) 60).putShort((short) 4680)
            .putShort((short) 0).putShort((short) 0).putInt(0).putInt(-1).putInt(-1).putInt(0);
        b.put(n).put((byte) 0).put(aux);
        return b.array();
    }

    /** A {@code B:c} aux field {@code XB} of {@code n} values -128 (each printed as five bytes). */
    static byte[] arrayTag(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'X').put((byte) 'B').put((byte) 'B').put((byte) 'c').putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) -128);
        }
        return b.array();
    }

    /** Codec 11's ops as varints (a negative value: a signed one follows, as for SEEK). */
    static byte[] ops(long... v) {
        Columns.Sink s = new Columns.Sink();
        for (long x : v) {
            s.varint(x);
        }
        return s.bytes();
    }

    /** A payload (version 1) naming reference 0 chr1, records from {@code first}, the ops, no own lines. */
    static byte[] payload(int first, byte[] ops) {
        Columns.Sink s = new Columns.Sink();
        s.put(1);
        s.varint(first);
        s.varint(1);
        s.varint(0);
        s.varint(4);
        s.put("chr1".getBytes(StandardCharsets.US_ASCII), 0, 4);
        s.varint(ops.length);
        s.block(Zstd.compress(ops, 3));
        s.varint(0);
        s.put(0);
        return s.bytes();
    }

    static final String TEXT = "\t0\tchr1\t%d\t60\t*\t*\t0\t0\t*\t*";

    @Test
    void aHandBuiltPayloadPrintsItsRecordsAndEdits() throws Exception {
        byte[] base = ReadsFixture.concat(record("r1", 99, new byte[0]), record("r2", 199, new byte[0]));
        String expected = "r1" + String.format(TEXT, 100) + "\n" + "r2" + String.format(TEXT, 200) + "\n";
        byte[] p = payload(0, ops(0, 2));
        assertThat(new String(CODEC.decode("c", base, p, 0, p.length, expected.length()), StandardCharsets.US_ASCII))
            .isEqualTo(expected);
        // record 1 only: seek past record 0, then an edit keeping 2 and 4 bytes around "x", as the last line
        String second = "r2" + String.format(TEXT, 200);
        Columns.Sink o = new Columns.Sink();
        o.put(1);
        o.signed(1);
        o.put(3);
        o.varint(2);
        o.varint(4);
        o.varint(1);
        o.put('x');
        byte[] q = payload(0, o.bytes());
        String edited = second.substring(0, 2) + "x" + second.substring(second.length() - 4);
        assertThat(new String(CODEC.decode("c", base, q, 0, q.length, edited.length()), StandardCharsets.US_ASCII))
            .isEqualTo(edited);
    }

    /**
     * A damaged payload that copies a record whose text is tens of MB into a chunk of a thousand bytes is
     * refused in a small heap (the text was built whole before it was found not to fit); so is an edit
     * longer than the chunk, before the record is printed.
     */
    @Test
    void aRecordsTextIsNotBuiltPastWhereItGoes() throws Exception {
        byte[] base = record("big", 0, arrayTag(8 << 20)); // its text: 40 MiB
        String out = HostilePayloads.decodeInSmallHeap(tmp, CODEC, payload(0, ops(0, 1)), base, 1000);
        assertThat(out).startsWith("corrupt: pack 1 is damaged");
        out = HostilePayloads.decodeInSmallHeap(tmp, CODEC, payload(0, ops(2, 100, 100, 801)), base, 1000);
        assertThat(out).startsWith("corrupt: pack 1 is damaged");
        byte[] small = record("r1", 99, new byte[0]);
        int length = ("r1" + String.format(TEXT, 100) + "\n").length();
        for (int raw : new int[] {length - 1, length - 2, 1}) {
            byte[] p = payload(0, ops(0, 1));
            assertThatThrownBy(() -> CODEC.decode("pack 1", small, p, 0, p.length, raw))
                .as("a text and its LF one byte past the chunk").isInstanceOf(CorruptObjectException.class);
        }
    }
}
