package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/** Chunk records as a repository's packs hold them, and their payloads damaged at random, for codec tests. */
final class StoredRecords {
    private StoredRecords() {
    }

    /** A record as parsed from its pack, and its payload. */
    record Stored(Pack.Parsed parsed, byte[] payload) {
        int rawLength() {
            return parsed.rawLength();
        }
    }

    /** The record of chunk {@code id}, read from its pack in the store. */
    static Stored read(RepoContext ctx, ObjectId id) throws Exception {
        ChunkIndex.Location l = ctx.chunks().locate(id).orElseThrow();
        byte[] rec;
        try (InputStream in = ctx.store().get(StoreLayout.PACKS.key(l.pack()), l.offset(), l.recordLength())) {
            rec = in.readAllBytes();
        }
        Pack.Parsed parsed = Pack.parse("record", rec);
        return new Stored(parsed, Arrays.copyOfRange(rec, parsed.payloadOffset(), parsed.payloadOffset() + parsed.payloadLength()));
    }

    /** A codec's decoder of one record's payloads, naming the chunk {@code where}. */
    interface Decoder {
        byte[] decode(String where, byte[] payload) throws DamnitException;
    }

    /**
     * Decodes {@code s}'s payload, then {@code tries} copies of it damaged by {@code r} (a quarter cut short,
     * the others with a byte flipped): each decodes to the chunk's length (garbage at worst: the chunk's
     * SHA-256 tells) or is refused as damage naming the chunk.
     */
    static void decodesOrRefusesDamage(Stored s, Random r, int tries, Decoder d) throws DamnitException {
        byte[] payload = s.payload();
        assertThat(d.decode("chunk", payload)).hasSize(s.rawLength());
        for (int k = 0; k < tries; k++) {
            byte[] bad = r.nextInt(4) == 0 ? Arrays.copyOf(payload, r.nextInt(payload.length)) : payload.clone();
            if (bad.length == payload.length) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            }
            try {
                assertThat(d.decode("chunk 1", bad)).hasSize(s.rawLength());
            } catch (CorruptObjectException e) {
                assertThat(e.getMessage()).contains("chunk 1");
            }
        }
    }
}
