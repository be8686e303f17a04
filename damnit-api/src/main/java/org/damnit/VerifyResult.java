package org.damnit;

import java.util.List;

/**
 * The outcome of {@link VerifyCommand}.
 *
 * @param commitsChecked commits reached from the refs
 * @param objectsChecked distinct objects read and re-hashed
 * @param bytesChecked   bytes of content re-hashed
 * @param problems       one per damaged or missing object; empty when everything is intact
 */
public record VerifyResult(long commitsChecked, long objectsChecked, long bytesChecked, List<Problem> problems) {
    /**
     * Copies the problems, so that the result stays immutable.
     *
     * @param commitsChecked commits reached from the refs
     * @param objectsChecked distinct objects read and re-hashed
     * @param bytesChecked   bytes of content re-hashed
     * @param problems       one per damaged or missing object
     */
    public VerifyResult {
        problems = List.copyOf(problems);
    }

    /**
     * Whether everything is intact.
     *
     * @return whether there are no problems
     */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * One damaged or missing object.
     *
     * @param object   the store key of the object
     * @param reason   what is wrong
     * @param paths    the paths whose content depends on it (may be truncated to the first 100)
     * @param commits  the commits that reach it
     */
    public record Problem(String object, String reason, List<String> paths, List<ObjectId> commits) {
        /**
         * Copies the lists, so that the problem stays immutable.
         *
         * @param object  the store key of the object
         * @param reason  what is wrong
         * @param paths   the paths whose content depends on it
         * @param commits the commits that reach it
         */
        public Problem {
            paths = List.copyOf(paths);
            commits = List.copyOf(commits);
        }
    }
}
