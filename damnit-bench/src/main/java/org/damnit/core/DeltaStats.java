package org.damnit.core;

import org.damnit.Repository;

/** The benchmark's view of what delta attempts cost and saved in this process, per repository. */
public final class DeltaStats {
    private DeltaStats() {
    }

    /** CPU seconds of delta attempts, chunks attempted, won, bytes saved, skipped by estimate, by history. */
    public static long[] of(Repository repo) {
        ChunkEncoder.Stats s = ((LocalRepository) repo).chunks().deltaStats();
        return new long[] {s.cpuNanos(), s.attempted(), s.won(), s.bytesSaved(), s.skippedByEstimate(), s.skippedByHistory()};
    }
}
