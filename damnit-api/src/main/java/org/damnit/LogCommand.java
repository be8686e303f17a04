package org.damnit;

import java.util.List;
import java.util.Objects;

/**
 * Lists commits from a revision (HEAD by default) back through all parents, newest first; an empty
 * list for a repository without commits. Single use.
 */
public abstract class LogCommand extends Command<List<Commit>> {
    protected String revision = "HEAD";
    protected int maxCount = Integer.MAX_VALUE;

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

    @Override
    protected abstract List<Commit> execute() throws DamnitException;
}
