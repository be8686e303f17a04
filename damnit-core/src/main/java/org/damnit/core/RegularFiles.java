package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way DAMNIT opens a path for reading: only a regular file, never through a link. Opening a
 * FIFO blocks until a writer appears and a device may never end, so anything else is refused before
 * it is opened.
 */
final class RegularFiles {
    private RegularFiles() {
    }

    /** Thrown for a path that exists but is not a regular file (FIFO, socket, device, directory, link). */
    static final class NotRegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        NotRegularFileException(Path p, String kind) {
            super(p.toString(), null, "is a " + kind + ", not a regular file; refusing to read it");
        }
    }

    /** A channel reading {@code p}, which must be a regular file (checked before it is opened). */
    static FileChannel channel(Path p) throws IOException {
        check(p);
        return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    static InputStream open(Path p) throws IOException {
        return Channels.newInputStream(channel(p));
    }

    static byte[] readAllBytes(Path p) throws IOException {
        try (InputStream in = open(p)) {
            return in.readAllBytes();
        }
    }

    /** Whether {@code p} is a regular file (links not followed); false when absent. */
    static boolean isRegular(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static void check(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(p, a.isDirectory() ? "directory" : a.isSymbolicLink() ? "symbolic link"
                : "special file (FIFO, socket or device)");
        }
    }
}
