package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.ScanOrder;

/**
 * The working tree on disk: scanning it (errors turned into {@link DamnitException}s), comparing a path
 * with a committed entry, reading attributes and deleting without following links.
 */
final class WorkTree {
    private WorkTree() {
    }

    static List<Scanner.Found> scan(Path root, ScanOrder order) throws DamnitException {
        return scan(root, order, new ArrayList<>());
    }

    /** Scans, adding "PATH: reason" to {@code warnings} for each path skipped. */
    static List<Scanner.Found> scan(Path root, ScanOrder order, List<String> warnings) throws DamnitException {
        List<Scanner.Found> out = new ArrayList<>();
        try {
            new Scanner(root, order, (rel, why) -> warnings.add(rel + ": skipped, " + why)).scan(out::add);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DamnitException("permission denied while scanning " + e.getFile()
                + "; make it readable or add it to .damnitignore");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DamnitException("cannot scan " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Attributes without following links; POSIX ones (with permissions) where the file system has them. */
    static BasicFileAttributes attrs(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the working path has the same content, kind and executable bit as {@code h}. */
    static boolean matches(Scanner.Found f, Node h, StatIndex index) throws DamnitException {
        if (f.type() != h.type()) {
            return false;
        }
        if (f.type() == EntryType.SYMLINK) {
            return f.linkTarget().equals(h.target());
        }
        if (f.type() == EntryType.DIRECTORY) {
            return true; // its contents are compared path by path
        }
        if (!f.attrs().isRegularFile()) {
            return false; // a FIFO or device where a file was: never opened, never the same
        }
        boolean exec = f.executable();
        if (exec != h.executable() || f.attrs().size() != h.size()) {
            return false;
        }
        StatIndex.Stat s = index.get(f.rel());
        if (s != null && s.matches(f.attrs(), exec) && StatIndex.usable(s.node(), f.attrs().size())) {
            return s.node().sha256().equals(h.sha256());
        }
        return sha256(f.path(), f.rel()).equals(h.sha256());
    }

    static ObjectId sha256(Path p, String rel) throws DamnitException {
        try (InputStream in = RegularFiles.open(p)) {
            return Hasher.hash(in, HashAlgorithm.SHA256).sha256();
        } catch (IOException e) {
            throw new DamnitException(rel + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Deletes a file, a link (not its target) or a directory tree, never following links. */
    static void deleteRecursively(Path p) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
