package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;

class ChunkCodecsTest {
    private static byte[] text(long seed, int n) {
        Random r = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ("ACGT\n".charAt(r.nextInt(5)));
        }
        return b;
    }

    @Test
    void idsAreTheOnDiskOnesAndUnique() {
        assertThat(ChunkCodecs.all()).extracting(ChunkCodec::id).containsExactly(0, 1, 2, 3, 4, 10, 6, 7, 5, 11, 12);
        Set<String> names = new HashSet<>();
        for (ChunkCodec c : ChunkCodecs.all()) {
            assertThat(ChunkCodecs.byId(c.id())).isSameAs(c);
            assertThat(names.add(c.name())).as(c.name()).isTrue();
        }
    }

    @Test
    void exactlyTheDeltaCodecsAreDeltas() {
        assertThat(ChunkCodecs.all()).filteredOn(ChunkCodec::isDelta)
            .containsExactlyInAnyOrder(ChunkCodecs.ZSTD_DELTA, ChunkCodecs.BSDIFF, ChunkCodecs.SPLICE);
        assertThat(ChunkCodecs.isDelta(ChunkCodecs.SPLICE.id())).isTrue();
        assertThat(ChunkCodecs.isDelta(ChunkCodecs.ZSTD.id())).isFalse();
        assertThat(ChunkCodecs.isDelta(200)).isFalse();
    }

    @Test
    void unknownIdsAreDamageNotACrash() {
        assertThat(ChunkCodecs.byId(200)).isNull();
        assertThat(ChunkCodecs.byId(-1)).isNull();
        assertThat(ChunkCodecs.byId(1000)).isNull();
        assertThatThrownBy(() -> ChunkCodecs.of("chunk x", 77)).isInstanceOf(CorruptObjectException.class)
            .hasMessageContaining("chunk x").hasMessageContaining("77");
    }

    @Test
    void everyCodecDecodesWhatItEncodes() throws Exception {
        byte[] base = text(1, 200_000);
        byte[] data = base.clone();
        for (int i = 1000; i < data.length; i += 9000) {
            data[i] = 'N'; // scattered point edits
        }
        for (ChunkCodec c : ChunkCodecs.all()) {
            if (c instanceof ContentCodec) {
                continue; // they decline what is not their format; each has its own tests
            }
            byte[] against = c.isDelta() ? base : null;
            byte[] payload = c.encode(against, data, 3);
            assertThat(payload).as(c.name()).isNotNull();
            assertThat(c.roundTrips(against, data, payload)).as(c.name()).isTrue();
            byte[] framed = new byte[payload.length + 7];
            System.arraycopy(payload, 0, framed, 3, payload.length);
            assertThat(c.decode("test", against, framed, 3, payload.length, data.length)).as(c.name()).isEqualTo(data);
        }
    }

    @Test
    void aDeltaAgainstAnotherBaseDoesNotRoundTrip() throws Exception {
        byte[] base = text(2, 50_000);
        byte[] data = base.clone();
        data[25_000] = 'N';
        for (ChunkCodec c : List.of(ChunkCodecs.ZSTD_DELTA, ChunkCodecs.BSDIFF, ChunkCodecs.SPLICE)) {
            byte[] payload = c.encode(base, data, 0);
            assertThat(c.roundTrips(text(3, 50_000), data, payload)).as(c.name()).isFalse();
        }
    }

    @Test
    void aDamagedPayloadIsCorruptOrDoesNotRoundTrip() {
        byte[] data = text(4, 100_000);
        byte[] z = ChunkCodecs.ZSTD.encode(null, data, 3);
        z[z.length / 2] ^= 0x55;
        assertThat(ChunkCodecs.ZSTD.roundTrips(null, data, z)).isFalse();
        assertThatThrownBy(() -> ChunkCodecs.ZSTD.decode("test", null, z, 0, z.length - 10, data.length))
            .isInstanceOf(CorruptObjectException.class);
    }
}
