package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BinaryFormatTest {
    private static final BinaryFormat V2_TO_4 = new BinaryFormat("test file", "TEST", 2, 4);

    private static byte[] written(BinaryFormat f, int body) {
        ByteBuffer b = ByteBuffer.allocate(BinaryFormat.HEADER + 3 + body + BinaryFormat.FOOTER);
        f.putHeader(b).put(new byte[3]);
        for (int i = 0; i < body; i++) {
            b.put((byte) i);
        }
        return BinaryFormat.putFooter(b).array();
    }

    private static byte[] withVersion(int v) {
        byte[] r = written(V2_TO_4, 10);
        r[4] = (byte) v;
        return r;
    }

    @Test
    void writesMagicThenTheCurrentVersionAndReadsItBack() throws Exception {
        byte[] r = written(V2_TO_4, 10);
        assertThat(new String(r, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("TEST");
        assertThat(r[4]).isEqualTo((byte) 4);
        ByteBuffer b = ByteBuffer.wrap(r);
        assertThat(V2_TO_4.checkHeader("f", b)).isEqualTo(4);
        assertThat(b.position()).isEqualTo(BinaryFormat.HEADER);
        BinaryFormat.checkFooter("f", r);
    }

    @Test
    void acceptsEveryVersionInItsRange() throws Exception {
        for (int v = 2; v <= 4; v++) {
            assertThat(V2_TO_4.checkHeader("f", withVersion(v))).isEqualTo(v);
        }
    }

    @Test
    void tooOldTooNewAndCorruptAreDistinct() {
        assertThatThrownBy(() -> V2_TO_4.checkHeader("f", withVersion(1))).isExactlyInstanceOf(FormatTooOldException.class)
            .hasMessageContaining("f is test file format 1").hasMessageContaining("2 to 4");
        assertThatThrownBy(() -> V2_TO_4.checkHeader("f", withVersion(5))).isExactlyInstanceOf(FormatTooNewException.class)
            .hasMessageContaining("format 5").hasMessageContaining("upgrade");
        byte[] otherMagic = written(V2_TO_4, 10);
        otherMagic[0] = 'X';
        assertThatThrownBy(() -> V2_TO_4.checkHeader("f", otherMagic)).isExactlyInstanceOf(CorruptFormatException.class)
            .hasMessageContaining("f is damaged");
        assertThatThrownBy(() -> V2_TO_4.checkHeader("f", new byte[3])).isExactlyInstanceOf(CorruptFormatException.class)
            .hasMessageContaining("truncated");
        assertThat(new FormatTooOldException("x")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theFooterCatchesAnyFlippedBit() throws Exception {
        byte[] r = written(V2_TO_4, 64);
        for (int i = 0; i < r.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] d = r.clone();
                d[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> BinaryFormat.checkFooter("f", d)).isInstanceOf(CorruptFormatException.class)
                    .hasMessageContaining("checksum");
            }
        }
        assertThatThrownBy(() -> BinaryFormat.checkFooter("f", new byte[2])).isInstanceOf(CorruptFormatException.class);
    }

    @Test
    void theFormatsOfTheStoreAreDistinctAndReadTheirOwn() throws Exception {
        BinaryFormat[] all = {ObjectDb.FORMAT, Pack.FORMAT, Pack.INDEX_FORMAT, ChunkIndex.RUN_FORMAT};
        for (BinaryFormat f : all) {
            for (BinaryFormat g : all) {
                byte[] h = f.header(8);
                if (f == g) {
                    assertThat(g.checkHeader("h", h)).isEqualTo(g.current);
                } else {
                    assertThatThrownBy(() -> g.checkHeader("h", h)).isInstanceOf(CorruptFormatException.class);
                }
            }
        }
    }

    @Test
    void rejectsImpossibleDefinitions() {
        assertThatThrownBy(() -> new BinaryFormat("x", "TOOLONG", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinaryFormat("x", "ABCD", 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinaryFormat("x", "ABCD", 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
