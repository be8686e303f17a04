package org.damnit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.TreeEntry;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * A read-only FUSE view of a repository: {@code branches/NAME/}, {@code tags/NAME/} and
 * {@code commits/ID/}, each the tree of that commit. Reads go through {@link SeekableFile}, so a read
 * fetches only the chunks it overlaps; an open file stays on the commit it was opened at, whatever a
 * concurrent commit does to the branch. Branches and tags are looked up again at most every second.
 */
final class RepositoryFs extends FuseStubFS {
    private static final List<String> TOP = List.of("branches", "commits", "tags");
    private static final long REFS_TTL_NANOS = 1_000_000_000L;
    private static final int TREES_KEPT = 8;

    private final Repository repo;
    private final Map<Long, SeekableFile> open = new ConcurrentHashMap<>();
    private final AtomicLong handles = new AtomicLong();
    private final LongAdder closedChunks = new LongAdder();
    private final long mountTime = System.currentTimeMillis() / 1000;
    private volatile Refs refs;
    private final LinkedHashMap<ObjectId, Tree> trees = new LinkedHashMap<>(16, 0.75f, true);

    RepositoryFs(Repository repo) {
        this.repo = repo;
    }

    /** Chunk records read from the store so far for reads through the mount, delta bases included. */
    long chunksRead() {
        long n = closedChunks.sum();
        for (SeekableFile f : open.values()) {
            n += f.chunksRead();
        }
        return n;
    }

    /** Branches, tags and the commits they reach, as of one moment. */
    private record Refs(long at, SortedMap<String, ObjectId> branches, SortedMap<String, ObjectId> tags,
                        SortedMap<String, ObjectId> commits) {
    }

    private Refs refs() throws DamnitException {
        Refs r = refs;
        if (r == null || System.nanoTime() - r.at > REFS_TTL_NANOS) {
            synchronized (this) {
                r = refs;
                if (r == null || System.nanoTime() - r.at > REFS_TTL_NANOS) {
                    SortedMap<String, ObjectId> b = repo.branches();
                    SortedMap<String, ObjectId> t = repo.tags();
                    SortedMap<String, ObjectId> c = new TreeMap<>();
                    for (ObjectId tip : concat(b.values(), t.values())) {
                        if (!c.containsKey(tip.toString())) {
                            for (Commit commit : repo.log().setRevision(tip.toString()).call()) {
                                c.put(commit.id().toString(), commit.id());
                            }
                        }
                    }
                    r = new Refs(System.nanoTime(), b, t, c);
                    refs = r;
                }
            }
        }
        return r;
    }

    private static List<ObjectId> concat(java.util.Collection<ObjectId> a, java.util.Collection<ObjectId> b) {
        List<ObjectId> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** One commit's tree, indexed by path and by directory. */
    private static final class Tree {
        final Map<String, TreeEntry> entries = new HashMap<>();
        final Map<String, List<String>> children = new HashMap<>();
    }

    private Tree tree(ObjectId commit) throws DamnitException {
        synchronized (trees) {
            Tree t = trees.get(commit);
            if (t != null) {
                return t;
            }
        }
        Tree t = new Tree();
        t.children.put("", new ArrayList<>());
        for (TreeEntry e : repo.listTree(commit.toString())) {
            t.entries.put(e.path(), e);
            int slash = e.path().lastIndexOf('/');
            t.children.computeIfAbsent(slash < 0 ? "" : e.path().substring(0, slash), k -> new ArrayList<>())
                .add(e.path().substring(slash + 1));
            if (e.type() == EntryType.DIRECTORY) {
                t.children.computeIfAbsent(e.path(), k -> new ArrayList<>());
            }
        }
        synchronized (trees) {
            trees.put(commit, t);
            if (trees.size() > TREES_KEPT) {
                trees.remove(trees.keySet().iterator().next());
            }
        }
        return t;
    }

    /** What a mount path names: a fixed directory, a commit's root, or an entry inside a commit. */
    private record Node(List<String> listing, ObjectId commit, String path, TreeEntry entry) {
        boolean isDirectory() {
            return listing != null || (entry != null && entry.type() == EntryType.DIRECTORY) || (commit != null && path.isEmpty());
        }
    }

    /** The node at {@code fusePath}, or null if there is none. */
    private Node resolve(String fusePath) throws DamnitException {
        String[] parts = fusePath.equals("/") ? new String[0] : fusePath.substring(1).split("/");
        if (parts.length == 0) {
            return new Node(TOP, null, null, null);
        }
        Refs r = refs();
        SortedMap<String, ObjectId> names = switch (parts[0]) {
            case "branches" -> r.branches();
            case "tags" -> r.tags();
            case "commits" -> r.commits();
            default -> null;
        };
        if (names == null) {
            return null;
        }
        if (parts.length == 1) {
            return new Node(new ArrayList<>(names.keySet()), null, null, null);
        }
        ObjectId commit = names.get(parts[1]);
        if (commit == null && parts[0].equals("commits") && parts[1].matches("[0-9a-f]{64}")) {
            commit = committed(parts[1]); // a commit no branch or tag reaches any more
        }
        if (commit == null) {
            return null;
        }
        String path = String.join("/", java.util.Arrays.asList(parts).subList(2, parts.length));
        if (path.isEmpty()) {
            return new Node(null, commit, "", null);
        }
        TreeEntry e = tree(commit).entries.get(path);
        return e == null ? null : new Node(null, commit, path, e);
    }

    private ObjectId committed(String hex) {
        try {
            ObjectId id = repo.resolve(hex);
            repo.readCommit(id);
            return id;
        } catch (DamnitException notACommit) {
            return null;
        }
    }

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            Node n = resolve(path);
            if (n == null) {
                return -ErrorCodes.ENOENT();
            }
            long time = mountTime;
            if (n.isDirectory()) {
                stat.st_mode.set(FileStat.S_IFDIR | 0555);
                stat.st_nlink.set(2);
            } else if (n.entry.type() == EntryType.SYMLINK) {
                stat.st_mode.set(FileStat.S_IFLNK | 0777);
                stat.st_nlink.set(1);
                stat.st_size.set(n.entry.linkTarget().getBytes(StandardCharsets.UTF_8).length);
            } else {
                stat.st_mode.set(FileStat.S_IFREG | (n.entry.executable() ? 0555 : 0444));
                stat.st_nlink.set(1);
                stat.st_size.set(n.entry.size());
                stat.st_blocks.set((n.entry.size() + 511) / 512);
                if (n.entry.modified() != null) {
                    time = n.entry.modified().getEpochSecond();
                    stat.st_mtim.tv_nsec.set(n.entry.modified().getNano());
                }
            }
            stat.st_mtim.tv_sec.set(time);
            stat.st_ctim.tv_sec.set(time);
            stat.st_atim.tv_sec.set(time);
            stat.st_uid.set(getContext().uid.get());
            stat.st_gid.set(getContext().gid.get());
            return 0;
        } catch (DamnitException | RuntimeException e) {
            return failed("stat " + path, e);
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        try {
            Node n = resolve(path);
            if (n == null) {
                return -ErrorCodes.ENOENT();
            }
            if (!n.isDirectory()) {
                return -ErrorCodes.ENOTDIR();
            }
            List<String> names = n.listing != null ? n.listing : tree(n.commit).children.getOrDefault(n.path, List.of());
            filter.apply(buf, ".", null, 0);
            filter.apply(buf, "..", null, 0);
            for (String name : names) {
                if (filter.apply(buf, name, null, 0) != 0) {
                    break;
                }
            }
            return 0;
        } catch (DamnitException | RuntimeException e) {
            return failed("list " + path, e);
        }
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        try {
            Node n = resolve(path);
            if (n == null || n.entry == null || n.entry.type() != EntryType.SYMLINK) {
                return -ErrorCodes.EINVAL();
            }
            byte[] target = n.entry.linkTarget().getBytes(StandardCharsets.UTF_8);
            int len = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, len);
            buf.putByte(len, (byte) 0);
            return 0;
        } catch (DamnitException | RuntimeException e) {
            return failed("readlink " + path, e);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        try {
            if ((fi.flags.get() & 3) != 0) { // O_WRONLY or O_RDWR
                return -ErrorCodes.EROFS();
            }
            Node n = resolve(path);
            if (n == null) {
                return -ErrorCodes.ENOENT();
            }
            if (n.entry == null || n.entry.type() != EntryType.FILE) {
                return -ErrorCodes.EISDIR();
            }
            SeekableFile f = repo.openSeekable(n.commit.toString(), n.path);
            long fh = handles.incrementAndGet();
            open.put(fh, f);
            fi.fh.set(fh);
            return 0;
        } catch (DamnitException | RuntimeException e) {
            return failed("open " + path, e);
        }
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        SeekableFile f = open.get(fi.fh.get());
        if (f == null) {
            return -ErrorCodes.EBADF();
        }
        try {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE));
            int n = f.read(offset, b);
            if (n <= 0) {
                return 0;
            }
            buf.put(0, b.array(), 0, n);
            return n;
        } catch (IOException | RuntimeException e) {
            return failed("read " + path + " at " + offset, e);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        SeekableFile f = open.remove(fi.fh.get());
        if (f != null) {
            closedChunks.add(f.chunksRead());
            try {
                f.close();
            } catch (IOException ignored) {
                // nothing to flush: read-only
            }
        }
        return 0;
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        stbuf.f_bsize.set(4096);
        stbuf.f_frsize.set(4096);
        stbuf.f_namemax.set(255);
        return 0;
    }

    /** Reports a failure once per kind on stderr (never a stack trace) and answers EIO. */
    private int failed(String what, Exception e) {
        System.err.println("damnit mount: " + what + ": " + Main.message(e));
        return -ErrorCodes.EIO();
    }

    /** Closes files left open (the kernel releases them on unmount, but not after a forced one). */
    void closeAll() {
        for (Long fh : List.copyOf(open.keySet())) {
            SeekableFile f = open.remove(fh);
            if (f != null) {
                closedChunks.add(f.chunksRead());
                try {
                    f.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }
}
