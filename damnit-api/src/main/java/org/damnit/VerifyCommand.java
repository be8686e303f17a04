package org.damnit;

import java.util.Objects;

/**
 * Checks every object reachable from every ref: reads it, re-hashes it, and re-computes each file's
 * SHA-256 and MD5 from its content. Names each damaged object and the paths and commits it affects.
 * Single use.
 */
public abstract class VerifyCommand {
    protected ProgressListener progress = ProgressListener.NONE;
    private boolean called;

    public VerifyCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    public final VerifyResult call() throws DamnitException {
        if (called) {
            throw new IllegalStateException("a command object can be called only once");
        }
        called = true;
        return execute();
    }

    protected abstract VerifyResult execute() throws DamnitException;
}
