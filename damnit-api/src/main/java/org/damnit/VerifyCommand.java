package org.damnit;

import java.util.Objects;

/**
 * Checks every object reachable from every ref: reads it, re-hashes it, and re-computes each file's
 * SHA-256 and MD5 from its content. Names each damaged object and the paths and commits it affects.
 * Single use.
 */
public abstract class VerifyCommand extends Command<VerifyResult> {
    protected ProgressListener progress = ProgressListener.NONE;

    public VerifyCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    protected abstract VerifyResult execute() throws DamnitException;
}
