package org.damnit.s3;

import java.util.UUID;
import org.damnit.store.Store;
import org.damnit.store.StoreContractTest;

/** The shared conformance suite against a real S3-compatible server started in this JVM. */
class S3StoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() throws Exception {
        return new S3StoreProvider().open(S3ProxyServer.store("contract", "t-" + UUID.randomUUID()), true);
    }
}
