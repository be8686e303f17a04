package org.damnit;

import java.util.Optional;

/**
 * What a push, fetch or pull moved.
 *
 * @param remote        the remote's name
 * @param branch        the branch transferred
 * @param objects       objects copied (packs, pack indexes, trees, commits)
 * @param bytes         bytes copied
 * @param skipped       objects already present on the receiving side
 * @param oldCommit     the receiving branch before (empty if it did not exist)
 * @param newCommit     the receiving branch after (empty if the sending side has no commits)
 * @param forcedUpdate  a fetch moved the remote-tracking branch sideways: the remote branch no longer
 *                      contains what was fetched from it before (as git reports a forced update), so
 *                      history there was rewritten or a commit lost
 */
public record TransferResult(String remote, String branch, long objects, long bytes, long skipped,
                             Optional<ObjectId> oldCommit, Optional<ObjectId> newCommit, boolean forcedUpdate) {

    /**
     * A result without a forced update.
     *
     * @param remote    the remote's name
     * @param branch    the branch transferred
     * @param objects   objects copied
     * @param bytes     bytes copied
     * @param skipped   objects already present on the receiving side
     * @param oldCommit the receiving branch before
     * @param newCommit the receiving branch after
     */
    public TransferResult(String remote, String branch, long objects, long bytes, long skipped,
                          Optional<ObjectId> oldCommit, Optional<ObjectId> newCommit) {
        this(remote, branch, objects, bytes, skipped, oldCommit, newCommit, false);
    }
}
