package org.damnit;

import java.util.List;
import java.util.Objects;

/**
 * Differences between two revisions, or between a revision and the working tree: added, deleted,
 * modified, and renamed or copied paths (detected by identical content). Single use.
 */
public abstract class DiffCommand extends Command<List<DiffEntry>> {
    protected String oldRevision = "HEAD";
    protected String newRevision;
    /** Set by {@link #setCommit}: the old side is the new side's first parent (or empty for a first commit). */
    protected boolean againstParent;

    /** The old side (default: HEAD). */
    public DiffCommand setOld(String revision) {
        this.oldRevision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /** Compares with an empty tree instead (everything is {@code ADDED}), e.g. for a first commit. */
    public DiffCommand setOldEmpty() {
        this.oldRevision = null;
        return this;
    }

    /** The changes {@code revision} made: against its first parent, or an empty tree for a first commit. */
    public DiffCommand setCommit(String revision) {
        this.newRevision = Objects.requireNonNull(revision, "revision");
        this.againstParent = true;
        return this;
    }

    /** The new side; not set means the working tree. */
    public DiffCommand setNew(String revision) {
        this.newRevision = revision;
        return this;
    }
}
