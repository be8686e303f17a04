package org.damnit;

import java.util.Objects;

/**
 * Push, fetch or pull of a branch to or from a named remote (any store URI: {@code file:}, {@code s3:},
 * ...). Only objects the other side lacks are copied, packs first, then pack indexes, trees and commits,
 * and the branch moves last, by compare-and-swap and only forward: a push to a remote branch that has
 * commits this repository does not have fails ("fetch first"), and so does a pull into a branch that has
 * diverged from the remote one. Single use.
 */
public abstract class TransferCommand extends Command<TransferResult> {
    protected String remote = "origin";
    protected String branch;
    protected ProgressListener progress = ProgressListener.NONE;

    public TransferCommand setRemote(String remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
        return this;
    }

    /** The branch (default: the current one). */
    public TransferCommand setBranch(String branch) {
        this.branch = Objects.requireNonNull(branch, "branch");
        return this;
    }

    public TransferCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }
}
