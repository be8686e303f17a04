package org.damnit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * Restore never writes through a symbolic link, wherever the link comes from.
 */
public abstract class RestoreCommand extends Command<RestoreResult> {
    protected String revision = "HEAD";
    protected final List<String> paths = new ArrayList<>();
    protected Path target;
    protected boolean force;
    protected ProgressListener progress = ProgressListener.NONE;

    public RestoreCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /** A file or directory to restore, relative to the project root; none means the whole tree. */
    public RestoreCommand addPath(String path) {
        paths.add(Objects.requireNonNull(path, "path"));
        return this;
    }

    public RestoreCommand setTarget(Path target) {
        this.target = target;
        return this;
    }

    public RestoreCommand setForce(boolean force) {
        this.force = force;
        return this;
    }

    public RestoreCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    protected abstract RestoreResult execute() throws DamnitException;
}
