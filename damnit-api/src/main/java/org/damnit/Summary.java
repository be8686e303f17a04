package org.damnit;

/**
 * Sizes of a repository as seen from one revision.
 *
 * @param commits      commits reachable from the revision
 * @param files        files in the revision's tree
 * @param bytes        their total size
 * @param historyBytes the size of every file of every reachable commit, summed: what keeping each
 *                     commit as a full copy would take
 * @param storedBytes  bytes of all objects in the store (packs, indexes, trees, commits)
 */
public record Summary(long commits, long files, long bytes, long historyBytes, long storedBytes) {
    /**
     * How many times over deduplication and deltas pay.
     *
     * @return {@code historyBytes / storedBytes}, or 0 when nothing is stored
     */
    public double dedupRatio() {
        return storedBytes == 0 ? 0 : (double) historyBytes / storedBytes;
    }
}
