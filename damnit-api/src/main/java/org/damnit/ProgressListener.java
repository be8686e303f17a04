package org.damnit;

/**
 * Receives progress of long operations (commit, restore, verify). Calls come from the thread that
 * runs the command, or from worker threads of it; implementations must be thread-safe and fast.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() { };

    /**
     * A phase starts.
     *
     * @param phase      a short human-readable name ("scanning", "committing", "restoring", "verifying")
     * @param totalBytes the bytes this phase expects to process, or -1 if unknown
     */
    default void start(String phase, long totalBytes) {
    }

    /**
     * More bytes were processed in the current phase.
     *
     * @param bytes how many, since the last call
     */
    default void advance(long bytes) {
    }

    /**
     * One path was handled in the current phase.
     *
     * @param path the path, relative to the project root
     */
    default void file(String path) {
    }

    /** The current phase ended. */
    default void end() {
    }
}
