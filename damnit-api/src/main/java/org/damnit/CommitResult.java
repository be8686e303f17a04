package org.damnit;

import java.util.Optional;

/**
 * What a commit did.
 *
 * @param commit       the new commit, empty when nothing changed
 * @param filesScanned files found in the working tree
 * @param filesRead    files whose content was read (not answered by the stat cache)
 * @param bytesRead    bytes of file content read
 * @param bytesStored  bytes of new objects written to the store (after compression)
 * @param changes      paths new, modified or deleted relative to the parent
 * @param warnings     paths that were skipped, with the reason (sockets, FIFOs, devices, unstorable names)
 */
public record CommitResult(Optional<Commit> commit, long filesScanned, long filesRead, long bytesRead,
                           long bytesStored, int changes, java.util.List<String> warnings) {
    /**
     * Copies the warnings, so that the result stays immutable.
     *
     * @param commit       the new commit, empty when nothing changed
     * @param filesScanned files found in the working tree
     * @param filesRead    files whose content was read
     * @param bytesRead    bytes of file content read
     * @param bytesStored  bytes of new objects written to the store
     * @param changes      paths new, modified or deleted relative to the parent
     * @param warnings     paths that were skipped, with the reason
     */
    public CommitResult {
        warnings = java.util.List.copyOf(warnings);
    }

    /**
     * Whether a commit was made (false: "nothing to commit").
     *
     * @return whether {@link #commit()} is present
     */
    public boolean created() {
        return commit.isPresent();
    }
}
