package org.damnit.core;

import java.io.IOException;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;

/**
 * Whether a repository writes through a store, decided from the store's capabilities: never with
 * several writers where the store cannot make a branch update atomic, unless the store runs in its
 * single-writer mode (an explicit opt-in).
 */
final class WritePolicy {
    private WritePolicy() {
    }

    /** Throws, naming what is missing, the server and the ways out, if {@code s} must not be written. */
    static void check(Store s, String uri) throws IOException {
        StoreCapabilities c = s.capabilities();
        if (c.safeToWrite()) {
            return;
        }
        String missing = c.conditionalCreate() ? "atomic compare-and-swap of refs"
            : "conditional create (a second create of one key must fail; on S3: If-None-Match: *), which an "
            + "atomic branch update needs";
        throw new IOException(uri + (c.server().isEmpty() ? "" : " (" + c.server() + ")") + " lacks " + missing
            + ", so two processes writing at once could lose a commit without any error. Ways out: a server that "
            + "honours conditional writes (AWS S3, or a recent MinIO, Ceph RGW or Garage); or, if only one process "
            + "at a time ever writes to this store, its single-writer mode (for s3: add singleWriter=true to the "
            + "store URI; a writer lease then refuses a second writer, see docs/BACKENDS.md); or a store on a "
            + "local or shared file system (file:)");
    }
}
