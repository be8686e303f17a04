package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content-codec seam: a file gets the first codec that recognises its first chunk; an encoding is
 * kept only if it round-trips and beats zstd; damage is a {@link CorruptObjectException} naming the chunk.
 */
class ContentCodecSeamTest {
    @TempDir
    Path tmp;

    /** A codec for files starting with '#': zstd at level 9, or broken in one of four ways. */
    private static class Strong extends ContentCodec {
        enum Fault { NONE, WRONG_BYTES, THROWS, DECLINES, LARGER }

        private final Fault fault;

        Strong(Fault fault) {
            super(250, "test-" + fault, 2);
            this.fault = fault;
        }

        @Override
        boolean recognises(byte[] b, int off, int len) {
            return len > 0 && b[off] == '#';
        }

        @Override
        long workBytes(int length) {
            return 2L * length;
        }

        @Override
        boolean encodeBody(byte[] data, ByteArrayOutputStream out) {
            switch (fault) {
                case THROWS -> throw new IllegalStateException("bug");
                case DECLINES -> {
                    return false;
                }
                case LARGER -> out.writeBytes(data);
                default -> out.writeBytes(Delta.zstd(data, 9));
            }
            return true;
        }

        @Override
        byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength) throws CorruptObjectException {
            byte[] out = fault == Fault.LARGER ? Arrays.copyOfRange(payload, off, off + len)
                : Delta.unzstd(where, payload, off, len, rawLength);
            if (fault == Fault.WRONG_BYTES) {
                out[out.length / 2] ^= 1;
            }
            return out;
        }
    }

    private ChunkEncoder encoder(boolean enabled, ContentCodec... codecs) {
        // no deltas: the encoder then never reads a base, so it needs no store behind it
        return new ChunkEncoder(null, new ChunkEncoder.Settings(false, false, 3, enabled), tmp.resolve("sketches"),
            MemoryBudget.of(256L << 20, 4 << 20), List.of(codecs));
    }

    private static byte[] table() {
        byte[] t = DeltaPolicyTest.depth(7, 1 << 18);
        t[0] = '#';
        return t;
    }

    private static ChunkEncoder.Encoded encode(ChunkEncoder e, byte[] data, ChunkEncoder.DeltaHistory h) throws Exception {
        return e.encode(ObjectDb.sha256(data, 0, data.length), data, 0, data.length,
            List.of(), h);
    }

    @Test
    void theFirstCodecThatRecognisesTheFirstChunkIsUsedWhenItBeatsZstdAndRoundTrips() throws Exception {
        Strong other = new Strong(Strong.Fault.NONE) {
            @Override
            boolean recognises(byte[] b, int off, int len) {
                return false;
            }
        };
        Strong strong = new Strong(Strong.Fault.NONE);
        ChunkEncoder e = encoder(true, other, strong, new Strong(Strong.Fault.LARGER));
        byte[] data = table();
        ChunkEncoder.DeltaHistory h = new ChunkEncoder.DeltaHistory();
        e.recognise(h, data, 0, data.length);
        ChunkEncoder.Encoded enc = encode(e, data, h);
        assertThat(enc.codec()).isSameAs(strong);
        assertThat(enc.length()).isLessThan(Delta.zstd(data, 3).length);
        assertThat(enc.payload()[enc.offset()]).as("the payload starts with its version").isEqualTo((byte) 2);
        assertThat(strong.decode("c", null, enc.payload(), enc.offset(), enc.length(), data.length)).isEqualTo(data);
        assertThat(e.contentStats().won()).isEqualTo(1);
        assertThat(e.contentStats().bytesSaved()).isPositive();
    }

    @Test
    void aFileNoCodecRecognisesOrWithCodecsOffIsStoredAsBefore() throws Exception {
        byte[] other = table();
        other[0] = 'x';
        ChunkEncoder on = encoder(true, new Strong(Strong.Fault.NONE));
        ChunkEncoder.DeltaHistory h = new ChunkEncoder.DeltaHistory();
        on.recognise(h, other, 0, other.length);
        assertThat(encode(on, other, h).codec()).isSameAs(ChunkCodecs.ZSTD);

        ChunkEncoder off = encoder(false, new Strong(Strong.Fault.NONE));
        byte[] data = table();
        ChunkEncoder.DeltaHistory h2 = new ChunkEncoder.DeltaHistory();
        off.recognise(h2, data, 0, data.length);
        assertThat(encode(off, data, h2).codec()).isSameAs(ChunkCodecs.ZSTD);
        assertThat(on.contentStats().tried() + off.contentStats().tried()).isZero();
    }

    @Test
    void anEncodingThatDoesNotRoundTripThrowsDeclinesOrIsLargerFallsBackToZstd() throws Exception {
        for (Strong.Fault f : List.of(Strong.Fault.WRONG_BYTES, Strong.Fault.THROWS, Strong.Fault.DECLINES,
            Strong.Fault.LARGER)) {
            ChunkEncoder e = encoder(true, new Strong(f));
            byte[] data = table();
            ChunkEncoder.DeltaHistory h = new ChunkEncoder.DeltaHistory();
            e.recognise(h, data, 0, data.length);
            ChunkEncoder.Encoded enc = encode(e, data, h);
            assertThat(enc.codec()).as(f.name()).isSameAs(ChunkCodecs.ZSTD);
            assertThat(Delta.unzstd("z", enc.payload(), enc.offset(), enc.length(), data.length)).isEqualTo(data);
        }
    }

    @Test
    void aCodecThatLosesTheFirstChunksOfAFileIsNotTriedOnTheRest() throws Exception {
        ChunkEncoder e = encoder(true, new Strong(Strong.Fault.LARGER));
        ChunkEncoder.DeltaHistory h = new ChunkEncoder.DeltaHistory();
        byte[] data = table();
        e.recognise(h, data, 0, data.length);
        for (int i = 0; i < 10; i++) {
            encode(e, data, h);
        }
        assertThat(e.contentStats().tried()).isEqualTo(ChunkEncoder.CONTENT_GIVE_UP_AFTER);
    }

    @Test
    void damageIsACorruptObjectNamingTheChunkNeverAnotherException() throws Exception {
        Strong strong = new Strong(Strong.Fault.NONE);
        byte[] data = table();
        byte[] p = strong.encode(null, data, 3);
        assertThat(strong.decode("c", null, p, 0, p.length, data.length)).isEqualTo(data);

        byte[] newer = p.clone();
        newer[0] = 3;
        assertThatThrownBy(() -> strong.decode("chunk abc", null, newer, 0, newer.length, data.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk abc")
            .hasMessageContaining("version 3");
        byte[] zero = p.clone();
        zero[0] = 0;
        assertThatThrownBy(() -> strong.decode("chunk abc", null, zero, 0, zero.length, data.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk abc");
        assertThatThrownBy(() -> strong.decode("chunk abc", null, p, 0, 0, data.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk abc");
        assertThatThrownBy(() -> strong.decode("chunk abc", null, p, 0, p.length, data.length + 1))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk abc");

        ContentCodec throwing = new Strong(Strong.Fault.NONE) {
            @Override
            byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength) {
                throw new ArrayIndexOutOfBoundsException(7);
            }
        };
        assertThatThrownBy(() -> throwing.decode("chunk abc", null, p, 0, p.length, data.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk abc")
            .hasMessageContaining("does not decode");
    }

    @Test
    void registeredContentCodecsAreStandAloneAndKnownById() {
        for (ContentCodec c : ChunkCodecs.content()) {
            assertThat(ChunkCodecs.byId(c.id())).isSameAs(c);
            assertThat(c.isDelta()).isFalse();
        }
    }
}
