package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.core.deflate.Compressor;
import org.junit.jupiter.api.Test;

/** The container format: what is written reads back, and what a hostile store could hand over is refused. */
class ContainerTest {
    private static final ObjectId FILE = ObjectId.fromHex("ab".repeat(32));
    private static final ObjectId CHUNK = ObjectId.fromHex("cd".repeat(32));

    private static Container sample() {
        Container.Stream one = new Container.Stream(128, List.of(new Node.Piece(CHUNK, 128)));
        return new Container(1000, FILE, "0123456789abcdef0123456789abcdef", List.of(Compressor.libdeflate(7)),
            new Container.Counts(2, 2, 0, 0, 0), one, one, one);
    }

    @Test
    void roundTripsAndIsBoundToItsFile() throws Exception {
        byte[] b = sample().encode();
        assertThat(Container.decode("c", FILE, b)).isEqualTo(sample());
        assertThatThrownBy(() -> Container.decode("c", CHUNK, b)).isInstanceOf(CorruptObjectException.class)
            .hasMessageContaining("another file");
        byte[] flipped = b.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> Container.decode("c", FILE, flipped)).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Container.decode("c", FILE, java.util.Arrays.copyOf(b, 30)))
            .isInstanceOf(CorruptObjectException.class);
    }

    @Test
    void memberRecordsOutOfBoundsAreRefused() throws Exception {
        Container.Member ok = new Container.Member(Container.KIND_BGZF, 0, 0, 0, 100, 0, 18, 50, new byte[8]);
        assertThat(Container.Member.decode("m", ok.encode(), 0).length()).isEqualTo(18 + 50 + 8);
        for (Container.Member bad : List.of(
            new Container.Member(Container.KIND_GZIP, 0, 0, 0, 100, 0, 1L << 40, 50, new byte[8]), // a huge header
            new Container.Member(Container.KIND_BGZF, 0, 0, 0, 1 << 20, 0, 18, 50, new byte[8]), // a huge block
            new Container.Member(Container.KIND_RAW, 0, 0, 0, 0, 0, 10, 0, new byte[8]), // raw naming a compressor
            new Container.Member(9, 0, 0, 0, 0, 0, 10, 0, new byte[8]))) {
            assertThatThrownBy(() -> Container.Member.decode("m", bad.encode(), 0))
                .isInstanceOf(CorruptObjectException.class);
        }
        byte[] negative = ok.encode();
        ByteBuffer.wrap(negative).putLong(8, -1);
        assertThatThrownBy(() -> Container.Member.decode("m", negative, 0)).isInstanceOf(CorruptObjectException.class);
    }
}
