package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.junit.jupiter.api.Test;

/** What the probe finds on the two servers, and what it refuses. */
class S3ProbeTest {
    @Test
    void s3ProxyHonoursEverything() throws Exception {
        try (Store s = new S3StoreProvider().open(S3ProxyServer.store("probe", "p-" + System.nanoTime()), true)) {
            StoreCapabilities c = s.capabilities();
            assertThat(c.conditionalCreate()).isTrue();
            assertThat(c.atomicRefs()).isTrue();
            assertThat(c.byteExact()).isTrue();
            assertThat(c.rangedReads()).isTrue();
            assertThat(c.multipart()).isTrue();
            assertThat(c.sortedListing()).isTrue();
            assertThat(c.singleWriter()).isFalse();
            assertThat(c.server()).contains(S3ProxyServer.endpoint().toString());
        }
    }

    @Test
    void s3rverIgnoresConditionalCreate() throws Exception {
        try (Store s = new S3StoreProvider().open(S3rverServer.store("probe", "p-" + System.nanoTime(), ""), true)) {
            StoreCapabilities c = s.capabilities();
            assertThat(c.conditionalCreate()).isFalse();
            assertThat(c.byteExact()).isTrue();
            assertThat(c.rangedReads()).isTrue();
            assertThat(c.safeToWrite()).isFalse();
            System.out.println("s3rver probe: " + c);
        }
    }

    @Test
    void aServerThatStoresTheChunkFramingIsRefusedAtOpen() throws Exception {
        java.net.URI uri = S3rverServer.store("probe", "c-" + System.nanoTime(),
            "&chunkedEncoding=true&checksums=when_supported"); // skips the test where s3rver is not installed
        assertThatThrownBy(() -> new S3StoreProvider().open(uri, true))
            .isInstanceOf(IOException.class).hasMessageContaining("does not store bodies as they are sent")
            .hasMessageContaining("chunkedEncoding");
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThatThrownBy(() -> new S3StoreProvider().open(java.net.URI.create("s3://b/p?pathstyle=true"), true))
            .isInstanceOf(IOException.class).hasMessageContaining("unknown option 'pathstyle'");
    }
}
