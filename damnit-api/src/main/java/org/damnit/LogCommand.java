package org.damnit;

import java.util.List;
import java.util.Objects;

/** Lists commits from a revision (HEAD by default) back through first and later parents, newest first. Single use. */
public abstract class LogCommand {
    protected String revision = "HEAD";
    protected int maxCount = Integer.MAX_VALUE;
    private boolean called;

    public LogCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    public LogCommand setMaxCount(int maxCount) {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0");
        }
        this.maxCount = maxCount;
        return this;
    }

    /** Commits newest first; empty for a repository without commits. */
    public final List<Commit> call() throws DamnitException {
        if (called) {
            throw new IllegalStateException("a command object can be called only once");
        }
        called = true;
        return execute();
    }

    protected abstract List<Commit> execute() throws DamnitException;
}
