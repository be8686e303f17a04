package org.damnit.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.damnit.EntryType;
import org.damnit.ScanOrder;

/**
 * Walks a working tree without following symbolic links, skipping {@code .damnit} directories and
 * ignored paths. Depth-first yields a pre-order walk; breadth-first yields the tree level by level.
 * Within a directory, entries come in {@link Names#ORDER}. Both orders yield the same set.
 */
final class Scanner {
    static final String REPO_DIR = org.damnit.PathRules.REPO_DIR;

    /**
     * One path found by the scanner. {@code rel} is '/'-separated; the root itself is never reported.
     * {@code executable} is the owner-execute bit of a file (false where the file system has none).
     */
    record Found(String rel, Path path, EntryType type, BasicFileAttributes attrs, String linkTarget, boolean executable) {
        Found(String rel, Path path, EntryType type, BasicFileAttributes attrs, String linkTarget) {
            this(rel, path, type, attrs, linkTarget, attrs instanceof java.nio.file.attribute.PosixFileAttributes px
                && px.permissions().contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        }
    }

    /** Paths that are neither file, directory nor link (sockets, FIFOs, devices) are reported here. */
    interface SkipListener {
        void skipped(String rel, String why);
    }

    private final Path root;
    private final ScanOrder order;
    private final SkipListener skips;
    private final Consumer<Path> temporaries;

    private final boolean posix;

    Scanner(Path root, ScanOrder order, SkipListener skips) {
        this(root, order, skips, p -> { });
    }

    /** {@code temporaries} is told of each temporary file of DAMNIT's own, which is never reported as found. */
    Scanner(Path root, ScanOrder order, SkipListener skips, Consumer<Path> temporaries) {
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.root = root;
        this.order = order;
        this.skips = skips;
        this.temporaries = temporaries;
    }

    void scan(Consumer<Found> sink) throws IOException {
        IgnoreRules rootRules = IgnoreRules.EMPTY.enter(root, "");
        if (order == ScanOrder.DEPTH_FIRST) {
            emitDepthFirst(list(root, "", rootRules), rootRules, sink);
            return;
        }
        record Pending(Path dir, String rel, IgnoreRules rules) {
        }
        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(new Pending(root, "", rootRules));
        while (!queue.isEmpty()) {
            Pending p = queue.pollFirst();
            for (Found f : list(p.dir, p.rel, p.rules)) {
                sink.accept(f);
                if (f.type == EntryType.DIRECTORY) {
                    queue.addLast(new Pending(f.path, f.rel, p.rules.enter(f.path, f.rel)));
                }
            }
        }
    }

    private void emitDepthFirst(List<Found> top, IgnoreRules topRules, Consumer<Found> sink) throws IOException {
        record Frame(List<Found> items, int[] next, IgnoreRules rules) {
        }
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(top, new int[] {0}, topRules));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next[0] >= f.items.size()) {
                stack.pop();
                continue;
            }
            Found item = f.items.get(f.next[0]++);
            sink.accept(item);
            if (item.type == EntryType.DIRECTORY) {
                IgnoreRules r = f.rules.enter(item.path, item.rel);
                stack.push(new Frame(list(item.path, item.rel, r), new int[] {0}, r));
            }
        }
    }

    private List<Found> list(Path dir, String rel, IgnoreRules rules) throws IOException {
        record Named(Path path, String name) {
        }
        List<Named> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                entries.add(new Named(c, WorkTree.name(c))); // the name's bytes, whatever the locale
            }
        }
        entries.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        List<Found> out = new ArrayList<>(entries.size());
        for (Named n : entries) {
            Path c = n.path();
            String name = n.name();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (!Names.isValidName(name)) {
                skips.skipped(childRel, "name cannot be stored");
                continue;
            }
            BasicFileAttributes a;
            try {
                // one lstat for size, times, file key and permissions where the file system has them
                a = posix ? Files.readAttributes(c, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // deleted while scanning
            }
            if (a.isDirectory() && name.equals(REPO_DIR)) {
                continue;
            }
            if (a.isDirectory()) {
                if (!rules.isIgnored(childRel, true)) {
                    out.add(new Found(childRel, c, EntryType.DIRECTORY, a, null));
                }
            } else if (a.isSymbolicLink()) {
                if (!rules.isIgnored(childRel, false)) {
                    out.add(new Found(childRel, c, EntryType.SYMLINK, a, Files.readSymbolicLink(c).toString()));
                }
            } else if (a.isRegularFile()) {
                if (org.damnit.PathRules.isTemporary(name)) {
                    temporaries.accept(c);
                } else if (!rules.isIgnored(childRel, false)) {
                    out.add(new Found(childRel, c, EntryType.FILE, a, null));
                }
            } else if (!rules.isIgnored(childRel, false)) {
                skips.skipped(childRel, "not a regular file, directory or symbolic link");
            }
        }
        return out;
    }
}
