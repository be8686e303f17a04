package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Stream;
import org.damnit.BadPathException;
import org.damnit.Commit;
import org.damnit.CommitCommand;
import org.damnit.ConfigException;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.LogCommand;
import org.damnit.NotARepositoryException;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.Repository;
import org.damnit.RepositoryExistsException;
import org.damnit.RestoreCommand;
import org.damnit.RevisionNotFoundException;
import org.damnit.StatusCommand;
import org.damnit.StorageException;
import org.damnit.CommitResult;
import org.damnit.DiffCommand;
import org.damnit.FileStatus;
import org.damnit.TransferCommand;
import org.damnit.TreeEntry;
import org.damnit.VerifyCommand;
import org.damnit.store.Store;
import org.damnit.store.StoreKeys;
import org.damnit.store.Stores;

/** A repository whose working tree is on the local file system. */
final class LocalRepository implements Repository {
    static final String DEFAULT_BRANCH = "main";
    private final Path workTree;
    private final Path meta;
    private volatile Config config;
    private final Store store;
    private final ObjectDb db;
    private final ChunkStore chunks;

    private LocalRepository(Path workTree, Config config, Store store) {
        this.workTree = workTree;
        this.meta = workTree.resolve(Scanner.REPO_DIR);
        this.config = config;
        this.store = store;
        this.db = new ObjectDb(store, config.compressionLevel());
        this.chunks = new ChunkStore(store, meta.resolve("cache"), meta.resolve("tmp"), config.packSize(),
            new ChunkEncoder.Settings(config.deltas(), config.bsdiff(), config.compressionLevel()));
    }

    static LocalRepository init(Path projectDir, URI storeUri) throws DamnitException {
        Path root = projectDir.toAbsolutePath().normalize();
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
            Files.writeString(meta.resolve("HEAD"), "ref: heads/" + DEFAULT_BRANCH + "\n", StandardCharsets.UTF_8);
            config.save(meta.resolve("config")); // last: a config marks a complete repository
            return new LocalRepository(root, config, store);
        } catch (IOException e) {
            if (created) {
                try {
                    RestoreOp.deleteRecursively(meta); // leave no half-made repository behind
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

    // ---- accessors used by the commands ----

    ObjectDb db() {
        return db;
    }

    ChunkStore chunks() {
        return chunks;
    }

    Store store() {
        return store;
    }

    // ---- diff and revert ----

    @Override
    public DiffCommand diff() {
        return new DiffOp(this);
    }

    @Override
    public org.damnit.FindCommand find() {
        return new FindOp(this);
    }

    Path cacheDir() {
        return meta.resolve("cache");
    }

    @Override
    public Commit revert(String revision, java.util.List<String> paths, String message) throws DamnitException {
        ObjectId target = resolve(revision);
        java.util.List<FileStatus> changes = status().call();
        if (!changes.isEmpty()) {
            throw new org.damnit.UncommittedChangesException("uncommitted changes in the working tree ("
                + changes.get(0).path() + ", ...); commit them first, so that the revert commit holds only the revert");
        }
        RestoreCommand r = restore().setRevision(target.toHex()).setForce(true);
        Map<String, Node> at = flatten(readCommit(target).tree());
        java.util.List<String> absent = new java.util.ArrayList<>();
        for (String p : paths) {
            String n = Names.normalize(p);
            if (n.isEmpty() || at.containsKey(n)) {
                r.addPath(n);
            } else {
                absent.add(n); // not in that revision: reverting means removing it
            }
        }
        if (paths.isEmpty() || paths.size() > absent.size()) {
            r.call();
        }
        for (String n : absent) {
            Path p = workTree.resolve(n);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadPathException("'" + n + "' is neither in revision " + revision + " nor in the working tree");
            }
            try {
                RestoreOp.deleteRecursively(p);
            } catch (IOException e) {
                throw new StorageException("cannot remove " + n + ": " + e.getMessage(), e);
            }
        }
        String what = paths.isEmpty() ? "the whole tree" : String.join(", ", paths);
        String msg = message != null ? message : "Revert " + what + " to " + revision + " (" + target.abbreviate(12) + ")";
        CommitResult c = commit().setMessage(msg).call();
        return c.commit().orElseThrow(() -> new org.damnit.RefusedException(what + " is already as it was at " + revision
            + "; nothing to revert"));
    }

    // ---- tags and branches ----

    /** The ref for a tag ("tags/") or branch ("heads/") name, which must be a valid key and not look like an option. */
    private static String namedRef(String prefix, String what, String name) throws BadPathException {
        if (!StoreKeys.isValid(prefix + name) || name.startsWith("-")) {
            throw new BadPathException("bad " + what + " name '" + name + "': use letters, digits, '.', '_', '-' and '/'");
        }
        return prefix + name;
    }

    /** Creates {@code ref} at {@code revision}; an existing ref is an error that ends with {@code hint}. */
    private ObjectId createRef(String ref, String what, String name, String revision, String hint) throws DamnitException {
        ObjectId id = resolve(revision);
        readCommit(id);
        if (!updateRef(ref, Optional.empty(), id)) {
            throw new org.damnit.AlreadyExistsException(what + " " + name + " exists already (at " + readRef(ref).map(o -> o.abbreviate(12))
                .orElse("?") + ")" + hint);
        }
        return id;
    }

    private java.util.SortedMap<String, ObjectId> refsUnder(String prefix) throws DamnitException {
        java.util.SortedMap<String, ObjectId> out = new java.util.TreeMap<>();
        for (String ref : listRefs(prefix)) {
            readRef(ref).ifPresent(v -> out.put(ref.substring(prefix.length()), v));
        }
        return out;
    }

    private boolean deleteRef(String ref, String what) throws DamnitException {
        Optional<ObjectId> cur = readRef(ref);
        if (cur.isEmpty()) {
            return false;
        }
        try {
            return store.compareAndSetRef(ref, cur.map(ObjectId::toHex), Optional.empty());
        } catch (IOException e) {
            throw new StorageException("cannot delete " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectId createTag(String name, String revision) throws DamnitException {
        return createRef(namedRef("tags/", "tag", name), "tag", name, revision, "; tags do not move: delete it first");
    }

    @Override
    public java.util.SortedMap<String, ObjectId> tags() throws DamnitException {
        return refsUnder("tags/");
    }

    @Override
    public boolean deleteTag(String name) throws DamnitException {
        return deleteRef(namedRef("tags/", "tag", name), "tag " + name);
    }

    private static String branchRef(String name) throws BadPathException {
        return namedRef("heads/", "branch", name);
    }

    @Override
    public ObjectId createBranch(String name, String revision) throws DamnitException {
        return createRef(branchRef(name), "branch", name, revision, "");
    }

    @Override
    public java.util.SortedMap<String, ObjectId> branches() throws DamnitException {
        return refsUnder("heads/");
    }

    @Override
    public boolean deleteBranch(String name) throws DamnitException {
        String ref = branchRef(name);
        if (name.equals(currentBranch())) {
            throw new org.damnit.RefusedException("branch " + name
                + " is the current branch; switch to another one first");
        }
        return deleteRef(ref, "branch " + name);
    }

    @Override
    public synchronized void switchBranch(String name) throws DamnitException {
        String ref = branchRef(name);
        ObjectId target = readRef(ref).orElseThrow(() -> new org.damnit.RevisionNotFoundException(
            "no branch " + name + " (create it with 'damnit branch " + name + "')"));
        if (name.equals(currentBranch())) {
            return;
        }
        java.util.List<FileStatus> changes = status().call();
        if (!changes.isEmpty()) {
            throw new org.damnit.UncommittedChangesException("uncommitted changes in the working tree ("
                + changes.get(0).path() + ", ...); commit them before switching branches");
        }
        restore().setRevision(target.toHex()).setForce(true).call();
        setCurrentBranch(name);
    }

    // ---- remotes ----

    @Override
    public TransferCommand push() {
        return new TransferOp(this, TransferOp.Mode.PUSH);
    }

    @Override
    public TransferCommand fetch() {
        return new TransferOp(this, TransferOp.Mode.FETCH);
    }

    @Override
    public TransferCommand pull() {
        return new TransferOp(this, TransferOp.Mode.PULL);
    }

    @Override
    public Map<String, URI> remotes() {
        Map<String, URI> out = new java.util.TreeMap<>();
        config.remotes().forEach((k, v) -> out.put(k, URI.create(v)));
        return out;
    }

    @Override
    public synchronized void addRemote(String name, URI uri) throws DamnitException {
        if (!StoreKeys.isValid(name) || name.contains("/")) {
            throw new BadPathException("bad remote name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
        if (config.remotes().containsKey(name)) {
            throw new org.damnit.AlreadyExistsException("remote " + name + " exists already (" + config.remotes().get(name) + ")");
        }
        try (Store s = Stores.open(uri, true)) {
            WritePolicy.check(s, uri.toString());
        } catch (IOException e) {
            throw new StorageException("cannot open remote " + uri + ": " + e.getMessage(), e);
        }
        Map<String, String> r = new java.util.TreeMap<>(config.remotes());
        r.put(name, uri.toString());
        saveConfig(config.withRemotes(r));
    }

    @Override
    public synchronized boolean removeRemote(String name) throws DamnitException {
        if (!config.remotes().containsKey(name)) {
            return false;
        }
        Map<String, String> r = new java.util.TreeMap<>(config.remotes());
        r.remove(name);
        saveConfig(config.withRemotes(r));
        return true;
    }

    private void saveConfig(Config c) throws StorageException {
        try {
            c.save(meta.resolve("config"));
            config = c;
        } catch (IOException e) {
            throw new StorageException("cannot write " + meta.resolve("config") + ": " + e.getMessage(), e);
        }
    }

    /** The remote's store; one to be written must pass {@link WritePolicy}. */
    Store openRemote(String name, boolean write) throws DamnitException {
        String uri = config.remotes().get(name);
        if (uri == null) {
            throw new org.damnit.NotFoundException("no remote named '" + name + "' (damnit remote add " + name + " URI)");
        }
        try {
            Store s = Stores.open(URI.create(uri), false);
            if (write) {
                try {
                    WritePolicy.check(s, uri);
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            }
            return s;
        } catch (IOException e) {
            throw new StorageException("cannot open remote " + name + " (" + uri + "): " + e.getMessage(), e);
        }
    }

    /** Sets a ref whatever its value (for remote-tracking refs, which only this repository writes). */
    void setRef(String ref, ObjectId value) throws StorageException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<ObjectId> cur;
            try {
                cur = readRef(ref);
            } catch (DamnitException e) {
                cur = Optional.empty();
            }
            if (cur.equals(Optional.of(value)) || updateRef(ref, cur, value)) {
                return;
            }
        }
        throw new StorageException("cannot set ref " + ref + ": it keeps changing");
    }

    /** Whether {@code ancestor} is {@code commit} or reachable from it through parents. */
    boolean isAncestor(ObjectId ancestor, ObjectId commit) throws DamnitException {
        java.util.ArrayDeque<ObjectId> todo = new java.util.ArrayDeque<>();
        Set<ObjectId> seen = new HashSet<>();
        todo.add(commit);
        while (!todo.isEmpty()) {
            ObjectId c = todo.poll();
            if (c.equals(ancestor)) {
                return true;
            }
            if (seen.add(c)) {
                try {
                    todo.addAll(readCommit(c).parents());
                } catch (CorruptObjectException e) {
                    // a commit we do not have: not on this path
                }
            }
        }
        return false;
    }

    Config config() {
        return config;
    }

    Path tmpDir() {
        return meta.resolve("tmp");
    }

    Path metaDir() {
        return meta;
    }

    @Override
    public org.damnit.GcCommand gc() {
        return new GcOp(this);
    }

    Path indexFile() {
        return meta.resolve("index");
    }

    @Override
    public Path workTree() {
        return workTree;
    }

    @Override
    public CommitCommand commit() {
        return new CommitOp(this);
    }

    @Override
    public StatusCommand status() {
        return new StatusOp(this);
    }

    @Override
    public LogCommand log() {
        return new LogCommand() {
            @Override
            protected List<Commit> execute() throws DamnitException {
                return LocalRepository.this.log(revision, maxCount);
            }
        };
    }

    @Override
    public RestoreCommand restore() {
        return new RestoreOp(this);
    }

    @Override
    public VerifyCommand verify() {
        return new VerifyOp(this);
    }

    // ---- refs ----

    /** Points HEAD at another branch (the working tree is not touched). */
    void setCurrentBranch(String branch) throws DamnitException {
        if (!StoreKeys.isValid("heads/" + branch)) {
            throw new BadPathException("bad branch name '" + branch + "'");
        }
        try {
            Files.writeString(meta.resolve("HEAD"), "ref: heads/" + branch + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot write " + meta.resolve("HEAD") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String currentBranch() throws DamnitException {
        Path head = meta.resolve("HEAD");
        try {
            String s = Files.readString(head, StandardCharsets.UTF_8).strip();
            if (!s.startsWith("ref: heads/") || !StoreKeys.isValid(s.substring(5))) {
                throw new ConfigException(head + " is malformed: expected 'ref: heads/BRANCH'");
            }
            return s.substring("ref: heads/".length());
        } catch (NoSuchFileException e) {
            throw new ConfigException(head + " is missing");
        } catch (IOException e) {
            throw new StorageException("cannot read " + head + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ObjectId> head() throws DamnitException {
        return readRef("heads/" + currentBranch());
    }

    Optional<ObjectId> readRef(String ref) throws DamnitException {
        try {
            Optional<String> v = store.readRef(ref);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!ObjectId.isValidHex(v.get())) {
                throw new CorruptObjectException("ref " + ref + " is damaged: '" + Codec.printable(v.get()) + "'");
            }
            return Optional.of(ObjectId.fromHex(v.get()));
        } catch (IOException e) {
            throw new StorageException("cannot read ref " + ref + ": " + e.getMessage(), e);
        }
    }

    List<String> listRefs(String prefix) throws StorageException {
        try (Stream<String> s = store.listRefs(prefix)) {
            return s.toList();
        } catch (IOException e) {
            throw new StorageException("cannot list refs: " + e.getMessage(), e);
        }
    }

    boolean updateRef(String ref, Optional<ObjectId> expected, ObjectId value) throws StorageException {
        try {
            return store.compareAndSetRef(ref, expected.map(ObjectId::toHex), Optional.of(value.toHex()));
        } catch (IOException e) {
            throw new StorageException("cannot update ref " + ref + ": " + e.getMessage(), e);
        }
    }

    // ---- revisions ----

    @Override
    public ObjectId resolve(String revision) throws DamnitException {
        String rev = revision.strip();
        int cut = rev.length();
        for (int i = 0; i < rev.length(); i++) {
            if (rev.charAt(i) == '~' || rev.charAt(i) == '^') {
                cut = i;
                break;
            }
        }
        ObjectId id = resolveBase(rev.substring(0, cut), revision);
        String ops = rev.substring(cut);
        int i = 0;
        while (i < ops.length()) {
            char op = ops.charAt(i++);
            int j = i;
            while (j < ops.length() && Character.isDigit(ops.charAt(j))) {
                j++;
            }
            int n;
            try {
                n = j > i ? Integer.parseInt(ops.substring(i, j)) : 1;
            } catch (NumberFormatException e) {
                throw new RevisionNotFoundException("bad revision '" + revision + "'");
            }
            i = j;
            if (op == '~') {
                for (int k = 0; k < n; k++) {
                    List<ObjectId> parents = readCommit(id).parents();
                    if (parents.isEmpty()) {
                        throw new RevisionNotFoundException("revision '" + revision + "' goes back further than the first commit");
                    }
                    id = parents.get(0);
                }
            } else if (op == '^') {
                List<ObjectId> parents = readCommit(id).parents();
                if (n == 0) {
                    continue;
                }
                if (parents.size() < n) {
                    throw new RevisionNotFoundException("revision '" + revision + "': the commit has no parent " + n);
                }
                id = parents.get(n - 1);
            } else {
                throw new RevisionNotFoundException("bad revision '" + revision + "'");
            }
        }
        return id;
    }

    private ObjectId resolveBase(String base, String revision) throws DamnitException {
        if (base.isEmpty()) {
            throw new RevisionNotFoundException("bad revision '" + revision + "'");
        }
        if (base.equals("HEAD")) {
            return head().orElseThrow(() -> new RevisionNotFoundException(
                "HEAD has no commits yet (branch " + safeBranch() + ")"));
        }
        if (StoreKeys.isValid("heads/" + base)) {
            Optional<ObjectId> b = readRef("heads/" + base);
            if (b.isPresent()) {
                return b.get();
            }
            Optional<ObjectId> t = readRef("tags/" + base);
            if (t.isPresent()) {
                return t.get();
            }
            Optional<ObjectId> r = readRef("remotes/" + base);
            if (r.isPresent()) {
                return r.get();
            }
        }
        if (base.length() >= 4 && base.length() <= 64 && base.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            String hex = base.toLowerCase(java.util.Locale.ROOT);
            List<String> matches;
            try (Stream<String> s = store.list(StoreLayout.COMMITS.keysStartingWith(hex))) {
                matches = s.map(StoreLayout::lastSegment).filter(k -> k.startsWith(hex)).limit(2).toList();
            } catch (IOException e) {
                throw new StorageException("cannot list commits: " + e.getMessage(), e);
            }
            if (matches.size() == 1) {
                return ObjectId.fromHex(matches.get(0));
            }
            if (matches.size() > 1) {
                throw new RevisionNotFoundException("short id '" + base + "' is ambiguous; give more digits");
            }
        }
        throw new RevisionNotFoundException("unknown revision '" + revision + "' (not a branch, tag or commit id)");
    }

    private String safeBranch() {
        try {
            return currentBranch();
        } catch (DamnitException e) {
            return "?";
        }
    }

    // ---- objects ----

    @Override
    public Commit readCommit(ObjectId id) throws DamnitException {
        return Codec.decodeCommit(id, db.read(ObjectKind.COMMIT, id));
    }

    List<Node> readTree(ObjectId id) throws DamnitException {
        return Codec.decodeTree(id, db.read(ObjectKind.TREE, id));
    }

    /** Every entry below {@code tree}, keyed by path, in path order (pre-order walk of sorted trees). */
    LinkedHashMap<String, Node> flatten(ObjectId tree) throws DamnitException {
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        flatten(tree, "", out);
        return out;
    }

    private void flatten(ObjectId tree, String prefix, Map<String, Node> out) throws DamnitException {
        List<Node> nodes = new ArrayList<>(readTree(tree));
        nodes.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        for (Node n : nodes) {
            String p = prefix.isEmpty() ? n.name() : prefix + "/" + n.name();
            out.put(p, n);
            if (n.type() == EntryType.DIRECTORY) {
                flatten(n.tree(), p, out);
            }
        }
    }

    /** Like {@link #flatten(ObjectId)}, descending only into directories on the way to or inside {@code scopes}. */
    LinkedHashMap<String, Node> flatten(ObjectId tree, List<String> scopes) throws DamnitException {
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        flattenScoped(tree, "", scopes, out);
        return out;
    }

    private void flattenScoped(ObjectId tree, String prefix, List<String> scopes, Map<String, Node> out)
        throws DamnitException {
        List<Node> nodes = new ArrayList<>(readTree(tree));
        nodes.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        for (Node n : nodes) {
            String p = prefix.isEmpty() ? n.name() : prefix + "/" + n.name();
            out.put(p, n);
            if (n.type() == EntryType.DIRECTORY
                && scopes.stream().anyMatch(s -> s.equals(p) || s.startsWith(p + "/") || p.startsWith(s + "/"))) {
                flattenScoped(n.tree(), p, scopes, out);
            }
        }
    }

    LinkedHashMap<String, Node> headEntries() throws DamnitException {
        Optional<ObjectId> h = head();
        return h.isPresent() ? flatten(readCommit(h.get()).tree()) : new LinkedHashMap<>();
    }

    @Override
    public List<TreeEntry> listTree(String revision) throws DamnitException {
        Commit c = readCommit(resolve(revision));
        List<TreeEntry> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : flatten(c.tree()).entrySet()) {
            out.add(toEntry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The node at {@code path} below {@code tree}, reading only the trees on the way; null if absent. */
    Node lookup(ObjectId tree, String path) throws DamnitException {
        String[] parts = path.split("/");
        ObjectId t = tree;
        Node found = null;
        for (int i = 0; i < parts.length; i++) {
            found = null;
            for (Node n : readTree(t)) {
                if (n.name().equals(parts[i])) {
                    found = n;
                    break;
                }
            }
            if (found == null || (i < parts.length - 1 && found.type() != EntryType.DIRECTORY)) {
                return null;
            }
            t = found.tree();
        }
        return found;
    }

    @Override
    public Optional<TreeEntry> entry(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        Node n = p.isEmpty() ? null : lookup(readCommit(resolve(revision)).tree(), p);
        return n == null ? Optional.empty() : Optional.of(toEntry(p, n));
    }

    @Override
    public java.io.InputStream openFile(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        Node n = p.isEmpty() ? null : lookup(readCommit(resolve(revision)).tree(), p);
        if (n == null || n.type() != EntryType.FILE) {
            throw new BadPathException("revision " + revision + " has no file '" + path + "'");
        }
        return new FileStream(chunks, n, p);
    }

    @Override
    public org.damnit.SeekableFile openSeekable(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        Node n = p.isEmpty() ? null : lookup(readCommit(resolve(revision)).tree(), p);
        if (n == null || n.type() != EntryType.FILE) {
            throw new BadPathException("revision " + revision + " has no file '" + path + "'");
        }
        return new ChunkedFile(chunks, n, p);
    }

    @Override
    public List<org.damnit.FileVersion> history(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        if (p.isEmpty()) {
            throw new BadPathException("history needs a path");
        }
        List<org.damnit.FileVersion> out = new ArrayList<>();
        Commit c = readCommit(resolve(revision));
        Node n = lookup(c.tree(), p);
        while (c != null) {
            Commit parent = c.parents().isEmpty() ? null : readCommit(c.parents().get(0));
            Node before = parent == null ? null : lookup(parent.tree(), p);
            if (n != null && n.type() == EntryType.DIRECTORY) {
                n = null;
            }
            if (before != null && before.type() == EntryType.DIRECTORY) {
                before = null;
            }
            if (n == null && before != null) {
                out.add(new org.damnit.FileVersion(c, org.damnit.DiffEntry.Change.DELETED, null, 0));
            } else if (n != null && (before == null || !before.sameContent(n))) {
                java.util.Set<ObjectId> had = new HashSet<>();
                if (before != null) {
                    before.pieces().forEach(x -> had.add(x.id()));
                }
                long stored = 0;
                for (Node.Piece x : n.pieces()) {
                    if (had.add(x.id())) {
                        stored += chunks.locate(x.id()).map(ChunkIndex.Location::recordLength).orElse(0);
                    }
                }
                out.add(new org.damnit.FileVersion(c, before == null ? org.damnit.DiffEntry.Change.ADDED
                    : before.sameData(n) ? org.damnit.DiffEntry.Change.METADATA : org.damnit.DiffEntry.Change.MODIFIED,
                    toEntry(p, n), stored));
            }
            c = parent;
            n = before;
        }
        return out;
    }

    @Override
    public org.damnit.Summary summary(String revision) throws DamnitException {
        ObjectId start = resolve(revision);
        Map<ObjectId, long[]> trees = new HashMap<>();
        Set<ObjectId> seen = new HashSet<>(List.of(start));
        java.util.ArrayDeque<ObjectId> todo = new java.util.ArrayDeque<>(List.of(start));
        long history = 0;
        long[] tip = null;
        while (!todo.isEmpty()) {
            Commit c = readCommit(todo.poll());
            long[] t = treeSize(c.tree(), trees);
            tip = tip == null ? t : tip;
            history += t[1];
            for (ObjectId parent : c.parents()) {
                if (seen.add(parent)) {
                    todo.add(parent);
                }
            }
        }
        return new org.damnit.Summary(seen.size(), tip[0], tip[1], history, storedBytes());
    }

    /** Files and bytes below a tree, memoized by tree id. */
    private long[] treeSize(ObjectId tree, Map<ObjectId, long[]> memo) throws DamnitException {
        long[] known = memo.get(tree);
        if (known != null) {
            return known;
        }
        long[] sum = new long[2];
        for (Node n : readTree(tree)) {
            if (n.type() == EntryType.FILE) {
                sum[0]++;
                sum[1] += n.size();
            } else if (n.type() == EntryType.DIRECTORY) {
                long[] sub = treeSize(n.tree(), memo);
                sum[0] += sub[0];
                sum[1] += sub[1];
            }
        }
        memo.put(tree, sum);
        return sum;
    }

    private long storedBytes() throws DamnitException {
        try (java.util.stream.Stream<String> keys = store.list("")) {
            long sum = 0;
            for (String k : (Iterable<String>) keys::iterator) {
                sum += store.size(k).orElse(0L);
            }
            return sum;
        } catch (IOException e) {
            throw new StorageException("cannot list the store: " + e.getMessage(), e);
        }
    }

    static TreeEntry toEntry(String path, Node n) {
        Instant mtime = n.type() == EntryType.FILE
            ? Instant.ofEpochSecond(0, 0).plusNanos(n.mtimeNanos()) : null;
        return new TreeEntry(path, n.type(), n.size(), n.executable(), mtime, n.sha256(), n.md5(), n.target(),
            n.meta());
    }

    // ---- metadata ----

    Path pendingMetaFile() {
        return meta.resolve("meta-pending");
    }

    PendingMeta pendingMeta() throws DamnitException {
        return PendingMeta.load(pendingMetaFile());
    }

    @Override
    public synchronized void setMetadata(String path, Map<String, String> values) throws DamnitException {
        String p = Names.normalize(path);
        Path abs = workTree.resolve(p);
        if (p.isEmpty() || Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)
            || !Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadPathException("'" + path + "' is not a file or link in the working tree");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String problem = org.damnit.MetadataRules.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new BadPathException(problem);
            }
        }
        PendingMeta.update(pendingMetaFile(), pending ->
            pending.changes.computeIfAbsent(p, k -> new java.util.TreeMap<>()).putAll(values));
    }

    @Override
    public Map<String, String> metadata(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        if (revision != null) {
            Node n = flatten(readCommit(resolve(revision)).tree()).get(p);
            if (n == null) {
                throw new BadPathException("'" + path + "' is not in revision " + revision);
            }
            return n.meta();
        }
        Node n = headEntries().get(p);
        PendingMeta pending = pendingMeta();
        if (n == null && !pending.changes.containsKey(p)) {
            throw new BadPathException("'" + path + "' is neither committed nor has pending metadata");
        }
        return pending.apply(p, n == null ? Map.of() : n.meta());
    }

    private List<Commit> log(String revision, int max) throws DamnitException {
        if (revision.equals("HEAD") && head().isEmpty()) {
            return List.of();
        }
        ObjectId start = resolve(revision);
        List<Commit> out = new ArrayList<>();
        PriorityQueue<Commit> queue = new PriorityQueue<>((a, b) -> b.time().compareTo(a.time()));
        Set<ObjectId> seen = new HashSet<>();
        queue.add(readCommit(start));
        seen.add(start);
        while (!queue.isEmpty() && out.size() < max) {
            Commit c = queue.poll();
            out.add(c);
            for (ObjectId p : c.parents()) {
                if (seen.add(p)) {
                    queue.add(readCommit(p));
                }
            }
        }
        return out;
    }

    // ---- helpers shared by commands ----

    Person defaultAuthor() {
        String env = System.getenv("DAMNIT_AUTHOR");
        if (env != null && !env.isBlank()) {
            try {
                return Person.parse(env);
            } catch (IllegalArgumentException ignored) {
                // fall through to config
            }
        }
        if (config.author().isPresent()) {
            return config.author().get();
        }
        String user = System.getProperty("user.name", "unknown");
        return new Person(user.isBlank() ? "unknown" : user, "");
    }

    /** Attributes without following links; POSIX ones (with permissions) where the file system has them. */
    static BasicFileAttributes attrs(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    void saveIndex(StatIndex index) {
        if (!index.dirty() && Files.exists(indexFile())) {
            return;
        }
        try {
            index.save(indexFile());
        } catch (IOException e) {
            // Only a cache: the next commit re-reads what it cannot trust.
            try {
                Files.deleteIfExists(indexFile());
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public void close() throws DamnitException {
        chunks.close();
        try {
            store.close();
        } catch (IOException e) {
            throw new StorageException("closing the store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Repository[" + workTree + "]";
    }
}
