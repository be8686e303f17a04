package org.damnit.store;

/**
 * What a {@link Store} can do beyond the contract every store honours.
 *
 * @param rangedReads     {@link Store#get(String, long, long)} reads only the asked range (otherwise it
 *                        may read and skip)
 * @param persistent      objects survive {@link Store#close()} and the process
 * @param atomicRefs      {@link Store#compareAndSetRef} is atomic across processes, not only within one
 * @param maxObjectSize   the largest object {@link Store#put} accepts, in bytes
 */
public record StoreCapabilities(boolean rangedReads, boolean persistent, boolean atomicRefs, long maxObjectSize) {
}
