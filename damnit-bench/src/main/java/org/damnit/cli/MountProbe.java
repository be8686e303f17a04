package org.damnit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.Repository;

/** For benchmarks: the FUSE view of {@code damnit mount}, in-process, with its count of chunk records read. */
public final class MountProbe implements AutoCloseable {
    private final RepositoryFs fs;
    private final Path dir;

    private MountProbe(RepositoryFs fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

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

    public long chunksRead() {
        return fs.chunksRead();
    }

    @Override
    public void close() {
        fs.umount();
        fs.closeAll();
    }
}
