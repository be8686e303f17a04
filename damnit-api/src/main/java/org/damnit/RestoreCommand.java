package org.damnit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Writes files of a commit back to disk, byte-identical, with symbolic links, empty directories,
 * executable bits and modification times. Single use.
 *
 * <ul>
 *   <li>Without a target the working tree is written. Paths whose working copy differs from HEAD, or
 *   untracked files that would be overwritten, make the command fail with
 *   {@link UncommittedChangesException} unless {@link #setForce(boolean) force} is set. Restoring the
 *   whole tree also removes tracked files that the revision does not have. HEAD does not move.</li>
 *   <li>With {@link #setTarget(Path) a target} the files are written there; the directory is created
 *   if absent and must otherwise be empty.</li>
 * </ul>
 * Restore never writes through a symbolic link, wherever the link comes from. {@link #call()} also
 * throws {@link RevisionNotFoundException} for an unknown revision, {@link BadPathException} for a path
 * the revision does not have or a target that is not empty, {@link CorruptObjectException} if stored
 * data fails its checks (nothing of that file is written), and {@link StorageException} if the store or
 * the disk fails.
 */
public final class RestoreCommand extends Command<RestoreResult> {
    /**
     * The settings of one restore.
     *
     * @param revision the revision to restore
     * @param paths    the paths to restore, empty for the whole tree; unmodifiable
     * @param target   the directory to write into, or null for the working tree
     * @param force    whether uncommitted work in the way may be overwritten
     * @param progress where progress is reported
     */
    public record Request(String revision, List<String> paths, Path target, boolean force,
                          ProgressListener progress) {
        /**
         * Copies the paths, so that the request stays immutable.
         *
         * @param revision the revision to restore
         * @param paths    the paths to restore, empty for the whole tree; unmodifiable
         * @param target   the directory to write into, or null for the working tree
         * @param force    whether uncommitted work in the way may be overwritten
         * @param progress where progress is reported
         */
        public Request {
            paths = List.copyOf(paths);
        }
    }

    private final CommandExecutor<Request, RestoreResult> executor;
    private String revision = "HEAD";
    private final List<String> paths = new ArrayList<>();
    private Path target;
    private boolean force;
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#restore()}.
     *
     * @param executor runs the request when the command is called
     */
    public RestoreCommand(CommandExecutor<Request, RestoreResult> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The revision to restore (default HEAD).
     *
     * @param revision the revision
     * @return this command
     */
    public RestoreCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /**
     * A file or directory to restore, relative to the project root; none means the whole tree.
     *
     * @param path the path
     * @return this command
     */
    public RestoreCommand addPath(String path) {
        paths.add(Objects.requireNonNull(path, "path"));
        return this;
    }

    /**
     * Writes into {@code target} (created if absent, else it must be empty) instead of the working tree.
     *
     * @param target the directory, or null for the working tree
     * @return this command
     */
    public RestoreCommand setTarget(Path target) {
        this.target = target;
        return this;
    }

    /**
     * Overwrite or delete uncommitted work in the working tree instead of refusing.
     *
     * @param force whether to
     * @return this command
     */
    public RestoreCommand setForce(boolean force) {
        this.force = force;
        return this;
    }

    /**
     * Where the writing is reported (default: nowhere).
     *
     * @param progress the listener
     * @return this command
     */
    public RestoreCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    RestoreResult run() throws DamnitException {
        return executor.execute(new Request(revision, paths, target, force, progress));
    }
}
