package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.damnit.BadPathException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.PathRules;
import org.damnit.ScanOrder;

/**
 * The working tree on disk: scanning it (errors turned into {@link DamnitException}s), comparing a path
 * with a committed entry, reading attributes, and the one place that decides whether a path in it, or
 * a target outside it, is safe to write or delete. Writes and deletes go only through real directories
 * (a link on the way stops them, it is never followed), never into any {@code .damnit}, and a target
 * given by the user is judged by its real path.
 */
final class WorkTree {
    private WorkTree() {
    }

    static List<Scanner.Found> scan(Path root, ScanOrder order) throws DamnitException {
        return scan(root, order, new ArrayList<>());
    }

    /**
     * Scans, adding "PATH: reason" to {@code warnings} for each path skipped. Temporary files of DAMNIT's
     * own are never reported; those whose writer is gone are deleted.
     */
    static List<Scanner.Found> scan(Path root, ScanOrder order, List<String> warnings) throws DamnitException {
        List<Scanner.Found> out = new ArrayList<>();
        try {
            new Scanner(root, order, (rel, why) -> warnings.add(rel + ": skipped, " + why), WorkTree::cleanLeftover)
                .scan(out::add);
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

    private static final boolean UTF8_NAMES = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /**
     * The name of a path found in a directory, exactly as its bytes (see {@link Names}), whatever the
     * locale: where the JDK's decoding lost something, the bytes are read from the path's URI.
     */
    static String name(Path p) {
        String s = p.getFileName().toString();
        if (s.indexOf('\uFFFD') < 0 || p.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            return s;
        }
        String raw = p.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        raw = raw.substring(raw.lastIndexOf('/') + 1);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                b.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.write(c);
            }
        }
        return Names.fromBytes(b.toByteArray());
    }

    /**
     * {@code rel} below {@code dir} as a path whose name bytes are exactly those {@code rel} stands for,
     * whatever the locale (names the JDK cannot encode go through a {@code file:} URI, which carries bytes).
     */
    static Path resolve(Path dir, String rel) {
        if (rel.isEmpty() || dir.getFileSystem() != java.nio.file.FileSystems.getDefault()
            || (UTF8_NAMES ? !Names.hasEscapedBytes(rel) : rel.chars().allMatch(c -> c < 0x80))) {
            return dir.resolve(rel);
        }
        StringBuilder u = new StringBuilder(dir.toAbsolutePath().toUri().toString());
        if (u.charAt(u.length() - 1) != '/') {
            u.append('/');
        }
        for (byte x : Names.toBytes(rel)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                u.append((char) c);
            } else {
                u.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return Path.of(java.net.URI.create(u.toString()));
    }

    /** Deletes a temporary file of DAMNIT's own whose writer is gone (best effort: it is never committed anyway). */
    static void cleanLeftover(Path tmp) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis();
            if (PathRules.isLeftover(tmp.getFileName().toString(), age)) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | SecurityException ignored) {
            // a read-only tree, or gone already
        }
    }

    /** Refuses to write a file (or, with {@code directory}, a directory) at {@code rel}: see {@link PathRules#problem}. */
    static void checkWritable(String rel, boolean directory) throws BadPathException {
        String problem = PathRules.problem(rel, directory);
        if (problem != null) {
            throw new BadPathException(problem);
        }
    }

    /** Whether every parent of {@code rel} below {@code root} is an existing real directory, not a link. */
    static boolean realParents(Path root, String rel) throws IOException {
        Path cur = root;
        String[] segs = rel.split("/");
        for (int i = 0; i < segs.length - 1; i++) {
            cur = resolve(cur, segs[i]);
            try {
                if (!attrs(cur).isDirectory()) {
                    return false;
                }
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes {@code rel} below {@code root} (a file, a link but not what it points to, or a directory
     * tree) if it exists and every parent is a real directory; returns whether it did.
     */
    static boolean delete(Path root, String rel) throws IOException, BadPathException {
        checkWritable(rel, false);
        if (rel.isEmpty() || !realParents(root, rel)) {
            return false;
        }
        Path p = resolve(root, rel);
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        deleteRecursively(p);
        return true;
    }

    /** Deletes the directory {@code rel} if it is a real, empty directory; returns whether it did. */
    static boolean deleteIfEmpty(Path root, String rel) throws IOException {
        if (rel.isEmpty() || !realParents(root, rel)) {
            return false;
        }
        Path p = resolve(root, rel);
        try {
            if (!attrs(p).isDirectory()) {
                return false;
            }
            Files.delete(p);
            return true;
        } catch (NoSuchFileException | DirectoryNotEmptyException e) {
            return false;
        }
    }

    /**
     * The real path {@code target} stands for: its longest existing ancestor with every link resolved,
     * plus the components not yet created. Refused if that is inside any {@code .damnit} directory, or
     * inside {@code repoDir} (wherever links make it live).
     */
    static Path realTarget(Path target, Path repoDir) throws IOException, BadPathException {
        Path abs = target.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Path real = existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        for (Path part : real) {
            if (part.toString().equals(PathRules.REPO_DIR)) {
                throw new BadPathException(target + " is inside a repository's own directory (" + real + ")");
            }
        }
        if (repoDir != null && Files.exists(repoDir) && real.startsWith(repoDir.toRealPath())) {
            throw new BadPathException(target + " is inside the repository's own directory (" + real + ")");
        }
        return real;
    }
}
