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

    /**
     * libfuse options of every mount: read-only, reads of up to 128 KiB (the most libfuse 2 asks for), and
     * a missing name (htslib looks for A.bam.csi before A.bam.bai) remembered for a second, as refs are.
     */
    static final String[] OPTIONS = {"-o",
        "ro,fsname=damnit,subtype=damnit,default_permissions,max_read=131072,negative_timeout=1"};
    /** Paths whose content the kernel may hold in its page cache, kept for this many paths. */
    private static final int PAGE_CACHED_PATHS = 4096;

    private final Repository repo;
    private final Map<Long, Handle> open = new ConcurrentHashMap<>();
    /** Per mount path, the content (SHA-256) that the kernel's page cache holds for it. */
    private final LinkedHashMap<String, ObjectId> pageCached = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong handles = new AtomicLong();
    private final LongAdder closedChunks = new LongAdder();
    private final LongAdder readCalls = new LongAdder();
    /** Opens by the caching bits they returned to the kernel: none, {@code direct_io}, {@code keep_cache}. */
    private final LongAdder[] opensWith = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final long mountTime = System.currentTimeMillis() / 1000;
    private volatile Refs refs;
    private Reach reach;
    private final LinkedHashMap<ObjectId, Tree> trees = new LinkedHashMap<>(16, 0.75f, true);

    RepositoryFs(Repository repo) {
        this.repo = repo;
    }

    /** Chunk records read from the store so far for reads through the mount, delta bases included. */
    long chunksRead() {
        long n = closedChunks.sum();
        for (Handle h : open.values()) {
            n += h.file.chunksRead();
        }
        return n;
    }

    /** Reads the kernel has asked this file system for (those it served from its page cache are not counted). */
    long readCalls() {
        return readCalls.sum();
    }

    /**
     * Opens so far that returned the caching bits {@code bits} to the kernel, as they stand in the {@code
     * struct fuse_file_info} libfuse reads them from: 0 (the kernel drops the path's page cache), {@link
     * #DIRECT_IO} (reads bypass it) or {@link #KEEP_CACHE} (it is kept).
     */
    long opensWith(int bits) {
        return opensWith[bits].sum();
    }

    /** An open file and the mount path it was opened by. */
    private record Handle(String path, SeekableFile file) {
    }

    /** Branches and tags as of one moment. */
    private record Refs(long at, SortedMap<String, ObjectId> branches, SortedMap<String, ObjectId> tags) {
    }

    /** The commits that some tips reach, by full id. */
    private record Reach(List<ObjectId> tips, SortedMap<String, ObjectId> commits) {
    }

    private Refs refs() throws DamnitException {
        Refs r = refs;
        if (r == null || System.nanoTime() - r.at > REFS_TTL_NANOS) {
            synchronized (this) {
                r = refs;
                if (r == null || System.nanoTime() - r.at > REFS_TTL_NANOS) {
                    r = new Refs(System.nanoTime(), repo.branches(), repo.tags());
                    refs = r;
                }
            }
        }
        return r;
    }

    /** Every commit a branch or tag reaches; the history is walked again only when a tip has moved. */
    private SortedMap<String, ObjectId> commits(Refs r) throws DamnitException {
        List<ObjectId> tips = concat(r.branches().values(), r.tags().values());
        synchronized (this) {
            if (reach != null && reach.tips.equals(tips)) {
                return reach.commits;
            }
            SortedMap<String, ObjectId> c = new TreeMap<>();
            for (ObjectId tip : tips) {
                if (!c.containsKey(tip.toString())) {
                    for (Commit commit : repo.log().setRevision(tip.toString()).call()) {
                        c.put(commit.id().toString(), commit.id());
                    }
                }
            }
            reach = new Reach(tips, c);
            return c;
        }
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
            case "commits" -> commits(r);
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
            synchronized (pageCached) {
                opensWith[setCaching(fi, caching(path, n.entry.sha256()))].increment();
                open.put(fh, new Handle(path, f));
            }
            fi.fh.set(fh);
            return 0;
        } catch (DamnitException | RuntimeException e) {
            return failed("open " + path, e);
        }
    }

    /** How the kernel may cache an open file's pages. */
    private enum Caching {
        /** Keep what the page cache holds: the same content as at the last open of the path. */
        KEEP,
        /** Drop the page cache of the path first: its content changed (a branch moved). */
        DROP,
        /** Bypass the page cache: another open file of the path is still reading the content it had. */
        DIRECT
    }

    /**
     * The kernel keeps a page cache per path, not per commit, so a file whose content is unchanged since
     * its path was last opened keeps its cached pages (a BAM's header and index are read from memory on the
     * next {@code samtools} run), one whose content changed drops them, and one opened while the path's
     * earlier content is still open elsewhere bypasses them. Called under the lock of {@link #pageCached}.
     */
    private Caching caching(String path, ObjectId content) {
        for (Handle h : open.values()) {
            if (h.path.equals(path) && !h.file.entry().sha256().equals(content)) {
                return Caching.DIRECT;
            }
        }
        if (content.equals(pageCached.get(path))) {
            return Caching.KEEP;
        }
        pageCached.put(path, content);
        if (pageCached.size() > PAGE_CACHED_PATHS) {
            pageCached.remove(pageCached.keySet().iterator().next());
        }
        return Caching.DROP;
    }

    /** libfuse 2's {@code direct_io} and {@code keep_cache} bits of {@code struct fuse_file_info}. */
    static final int DIRECT_IO = 1;
    static final int KEEP_CACHE = 2;

    /**
     * Sets libfuse 2's {@code direct_io} (bit 0) and {@code keep_cache} (bit 1) in the bit-field word after
     * {@code writepage}, at offset 20 of {@code struct fuse_file_info} on 64-bit Linux (jnr-fuse does not name
     * them). Left alone, where the layout is another, the kernel drops the cache at every open.
     *
     * @return the two bits as they now stand in the struct
     */
    private static int setCaching(FuseFileInfo fi, Caching c) {
        if (fi.fh.offset() != 24) {
            return 0;
        }
        Pointer m = jnr.ffi.Struct.getMemory(fi);
        if (c != Caching.DROP) {
            m.putInt(20, m.getInt(20) | (c == Caching.KEEP ? KEEP_CACHE : DIRECT_IO));
        }
        return m.getInt(20) & (DIRECT_IO | KEEP_CACHE);
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        Handle h = open.get(fi.fh.get());
        if (h == null) {
            return -ErrorCodes.EBADF();
        }
        SeekableFile f = h.file;
        readCalls.increment();
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
        Handle h = open.remove(fi.fh.get());
        if (h != null) {
            SeekableFile f = h.file;
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
            Handle h = open.remove(fh);
            if (h != null) {
                SeekableFile f = h.file;
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
