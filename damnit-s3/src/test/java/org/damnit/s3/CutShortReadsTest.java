package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A response body that ends before its Content-Length is an error, never a shorter object. */
class CutShortReadsTest {
    @Test
    void aBodyShorterThanDeclaredFailsAtItsEnd() {
        InputStream in = S3Store.whole(new ByteArrayInputStream(new byte[10]), 17, "refs/heads/main");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
            .hasMessageContaining("sent 10 of the 17 bytes").hasMessageContaining("refs/heads/main");
        InputStream empty = S3Store.whole(InputStream.nullInputStream(), 5, "k");
        assertThatThrownBy(empty::read).isInstanceOf(IOException.class).hasMessageContaining("sent 0 of the 5");
    }

    @Test
    void aWholeBodyReadsAsItIs() throws IOException {
        byte[] body = "seventeen bytes!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(S3Store.whole(new ByteArrayInputStream(body), body.length, "k").readAllBytes()).isEqualTo(body);
        InputStream in = S3Store.whole(new ByteArrayInputStream(body), body.length, "k");
        assertThat(in.skip(7)).isEqualTo(7);
        assertThat(in.readAllBytes()).hasSize(10);
        assertThat(in.read()).isEqualTo(-1);
    }
}
