package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.damnit.BadPathException;
import org.damnit.Commit;
import org.damnit.CommitCommand;
import org.damnit.ConfigException;
import org.damnit.DamnitException;
import org.damnit.DiffCommand;
import org.damnit.EntryType;
import org.damnit.FileVersion;
import org.damnit.FindCommand;
import org.damnit.GcCommand;
import org.damnit.LogCommand;
import org.damnit.NotARepositoryException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.RepositoryExistsException;
import org.damnit.RestoreCommand;
import org.damnit.RevertCommand;
import org.damnit.SeekableFile;
import org.damnit.StatusCommand;
import org.damnit.StorageException;
import org.damnit.Summary;
import org.damnit.TransferCommand;
import org.damnit.TreeEntry;
import org.damnit.VerifyCommand;
import org.damnit.store.Store;
import org.damnit.store.Stores;

/**
 * A repository whose working tree is on the local file system: opens the store, wires the parts into
 * one {@link RepoContext}, and hands each verb to the operation or part that does it.
 */
final class LocalRepository implements Repository {
    static final String DEFAULT_BRANCH = "main";
    private final RepoContext ctx;
    private final NamedRefs named;
    private final Metadata metadata;
    private final History history;

    private LocalRepository(Path workTree, Config config, Store store) {
        RepoPaths paths = new RepoPaths(workTree);
        ObjectDb db = new ObjectDb(store, config.compressionLevel());
        ChunkStore chunks = new ChunkStore(store, paths.cache(), paths.tmp(), config.packSize(),
            new ChunkEncoder.Settings(config.deltas(), config.bsdiff(), config.compressionLevel(), config.contentCodecs()),
            MemoryBudget.forHeap(config.chunkMax()));
        Refs refs = new Refs(store, paths.head());
        Trees trees = new Trees(db, refs);
        chunks.referencesFrom(refs, trees);
        ConfigFile configFile = new ConfigFile(paths.config(), config);
        this.ctx = new RepoContext(paths, configFile, store, db, chunks, refs, trees, new Revisions(store, refs, trees),
            new Remotes(configFile), this);
        this.named = new NamedRefs(ctx);
        this.metadata = new Metadata(ctx);
        this.history = new History(ctx);
    }

    static LocalRepository init(Path projectDir, URI storeUri) throws DamnitException {
        Path root = projectDir.toAbsolutePath().normalize();
        try {
            WorkTree.realTarget(root, null); // never a repository inside another's own directory
        } catch (IOException e) {
            throw new StorageException("cannot create a repository in " + root + ": " + e.getMessage(), e);
        }
        Path meta = root.resolve(Scanner.REPO_DIR);
        if (Files.exists(meta.resolve("config"), LinkOption.NOFOLLOW_LINKS)) {
            throw new RepositoryExistsException("a DAMNIT repository already exists in " + root);
        }
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
            throw new BadPathException(root + " exists and is not a directory");
        }
        Config config = Config.defaults(storeUri == null ? "local" : storeUri.toString());
        boolean created = !Files.exists(meta, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.createDirectories(meta);
            Store store = openStore(meta, config.store(), true);
            Files.writeString(meta.resolve("HEAD"), "ref: " + Refs.HEADS + DEFAULT_BRANCH + "\n", StandardCharsets.UTF_8);
            config.save(meta.resolve("config")); // last: a config marks a complete repository
            return new LocalRepository(root, config, store);
        } catch (IOException e) {
            if (created) {
                try {
                    WorkTree.deleteRecursively(meta); // leave no half-made repository behind
                } catch (IOException ignored) {
                    // the error below is what matters
                }
            }
            throw new StorageException("cannot create a repository in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Opens the repository at {@code dir} or the nearest parent directory that holds one. */
    static LocalRepository open(Path dir) throws DamnitException {
        Path start = dir.toAbsolutePath().normalize();
        if (!Files.exists(start)) {
            throw new NotARepositoryException(start + " does not exist");
        }
        for (Path p = start; p != null; p = p.getParent()) {
            Path meta = p.resolve(Scanner.REPO_DIR);
            if (Files.isDirectory(meta, LinkOption.NOFOLLOW_LINKS)) {
                Config config = Config.load(meta.resolve("config"));
                try {
                    return new LocalRepository(p, config, openStore(meta, config.store(), false));
                } catch (IOException e) {
                    throw new StorageException("cannot open the store of " + p + " (" + config.store() + "): "
                        + e.getMessage(), e);
                }
            }
        }
        throw new NotARepositoryException(start + " is not in a DAMNIT repository (run 'damnit init' first)");
    }

    /** Reads of a network store go through a local cache of this size. */
    static final long READ_CACHE_BYTES = 20L << 30;

    private static Store openStore(Path meta, String spec, boolean create) throws IOException, ConfigException {
        if (spec.equals("local")) {
            return new FileStore(meta.resolve("store"), create);
        }
        URI uri;
        try {
            uri = URI.create(spec);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad store URI in config: " + spec);
        }
        Store s = Stores.open(uri, create);
        try {
            WritePolicy.check(s, spec);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        if (s.capabilities().localReads()) {
            return s;
        }
        return new CachingStore(s, meta.resolve("cache").resolve("objects"), READ_CACHE_BYTES);
    }

    RepoContext context() {
        return ctx;
    }

    // conveniences for tests and benchmarks
    ChunkStore chunks() {
        return ctx.chunks();
    }

    Store store() {
        return ctx.store();
    }

    ObjectDb db() {
        return ctx.db();
    }

    Config config() {
        return ctx.config();
    }

    // ---- commands ----

    @Override
    public Path workTree() {
        return ctx.paths().workTree();
    }

    @Override
    public CommitCommand commit() {
        return new CommitCommand(req -> new CommitOp(ctx, req).execute());
    }

    @Override
    public StatusCommand status() {
        return new StatusCommand(req -> new StatusOp(ctx, req).execute());
    }

    @Override
    public LogCommand log() {
        return new LogCommand(req -> new LogOp(ctx, req).execute());
    }

    @Override
    public RestoreCommand restore() {
        return new RestoreCommand(req -> new RestoreOp(ctx, req).execute());
    }

    @Override
    public VerifyCommand verify() {
        return new VerifyCommand(req -> new VerifyOp(ctx, req).execute());
    }

    @Override
    public DiffCommand diff() {
        return new DiffCommand(req -> new DiffOp(ctx, req).execute());
    }

    @Override
    public FindCommand find() {
        return new FindCommand(req -> new FindOp(ctx, req).execute());
    }

    @Override
    public GcCommand gc() {
        return new GcCommand(req -> new GcOp(ctx, req).execute());
    }

    @Override
    public org.damnit.RepackCommand repack() {
        return new org.damnit.RepackCommand(req -> new RepackOp(ctx, req).execute());
    }

    @Override
    public TransferCommand push() {
        return new TransferCommand(req -> new TransferOp(ctx, TransferOp.Mode.PUSH, req).execute());
    }

    @Override
    public TransferCommand fetch() {
        return new TransferCommand(req -> new TransferOp(ctx, TransferOp.Mode.FETCH, req).execute());
    }

    @Override
    public TransferCommand pull() {
        return new TransferCommand(req -> new TransferOp(ctx, TransferOp.Mode.PULL, req).execute());
    }

    @Override
    public RevertCommand revert() {
        return new RevertCommand(new RevertOp(ctx)::execute);
    }

    // ---- remotes, tags, branches, metadata ----

    @Override
    public Map<String, URI> remotes() {
        return ctx.remotes().all();
    }

    @Override
    public void addRemote(String name, URI uri) throws DamnitException {
        ctx.remotes().add(name, uri);
    }

    @Override
    public boolean removeRemote(String name) throws DamnitException {
        return ctx.remotes().remove(name);
    }

    @Override
    public ObjectId createTag(String name, String revision) throws DamnitException {
        return named.createTag(name, revision);
    }

    @Override
    public SortedMap<String, ObjectId> tags() throws DamnitException {
        return named.tags();
    }

    @Override
    public boolean deleteTag(String name) throws DamnitException {
        return named.deleteTag(name);
    }

    @Override
    public ObjectId createBranch(String name, String revision) throws DamnitException {
        return named.createBranch(name, revision);
    }

    @Override
    public SortedMap<String, ObjectId> branches() throws DamnitException {
        return named.branches();
    }

    @Override
    public boolean deleteBranch(String name) throws DamnitException {
        return named.deleteBranch(name);
    }

    @Override
    public synchronized void switchBranch(String name) throws DamnitException {
        named.switchBranch(name);
    }

    @Override
    public synchronized void setMetadata(String path, Map<String, String> values) throws DamnitException {
        metadata.set(path, values);
    }

    @Override
    public Map<String, String> metadata(String revision, String path) throws DamnitException {
        return metadata.get(revision, path);
    }

    // ---- reading ----

    @Override
    public String currentBranch() throws DamnitException {
        return ctx.refs().currentBranch();
    }

    @Override
    public Optional<ObjectId> head() throws DamnitException {
        return ctx.refs().head();
    }

    @Override
    public ObjectId resolve(String revision) throws DamnitException {
        return ctx.revisions().resolve(revision);
    }

    @Override
    public Commit readCommit(ObjectId id) throws DamnitException {
        return ctx.trees().readCommit(id);
    }

    @Override
    public List<TreeEntry> listTree(String revision) throws DamnitException {
        Commit c = readCommit(resolve(revision));
        List<TreeEntry> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : ctx.trees().flatten(c.tree()).entrySet()) {
            out.add(Trees.toEntry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The node at a normalized path of a revision; null if absent. */
    private Node node(String revision, String p) throws DamnitException {
        return p.isEmpty() ? null : ctx.trees().lookup(readCommit(resolve(revision)).tree(), p);
    }

    @Override
    public Optional<TreeEntry> entry(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        Node n = node(revision, p);
        return n == null ? Optional.empty() : Optional.of(Trees.toEntry(p, n));
    }

    private Node file(String revision, String path, String p) throws DamnitException {
        Node n = node(revision, p);
        if (n == null || n.type() != EntryType.FILE) {
            throw new BadPathException("revision " + revision + " has no file '" + path + "'");
        }
        return n;
    }

    @Override
    public java.io.InputStream openFile(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        return new FileStream(ctx.chunks(), file(revision, path, p), p);
    }

    @Override
    public SeekableFile openSeekable(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        return new ChunkedFile(ctx.chunks(), file(revision, path, p), p);
    }

    @Override
    public List<FileVersion> history(String revision, String path) throws DamnitException {
        return history.of(revision, path);
    }

    @Override
    public Summary summary(String revision) throws DamnitException {
        return history.summary(revision);
    }

    @Override
    public void close() throws DamnitException {
        ctx.chunks().close();
        try {
            ctx.store().close();
        } catch (IOException e) {
            throw new StorageException("closing the store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Repository[" + workTree() + "]";
    }
}
