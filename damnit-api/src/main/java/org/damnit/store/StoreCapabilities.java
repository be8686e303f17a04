package org.damnit.store;

/**
 * What a {@link Store} can do beyond the contract every store honours. Network backends find out by
 * probing the server when the store is created and re-checking when it is opened; a repository decides
 * from this whether, and how, it may write.
 *
 * @param rangedReads       {@link Store#get(String, long, long)} reads only the asked range (otherwise it
 *                          may read and skip)
 * @param persistent        objects survive {@link Store#close()} and the process
 * @param atomicRefs        {@link Store#compareAndSetRef} is atomic across processes, not only within one
 * @param maxObjectSize     the largest object {@link Store#put} accepts, in bytes
 * @param conditionalCreate the backend itself refuses a second create of one key (on S3: it honours
 *                          {@code If-None-Match: *}), so write-once holds across processes
 * @param byteExact         a body read back is the body sent (a server that stores a transfer encoding
 *                          as data fails this)
 * @param multipart         large objects can be sent in parts and appear whole
 * @param sortedListing     the backend lists keys in {@link String} order by itself
 * @param singleWriter      the store runs in single-writer mode: {@link #atomicRefs} is not enforced by
 *                          the backend, so the store admits one writing process at a time (on S3 through a
 *                          writer lease) and every writing command says so
 * @param server            who answered, for messages (e.g. {@code "s3rver at http://host:4568"}); may
 *                          be empty
 * @param localReads        reads are served from this machine (a local disk, memory), as fast as a local
 *                          cache of them would be; a repository puts a read cache in front of any other
 *                          store
 */
public record StoreCapabilities(boolean rangedReads, boolean persistent, boolean atomicRefs, long maxObjectSize,
                                boolean conditionalCreate, boolean byteExact, boolean multipart,
                                boolean sortedListing, boolean singleWriter, String server, boolean localReads) {

    /**
     * All capabilities; a null {@code server} becomes empty.
     *
     * @param rangedReads       see {@link #rangedReads()}
     * @param persistent        see {@link #persistent()}
     * @param atomicRefs        see {@link #atomicRefs()}
     * @param maxObjectSize     see {@link #maxObjectSize()}
     * @param conditionalCreate see {@link #conditionalCreate()}
     * @param byteExact         see {@link #byteExact()}
     * @param multipart         see {@link #multipart()}
     * @param sortedListing     see {@link #sortedListing()}
     * @param singleWriter      see {@link #singleWriter()}
     * @param server            see {@link #server()}
     * @param localReads        see {@link #localReads()}
     */
    public StoreCapabilities {
        server = server == null ? "" : server;
    }

    /**
     * For a store that needs no probe: conditional create as {@code atomicRefs}, bodies exact, sorted
     * lists, one writer not enforced, reads not local.
     *
     * @param rangedReads   see {@link #rangedReads()}
     * @param persistent    see {@link #persistent()}
     * @param atomicRefs    see {@link #atomicRefs()}
     * @param maxObjectSize see {@link #maxObjectSize()}
     */
    public StoreCapabilities(boolean rangedReads, boolean persistent, boolean atomicRefs, long maxObjectSize) {
        this(rangedReads, persistent, atomicRefs, maxObjectSize, atomicRefs, true, false, true, false, "", false);
    }

    /**
     * The capabilities of a store whose reads are not {@link #localReads local}.
     *
     * @param rangedReads       see {@link #rangedReads()}
     * @param persistent        see {@link #persistent()}
     * @param atomicRefs        see {@link #atomicRefs()}
     * @param maxObjectSize     see {@link #maxObjectSize()}
     * @param conditionalCreate see {@link #conditionalCreate()}
     * @param byteExact         see {@link #byteExact()}
     * @param multipart         see {@link #multipart()}
     * @param sortedListing     see {@link #sortedListing()}
     * @param singleWriter      see {@link #singleWriter()}
     * @param server            see {@link #server()}
     */
    public StoreCapabilities(boolean rangedReads, boolean persistent, boolean atomicRefs, long maxObjectSize,
                             boolean conditionalCreate, boolean byteExact, boolean multipart,
                             boolean sortedListing, boolean singleWriter, String server) {
        this(rangedReads, persistent, atomicRefs, maxObjectSize, conditionalCreate, byteExact, multipart,
            sortedListing, singleWriter, server, false);
    }

    /**
     * Whether a repository may write through this store without risking a lost update: refs are atomic
     * across processes, or the store admits one writer at a time, or no other process can reach it.
     *
     * @return whether writing is safe
     */
    public boolean safeToWrite() {
        return atomicRefs || singleWriter || !persistent;
    }

    /**
     * The same capabilities in single-writer mode or not.
     *
     * @param on whether the store admits one writing process at a time
     * @return the changed capabilities
     */
    public StoreCapabilities withSingleWriter(boolean on) {
        return new StoreCapabilities(rangedReads, persistent, atomicRefs, maxObjectSize, conditionalCreate,
            byteExact, multipart, sortedListing, on, server, localReads);
    }

    /**
     * The same capabilities with reads local or not.
     *
     * @param on whether reads are served from this machine
     * @return the changed capabilities
     */
    public StoreCapabilities withLocalReads(boolean on) {
        return new StoreCapabilities(rangedReads, persistent, atomicRefs, maxObjectSize, conditionalCreate,
            byteExact, multipart, sortedListing, singleWriter, server, on);
    }
}
