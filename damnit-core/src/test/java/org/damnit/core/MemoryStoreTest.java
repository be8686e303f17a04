package org.damnit.core;

import java.util.UUID;
import org.damnit.store.Store;
import org.damnit.store.StoreContractTest;

class MemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new MemoryStore(UUID.randomUUID().toString());
    }
}
