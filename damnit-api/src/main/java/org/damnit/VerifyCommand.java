package org.damnit;

import java.util.Objects;

/**
 * Checks every object reachable from every ref and names each damaged or missing one with the paths and
 * commits it affects. By default a cheap structural check for routine use: every ref, commit and tree
 * is read and checksummed, and every chunk a file needs must be in a pack index whose pack exists and is
 * long enough. {@link #setReadData(boolean) setReadData(true)} also reads every chunk, checks its
 * record checksum and id, applies deltas, and re-computes each file's SHA-256 and MD5. Single use.
 */
public abstract class VerifyCommand extends Command<VerifyResult> {
    protected ProgressListener progress = ProgressListener.NONE;
    protected boolean readData;

    /** Also read and re-hash all content (as {@code damnit verify --read-data}). */
    public VerifyCommand setReadData(boolean readData) {
        this.readData = readData;
        return this;
    }

    public VerifyCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    protected abstract VerifyResult execute() throws DamnitException;
}
