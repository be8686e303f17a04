package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;

import java.util.UUID;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite against s3rver, which ignores {@code If-None-Match}: in single-writer mode the
 * whole suite holds (the writer lease and checks stand in for the server's refusal); without it, the
 * store says so in its capabilities and the suite skips what needs conditional writes.
 */
class S3rverStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() throws Exception {
        return new S3StoreProvider().open(S3rverServer.store("contract", "t-" + UUID.randomUUID(), "&singleWriter=true"), true);
    }

    @Test
    void theProbeFindsWhatS3rverHonours() {
        StoreCapabilities c = store.capabilities();
        assertThat(c.conditionalCreate()).as("If-None-Match: * is ignored").isFalse();
        assertThat(c.atomicRefs()).isFalse();
        assertThat(c.byteExact()).as("the defaults send whole bodies").isTrue();
        assertThat(c.rangedReads()).isTrue();
        assertThat(c.singleWriter()).isTrue();
        assertThat(c.safeToWrite()).isTrue();
    }

    @Nested
    class WithoutTheOptIn extends StoreContractTest {
        @Override
        protected Store newStore() throws Exception {
            return new S3StoreProvider().open(S3rverServer.store("contract", "u-" + UUID.randomUUID(), ""), true);
        }

        @Test
        void isNotSafeToWriteAndRefusesRefUpdatesNamingTheWaysOut() {
            assertThat(store.capabilities().singleWriter()).isFalse();
            assertThat(store.capabilities().safeToWrite()).isFalse();
            assertThatThrownBy(() -> store.compareAndSetRef("heads/main", Optional.empty(), Optional.of("a")))
                .isInstanceOf(IOException.class).hasMessageContaining("If-None-Match")
                .hasMessageContaining("singleWriter=true").hasMessageContaining("127.0.0.1");
        }
    }
}
