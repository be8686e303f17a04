package org.damnit;

import java.util.List;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Differences between two revisions, or between a revision and the working tree: added, deleted,
 * modified, and renamed or copied paths (detected by identical content). Single use. {@link #call()}
 * throws {@link RevisionNotFoundException} for an unknown revision.
 */
public final class DiffCommand extends Command<List<DiffEntry>> {
    /**
     * The settings of one diff.
     *
     * @param oldRevision   the old side, or null for an empty tree
     * @param newRevision   the new side, or null for the working tree
     * @param againstParent whether the old side is the new side's first parent (an empty tree for a
     *                      first commit), whatever {@code oldRevision} says
     */
    public record Request(String oldRevision, String newRevision, boolean againstParent) {
    }

    private final CommandExecutor<Request, List<DiffEntry>> executor;
    private String oldRevision = "HEAD";
    private String newRevision;
    private boolean againstParent;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#diff()}.
     *
     * @param executor runs the request when the command is called
     */
    public DiffCommand(CommandExecutor<Request, List<DiffEntry>> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The old side (default: HEAD).
     *
     * @param revision the revision
     * @return this command
     */
    public DiffCommand setOld(String revision) {
        this.oldRevision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /**
     * Compares with an empty tree instead (everything is {@code ADDED}), e.g. for a first commit.
     *
     * @return this command
     */
    public DiffCommand setOldEmpty() {
        this.oldRevision = null;
        return this;
    }

    /**
     * The changes {@code revision} made: against its first parent, or an empty tree for a first commit.
     *
     * @param revision the revision
     * @return this command
     */
    public DiffCommand setCommit(String revision) {
        this.newRevision = Objects.requireNonNull(revision, "revision");
        this.againstParent = true;
        return this;
    }

    /**
     * The new side; not set (or null) means the working tree.
     *
     * @param revision the revision, or null
     * @return this command
     */
    public DiffCommand setNew(String revision) {
        this.newRevision = revision;
        return this;
    }

    @Override
    List<DiffEntry> run() throws DamnitException {
        return executor.execute(new Request(oldRevision, newRevision, againstParent));
    }
}
