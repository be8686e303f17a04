package org.damnit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.Repository;

/**
 * Not API: the one door into the mount for {@code damnit-bench}, which measures how many chunk records
 * reads through the kernel's FUSE cost. Mounts the view of {@code damnit mount} in this process, read-only.
 * It may change or go in any release.
 */
public final class MountProbe implements AutoCloseable {
    private final RepositoryFs fs;
    private final Path dir;

    private MountProbe(RepositoryFs fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    /**
     * Mounts {@code repo} on {@code dir} and waits (up to 10 s) until the kernel lists the mount.
     *
     * @param repo the repository to show
     * @param dir  an empty directory
     * @return the mount; closing it unmounts
     * @throws IllegalStateException if FUSE is missing here
     * @throws Exception             if the mount fails
     */
    public static MountProbe mount(Repository repo, Path dir) throws Exception {
        String missing = MountCmd.fuseMissing();
        if (missing != null) {
            throw new IllegalStateException("FUSE: " + missing);
        }
        RepositoryFs fs = new RepositoryFs(repo);
        fs.mount(dir, false, false, RepositoryFs.OPTIONS);
        for (int i = 0; i < 200 && !Files.readString(Path.of("/proc/mounts")).contains(" " + dir + " "); i++) {
            Thread.sleep(50);
        }
        return new MountProbe(fs, dir);
    }

    /**
     * Chunk records the mounted files fetched so far, open and closed ones.
     *
     * @return the count
     */
    public long chunksRead() {
        return fs.chunksRead();
    }

    /** Unmounts and closes every open file. */
    @Override
    public void close() {
        fs.umount();
        fs.closeAll();
    }
}
