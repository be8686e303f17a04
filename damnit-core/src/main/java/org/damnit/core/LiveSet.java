package org.damnit.core;

import java.util.Arrays;
import org.damnit.ObjectId;

/**
 * A set of chunk ids kept as sorted 64-bit prefixes: 8 bytes per id (a {@code HashSet<ObjectId>} takes
 * about 80). Two ids that share a prefix look alike, so a garbage chunk may be kept; a live one is never
 * missed, which is the safe direction for garbage collection.
 */
final class LiveSet {
    private long[] sorted = new long[0];
    private long[] pending = new long[1024];
    private int pendingSize;

    static long prefix(ObjectId id) {
        byte[] b = id.toBytes();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** Adds an id; returns false if it (or an id with the same prefix) was already in the set. */
    boolean add(ObjectId id) {
        long p = prefix(id);
        if (Arrays.binarySearch(sorted, p) >= 0) {
            return false;
        }
        if (pendingSize == pending.length) {
            compact();
            if (Arrays.binarySearch(sorted, p) >= 0) {
                return false;
            }
        }
        pending[pendingSize++] = p;
        return true;
    }

    boolean contains(ObjectId id) {
        compact();
        return Arrays.binarySearch(sorted, prefix(id)) >= 0;
    }

    long size() {
        compact();
        return sorted.length;
    }

    /** Merges the pending additions into the sorted array, dropping duplicates. */
    private void compact() {
        if (pendingSize == 0) {
            return;
        }
        long[] all = Arrays.copyOf(sorted, sorted.length + pendingSize);
        System.arraycopy(pending, 0, all, sorted.length, pendingSize);
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[i] != all[n - 1]) {
                all[n++] = all[i];
            }
        }
        sorted = Arrays.copyOf(all, n);
        if (pending.length < sorted.length / 8) {
            pending = new long[Math.min(1 << 20, Math.max(1024, sorted.length / 8))];
        }
        pendingSize = 0;
    }
}
