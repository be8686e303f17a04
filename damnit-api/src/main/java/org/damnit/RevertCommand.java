package org.damnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Makes a new commit that puts paths (all of the tree if none) back to how they were at a revision;
 * history is not rewritten. The working tree must have no uncommitted changes. Single use.
 *
 * <p>{@link #call()} returns the new commit. It throws {@link UncommittedChangesException} if the
 * working tree has uncommitted changes or something untracked is in the way,
 * {@link RefusedException} if nothing would change, {@link RevisionNotFoundException} for an unknown
 * revision, and {@link BadPathException} for a path neither in the revision nor committed.
 */
public final class RevertCommand extends Command<Commit> {
    /**
     * The settings of one revert.
     *
     * @param revision the revision to go back to
     * @param paths    the paths to revert, empty for the whole tree; unmodifiable
     * @param message  the commit message, or null for one that says what was reverted
     */
    public record Request(String revision, List<String> paths, String message) {
        /**
         * Copies the paths, so that the request stays immutable.
         *
         * @param revision the revision to go back to
         * @param paths    the paths to revert, empty for the whole tree; unmodifiable
         * @param message  the commit message, or null for one that says what was reverted
         */
        public Request {
            Objects.requireNonNull(revision, "revision");
            paths = List.copyOf(paths);
        }
    }

    private final CommandExecutor<Request, Commit> executor;
    private String revision;
    private final List<String> paths = new ArrayList<>();
    private String message;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#revert()}.
     *
     * @param executor runs the request when the command is called
     */
    public RevertCommand(CommandExecutor<Request, Commit> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The revision to go back to (required).
     *
     * @param revision the revision
     * @return this command
     */
    public RevertCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /**
     * A file or directory to revert, relative to the project root; none means the whole tree.
     *
     * @param path the path
     * @return this command
     */
    public RevertCommand addPath(String path) {
        paths.add(Objects.requireNonNull(path, "path"));
        return this;
    }

    /**
     * The commit message (default: one that says what was reverted to which revision).
     *
     * @param message the message, or null for the default
     * @return this command
     */
    public RevertCommand setMessage(String message) {
        this.message = message;
        return this;
    }

    @Override
    Commit run() throws DamnitException {
        if (revision == null) {
            throw new IllegalStateException("a revert needs the revision to go back to");
        }
        return executor.execute(new Request(revision, paths, message));
    }
}
