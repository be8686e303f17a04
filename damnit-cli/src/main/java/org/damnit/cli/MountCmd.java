package org.damnit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mount", mixinStandardHelpOptions = true,
    description = {"Mount the repository read-only at DIR through FUSE: branches/NAME/, tags/NAME/ and commits/ID/,",
        "each the tree of that commit. Reads fetch only the chunks they touch. Runs until Ctrl-C or SIGTERM,",
        "then unmounts (after a kill -9: fusermount -u DIR)."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit mount /mnt/damnit &", "  samtools view /mnt/damnit/tags/v1.0/aln/A.bam chr1:1000-2000",
        "  md5sum /mnt/damnit/commits/*/aln/A.bam", ExitCodes.FOOTER})
final class MountCmd extends Subcommand {
    @Parameters(paramLabel = "DIR", description = "An existing empty directory.")
    Path dir;

    @Option(names = "--debug", description = "Print libfuse's trace of every call.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        Path mountPoint = root().workDir().resolve(dir).toAbsolutePath().normalize();
        Repository repo = root().open();
        try {
            String missing = fuseMissing();
            if (missing != null) {
                throw new org.damnit.DamnitException("FUSE is not available here: " + missing
                    + " (on Debian/Ubuntu: apt-get install fuse libfuse2)");
            }
            if (!Files.isDirectory(mountPoint)) {
                throw new IllegalArgumentException(dir + " is not a directory");
            }
            try (var entries = Files.list(mountPoint)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty");
                }
            }
        } catch (Exception e) {
            repo.close();
            throw e;
        }
        RepositoryFs fs = new RepositoryFs(repo);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread unmount = new Thread(() -> {
            fs.umount(); // fusermount -u -z: libfuse's loop then returns
            try {
                stopped.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "damnit-unmount");
        Runtime.getRuntime().addShutdownHook(unmount);
        try {
            out().println("Mounted " + repo.workTree() + " read-only at " + mountPoint + " (Ctrl-C unmounts)");
            out().flush();
            fs.mount(mountPoint, true, debug, RepositoryFs.OPTIONS);
        } catch (RuntimeException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(unmount);
            } catch (IllegalStateException exiting) {
                // already shutting down
            }
            throw new org.damnit.DamnitException("cannot mount at " + mountPoint + ": " + Main.message(e), e);
        } finally {
            fs.closeAll();
            stopped.countDown();
            repo.close();
        }
        return ExitCodes.OK;
    }

    /** Why FUSE cannot work here, or null if it can: the device, the mount helper and libfuse 2. */
    static String fuseMissing() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "/dev/fuse does not exist";
        }
        boolean helper = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            helper |= !d.isEmpty() && Files.isExecutable(Path.of(d, "fusermount"));
        }
        if (!helper) {
            return "the fusermount helper is not installed";
        }
        try {
            jnr.ffi.LibraryLoader.create(ru.serce.jnrfuse.LibFuse.class).failImmediately().load("fuse");
        } catch (LinkageError | RuntimeException e) {
            return "libfuse 2 (libfuse.so.2) cannot be loaded";
        }
        return null;
    }
}
