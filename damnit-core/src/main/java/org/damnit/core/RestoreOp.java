package org.damnit.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.damnit.BadPathException;
import org.damnit.Commit;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.RestoreCommand;
import org.damnit.RestoreResult;
import org.damnit.StorageException;
import org.damnit.UncommittedChangesException;

/**
 * Writes a revision's entries to disk. Every path component below the target root is checked to be a
 * real directory (never a link) before anything is created in it; files are written to a new temporary
 * file beside their destination and renamed over it, which replaces a link instead of writing through
 * it; links are created last.
 */
final class RestoreOp {
    private final RepoContext ctx;
    private final RestoreCommand.Request req;
    private java.util.concurrent.ExecutorService readers;
    private int window;
    /** KiB of heap the decoded chunks read ahead may hold. */
    private java.util.concurrent.Semaphore held;
    private int heldKiB;
    private long files;
    private long bytes;
    private long links;
    private long dirs;
    private long removed;

    RestoreOp(RepoContext ctx, RestoreCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    RestoreResult execute() throws DamnitException {
        ObjectId commitId = ctx.revisions().resolve(req.revision());
        Commit commit = ctx.trees().readCommit(commitId);
        List<String> wanted = new ArrayList<>();
        for (String p : req.paths()) {
            wanted.add(Names.normalize(p));
        }
        // into another directory, only the trees on the way to the wanted paths are read, so damage
        // elsewhere in the tree does not stop them
        LinkedHashMap<String, Node> all = req.target() != null && !wanted.isEmpty() && !wanted.contains("")
            ? ctx.trees().flatten(commit.tree(), wanted) : ctx.trees().flatten(commit.tree());
        List<String> scopes = new ArrayList<>();
        for (String p : req.paths()) {
            String n = Names.normalize(p);
            if (!n.isEmpty() && !all.containsKey(n)) {
                throw new BadPathException("'" + p + "' is not in revision " + req.revision() + " (" + commitId.abbreviate(12) + ")");
            }
            scopes.add(n);
        }
        if (scopes.isEmpty()) {
            scopes.add("");
        }
        if (all.containsKey(Scanner.REPO_DIR)) {
            throw new org.damnit.CorruptObjectException("revision " + req.revision() + " has an entry named " + Scanner.REPO_DIR
                + " at its root, which would overwrite the repository itself; refusing to restore it");
        }
        LinkedHashMap<String, Node> selected = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : all.entrySet()) {
            if (inScope(e.getKey(), scopes)) {
                selected.put(e.getKey(), e.getValue());
                if (org.damnit.PathRules.problem(e.getKey(), e.getValue().type() == EntryType.DIRECTORY) != null) {
                    throw new CorruptObjectException("revision " + req.revision() + " has a directory named " + Scanner.REPO_DIR
                        + " at " + Codec.printable(e.getKey()) + ", which would plant a repository; refusing to restore it");
                }
            }
        }

        Path root;
        List<String> toRemove = new ArrayList<>();
        if (req.target() != null) {
            root = prepareTarget(req.target());
        } else {
            root = ctx.paths().workTree();
            toRemove = checkWorkTree(selected, all, scopes);
        }

        req.progress().start("restoring", selected.values().stream().mapToLong(Node::size).sum());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        readers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "damnit-restore");
            t.setDaemon(true);
            return t;
        });
        window = 2 * threads;
        MemoryBudget budget = ctx.chunks().budget();
        heldKiB = (int) (Math.max(3L * ctx.config().chunkMax(), budget.heap / 2 - budget.baseCache) >> 10);
        held = new java.util.concurrent.Semaphore(heldKiB);
        try {
            for (String rel : toRemove) {
                Path p = root.resolve(rel);
                if (WorkTree.delete(root, rel)) {
                    removed++;
                }
            }
            List<Map.Entry<String, Node>> linksToMake = new ArrayList<>();
            for (Map.Entry<String, Node> e : selected.entrySet()) {
                String rel = e.getKey();
                Node n = e.getValue();
                switch (n.type()) {
                    case DIRECTORY -> directory(root, rel);
                    case FILE -> writeFile(root, rel, n);
                    case SYMLINK -> linksToMake.add(e);
                }
                req.progress().file(rel);
            }
            for (Map.Entry<String, Node> e : linksToMake) {
                makeLink(root, e.getKey(), e.getValue().target());
            }
        } catch (IOException e) {
            throw new StorageException("restore failed: " + e.getMessage(), e);
        } finally {
            readers.shutdownNow();
            req.progress().end();
        }
        return new RestoreResult(commitId, files, bytes, links, dirs, removed);
    }

    private int heldKiB(long chunkSize) {
        return (int) Math.max(1, Math.min(heldKiB, 2 * chunkSize >> 10));
    }

    private static boolean inScope(String path, List<String> scopes) {
        for (String s : scopes) {
            if (s.isEmpty() || path.equals(s) || path.startsWith(s + "/")) {
                return true;
            }
        }
        return false;
    }

    private Path prepareTarget(Path t) throws DamnitException {
        try {
            Path root = WorkTree.realTarget(t, ctx.paths().meta());
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(root)) {
                    throw new BadPathException(root + " exists and is not a directory");
                }
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                    if (ds.iterator().hasNext()) {
                        throw new BadPathException(root + " is not empty; restore --to needs an empty or new directory");
                    }
                }
            } else {
                Files.createDirectories(root);
            }
            Path real = root.toRealPath();
            if (!real.equals(root)) {
                throw new BadPathException(t + " changed while it was prepared (now " + real + ")");
            }
            return real;
        } catch (IOException e) {
            throw new StorageException("cannot prepare " + t + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds what restoring into the working tree would overwrite or delete that is not committed, and
     * returns the tracked paths to delete (those in HEAD and in scope, but not in the revision).
     */
    private List<String> checkWorkTree(Map<String, Node> selected, Map<String, Node> all, List<String> scopes)
        throws DamnitException {
        Path root = ctx.paths().workTree();
        Map<String, Node> head = ctx.trees().headEntries();
        StatIndex index = StatIndex.load(ctx.paths().statCache());
        List<String> conflicts = new ArrayList<>();
        List<String> toRemove = new ArrayList<>();
        // a file or link standing where the revision needs a directory on the way is replaced too
        java.util.Set<String> onTheWay = new java.util.LinkedHashSet<>();
        for (String rel : selected.keySet()) {
            for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
                onTheWay.add(rel.substring(0, i));
            }
        }
        for (String rel : onTheWay) {
            Scanner.Found w = found(root, rel);
            if (w != null && w.type() != EntryType.DIRECTORY && !unchangedSinceHead(w, head.get(rel), index)) {
                conflicts.add(rel);
            }
        }
        for (Map.Entry<String, Node> e : selected.entrySet()) {
            String rel = e.getKey();
            Scanner.Found w = found(root, rel);
            if (w == null) {
                continue;
            }
            Node want = e.getValue();
            if (want.type() == EntryType.DIRECTORY && w.type() == EntryType.DIRECTORY) {
                continue;
            }
            if (w.type() == EntryType.DIRECTORY) {
                if (hasUntracked(w.path(), rel, head)) {
                    conflicts.add(rel + "/");
                }
            } else if (!unchangedSinceHead(w, head.get(rel), index) && !WorkTree.matches(w, want, index)) {
                conflicts.add(rel);
            }
        }
        for (Map.Entry<String, Node> e : head.entrySet()) {
            String rel = e.getKey();
            if (all.containsKey(rel) || !inScope(rel, scopes) || e.getValue().type() == EntryType.DIRECTORY) {
                continue;
            }
            Scanner.Found w = found(root, rel);
            if (w == null) {
                continue;
            }
            if (!unchangedSinceHead(w, e.getValue(), index)) {
                conflicts.add(rel);
            } else {
                toRemove.add(rel);
            }
        }
        if (!conflicts.isEmpty() && !req.force()) {
            StringBuilder m = new StringBuilder("restore would overwrite or delete uncommitted changes in ")
                .append(conflicts.size()).append(" path(s); commit them first or use --force:");
            conflicts.stream().limit(20).forEach(c -> m.append("\n  ").append(c));
            if (conflicts.size() > 20) {
                m.append("\n  ...");
            }
            throw new UncommittedChangesException(m.toString());
        }
        return toRemove;
    }

    /** Whether the directory holds anything HEAD does not track (which replacing it would lose). */
    private static boolean hasUntracked(Path dir, String rel, Map<String, Node> head) throws DamnitException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> !head.containsKey(rel + "/" + dir.relativize(p).toString().replace('\\', '/'))
                && !p.equals(dir));
        } catch (IOException | java.io.UncheckedIOException e) {
            return true;
        }
    }

    private static boolean unchangedSinceHead(Scanner.Found w, Node h, StatIndex index) throws DamnitException {
        return h != null && WorkTree.matches(w, h, index);
    }

    /** The working-tree entry at {@code rel} if it exists and every parent is a real directory. */
    private static Scanner.Found found(Path root, String rel) throws DamnitException {
        try {
            if (!WorkTree.realParents(root, rel)) {
                return null;
            }
            Path p = WorkTree.resolve(root, rel);
            BasicFileAttributes a = WorkTree.attrs(p);
            if (a.isSymbolicLink()) {
                return new Scanner.Found(rel, p, EntryType.SYMLINK, a, Files.readSymbolicLink(p).toString());
            }
            if (a.isDirectory()) {
                return new Scanner.Found(rel, p, EntryType.DIRECTORY, a, null);
            }
            return new Scanner.Found(rel, p, EntryType.FILE, a, null);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new DamnitException(rel + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code rel} a real directory, creating missing components and replacing links or files. */
    private Path directory(Path root, String rel) throws IOException, DamnitException {
        Path cur = root;
        if (rel.isEmpty()) {
            return cur;
        }
        WorkTree.checkWritable(rel, true);
        for (String seg : rel.split("/")) {
            if (!Names.isValidName(seg)) {
                throw new BadPathException("refusing unsafe path component " + Codec.printable(seg) + " in " + rel);
            }
            cur = WorkTree.resolve(cur, seg);
            BasicFileAttributes a;
            try {
                a = WorkTree.attrs(cur);
            } catch (NoSuchFileException e) {
                Files.createDirectory(cur);
                dirs++;
                continue;
            }
            if (!a.isDirectory() || a.isSymbolicLink()) {
                Files.delete(cur); // a file or a link where the revision has a directory
                Files.createDirectory(cur);
                dirs++;
            }
        }
        return cur;
    }

    private void writeFile(Path root, String rel, Node n) throws IOException, DamnitException {
        Path parent = directory(root, Names.parentOf(rel));
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        Path dest = WorkTree.resolve(parent, name);
        WorkTree.checkWritable(rel, false);
        Path tmp = parent.resolve(org.damnit.PathRules.temporaryName());
        // the whole file's SHA-256 is the check of every byte written (the chunks' own are looked at
        // only to name a damaged one); MD5, recorded from the same bytes, is re-computed by verify --read-data
        Hasher h = Hasher.create(HashAlgorithm.SHA256);
        boolean done = false;
        // chunks are read, decoded and checked ahead in parallel, written in order
        java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> ahead = new java.util.ArrayDeque<>();
        int heldNow = 0; // KiB
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 FileContent content = new FileContent(ctx.chunks(), n, rel)) {
                OutputStream out = Channels.newOutputStream(ch);
                List<Node.Piece> pieces = n.pieces();
                int submitted = 0;
                // a containerised file is re-created in order, one piece after the other, each checked
                int depth = content.recreated() ? 1 : window;
                for (Node.Piece p : pieces) {
                    while (ahead.size() < depth && submitted < pieces.size()) {
                        // each chunk holds heap (its record and its bytes) until it is written
                        int kib = heldKiB(pieces.get(submitted).size());
                        if (ahead.isEmpty()) {
                            held.acquireUninterruptibly(kib); // nothing is held: at most a moment's wait
                        } else if (!held.tryAcquire(kib)) {
                            break;
                        }
                        heldNow += kib;
                        int index = submitted++;
                        ahead.add(depth == 1 ? java.util.concurrent.CompletableFuture.completedFuture(content.piece(index, null))
                            : readers.submit(() -> content.pieceForFile(index)));
                    }
                    byte[] data = await(ahead.poll());
                    if (data.length != p.size()) {
                        throw new CorruptObjectException("chunk " + p.id().abbreviate(12) + " of " + rel + " has "
                            + data.length + " bytes, the tree says " + p.size());
                    }
                    h.update(data);
                    out.write(data);
                    int kib = heldKiB(p.size());
                    held.release(kib);
                    heldNow -= kib;
                    bytes += data.length;
                    req.progress().advance(data.length);
                }
            }
            if (!h.finish().sha256().equals(n.sha256())) {
                for (Node.Piece p : n.pieces()) {
                    ctx.chunks().read(p.id()); // names the damaged chunk, if one is
                }
                throw new CorruptObjectException(rel + ": restored content does not match the recorded SHA-256");
            }
            setExecutable(tmp, n.executable());
            Files.setLastModifiedTime(tmp, FileTime.from(n.mtimeNanos(), TimeUnit.NANOSECONDS));
            try {
                BasicFileAttributes existing = WorkTree.attrs(dest);
                if (existing.isDirectory()) {
                    WorkTree.deleteRecursively(dest);
                }
            } catch (NoSuchFileException ignored) {
                // nothing there
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            files++;
        } finally {
            ahead.forEach(f -> f.cancel(false));
            held.release(heldNow); // what a failed file still held
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static byte[] await(java.util.concurrent.Future<byte[]> f) throws DamnitException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DamnitException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof DamnitException d) {
                throw d;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new StorageException("reading a chunk failed: " + e.getCause(), e.getCause());
        }
    }

    private void makeLink(Path root, String rel, String linkTarget) throws IOException, DamnitException {
        Path parent = directory(root, Names.parentOf(rel));
        Path dest = WorkTree.resolve(parent, rel.substring(rel.lastIndexOf('/') + 1));
        WorkTree.checkWritable(rel, false);
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            WorkTree.deleteRecursively(dest);
        }
        Files.createSymbolicLink(dest, dest.getFileSystem().getPath(linkTarget));
        links++;
    }

    static void setExecutable(Path p, boolean exec) throws IOException {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (exec) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            if (perms.contains(PosixFilePermission.GROUP_READ)) {
                perms.add(PosixFilePermission.GROUP_EXECUTE);
            }
            if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
            }
        } else {
            perms.remove(PosixFilePermission.OWNER_EXECUTE);
            perms.remove(PosixFilePermission.GROUP_EXECUTE);
            perms.remove(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(p, perms);
    }
}
