package org.damnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HasherTest {
    @Test
    void knownVectors() {
        Hasher.Digests d = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5)
            .update("abc".getBytes(StandardCharsets.US_ASCII)).finish();
        assertThat(d.hex(HashAlgorithm.SHA256))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(d.hex(HashAlgorithm.MD5)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void streamingInPiecesEqualsOneShot() throws Exception {
        byte[] data = new byte[1_000_003];
        new java.util.Random(3).nextBytes(data);
        Hasher h = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5);
        for (int off = 0; off < data.length; off += 7919) {
            h.update(data, off, Math.min(7919, data.length - off));
        }
        Hasher.Digests pieces = h.finish();
        Hasher.Digests whole = Hasher.hash(new ByteArrayInputStream(data), HashAlgorithm.SHA256, HashAlgorithm.MD5);
        assertThat(pieces.hex(HashAlgorithm.SHA256)).isEqualTo(whole.hex(HashAlgorithm.SHA256));
        assertThat(pieces.hex(HashAlgorithm.MD5)).isEqualTo(whole.hex(HashAlgorithm.MD5));
        assertThat(pieces.sha256()).isEqualTo(ObjectId.of(whole.get(HashAlgorithm.SHA256)));
    }

    @Test
    void misuseIsRefused() {
        Hasher h = Hasher.create(HashAlgorithm.MD5);
        Hasher.Digests d = h.finish();
        assertThatThrownBy(h::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> d.get(HashAlgorithm.SHA256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(Hasher::create).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectIdsParseAndCompare() {
        String hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        ObjectId id = ObjectId.fromHex(hex.toUpperCase());
        assertThat(id.toHex()).isEqualTo(hex);
        assertThat(id.abbreviate(8)).isEqualTo("ba7816bf");
        assertThat(id).isEqualTo(ObjectId.fromHex(hex)).hasSameHashCodeAs(ObjectId.fromHex(hex));
        assertThatThrownBy(() -> ObjectId.fromHex("xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Person.parse("Ada Lovelace <ada@example.org>")).isEqualTo(new Person("Ada Lovelace", "ada@example.org"));
        assertThatThrownBy(() -> new Person(" ", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
