package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;
import java.util.Random;
import org.damnit.CorruptObjectException;

/** The checks every content codec's test makes: round trips, size against zstd, damage, versions. */
final class ContentCodecChecks {
    private final ChunkCodec codec;

    ContentCodecChecks(ChunkCodec codec) {
        this.codec = codec;
    }

    byte[] encode(byte[] d) {
        return codec.encode(null, d, 3);
    }

    byte[] decode(String where, byte[] p, int rawLength) throws CorruptObjectException {
        return codec.decode(where, null, p, 0, p.length, rawLength);
    }

    /** The payload of [off, off + len) of {@code d} after checking that it decodes back, or null if declined. */
    byte[] roundTrip(byte[] d, int off, int len) throws CorruptObjectException {
        byte[] slice = Arrays.copyOfRange(d, off, off + len);
        byte[] p = encode(slice);
        if (p != null) {
            assertThat(decode("test", p, len)).isEqualTo(slice);
        }
        return p;
    }

    /** {@code d} round-trips in less than {@code share} of what zstd -19 makes of it. */
    void storesInLessThanZstd(byte[] d, double share) throws CorruptObjectException {
        byte[] p = roundTrip(d, 0, d.length);
        long zstd = Zstd.compress(d, 19).length;
        assertThat(p).isNotNull();
        assertThat(p.length).isLessThan((int) (zstd * share));
    }

    /** A truncated or flipped payload of {@code d} decodes to garbage of its length at worst, else is damage. */
    void damagedPayloadIsCorruption(byte[] d, long seed) {
        byte[] p = encode(d);
        if (p == null) {
            return;
        }
        Random r = new Random(seed);
        byte[] bad = r.nextBoolean() ? Arrays.copyOf(p, r.nextInt(p.length)) : p.clone();
        if (bad.length == p.length) {
            for (int k = 0; k <= r.nextInt(4); k++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            }
        }
        try {
            byte[] back = decode("pack 1", bad, d.length);
            assertThat(back).hasSize(d.length); // garbage at worst: the chunk's SHA-256 tells
        } catch (CorruptObjectException e) {
            assertThat(e).hasMessageStartingWith("pack 1 is damaged");
        }
    }

    /**
     * An alignment codec's payloads of {@code d} at its older versions decode as they did: versions 2 to
     * the one before the current as the codec still writes them for this test, version 1 as version 2
     * without its reference spans (the varint after the item and record counts, k and h); and it writes
     * the current version.
     */
    void olderVersionsStillDecode(byte[] d) throws CorruptObjectException {
        assertThat(encode(d)[0]).isEqualTo((byte) ((ContentCodec) codec).version());
        byte[] v2 = null;
        for (int v = 2; v < ((ContentCodec) codec).version(); v++) {
            byte[] body = ((ReadCodec) codec).columns(d, 0, d.length, v);
            byte[] p = new byte[body.length + 1];
            p[0] = (byte) v;
            System.arraycopy(body, 0, p, 1, body.length);
            assertThat(decode("v" + v, p, d.length)).isEqualTo(d);
            v2 = v == 2 ? p : v2;
        }
        Columns.Source in = new Columns.Source(v2, 1, v2.length - 1);
        for (int i = 0; i < 4; i++) {
            in.varint();
        }
        int at = in.position();
        assertThat(v2[at]).as("no reference spans").isZero();
        byte[] v1 = new byte[v2.length - 1];
        System.arraycopy(v2, 0, v1, 0, at);
        System.arraycopy(v2, at + 1, v1, at, v2.length - at - 1);
        v1[0] = 1;
        assertThat(decode("v1", v1, d.length)).isEqualTo(d);
    }

    /** A payload of {@code d} marked with an unknown version is refused as such. */
    void anotherVersionIsRefused(byte[] d) {
        byte[] p = encode(d);
        p[0] = 9;
        assertThatThrownBy(() -> decode("x", p, d.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("version");
    }

    /** An alignment codec's writer of a given payload version against references (BamCodec's, SamCodec's). */
    interface VersionedEncoder {
        ContentCodec.Encoding encode(byte[] chunk, Object state, References refs, int version)
            throws org.damnit.DamnitException;
    }

    /**
     * {@code d} whole, from a third on and its first half coded against {@code refs} at every payload
     * version from 2 to the codec's by {@code encoder}: each of that version, listing one base and decoding
     * back; the whole one's payload length by version.
     */
    int[] everyVersionAgainst(VersionedEncoder encoder, byte[] d, References refs) throws Exception {
        ContentCodec c = (ContentCodec) codec;
        Object state = c.fileState(d, 0, d.length);
        int[] sizes = new int[c.version() + 1];
        for (int v = 2; v <= c.version(); v++) {
            for (int[] cut : new int[][] {{0, d.length}, {d.length / 3, d.length}, {0, d.length / 2}}) {
                byte[] chunk = Arrays.copyOfRange(d, cut[0], cut[1]);
                ContentCodec.Encoding e = encoder.encode(chunk, state, refs, v);
                assertThat(e.payload()[0]).isEqualTo((byte) v);
                assertThat(e.bases()).as("coded against the reference").hasSize(1);
                assertThat(c.decode("v" + v, e.base(), e.payload(), 0, e.payload().length, chunk.length))
                    .as("version %d of [%d, %d)", v, cut[0], cut[1]).isEqualTo(chunk);
                if (cut[0] == 0 && cut[1] == d.length) {
                    sizes[v] = e.payload().length;
                }
            }
        }
        return sizes;
    }
}
