package org.damnit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.damnit.Commit;
import org.damnit.CommitCommand;
import org.damnit.CommitResult;
import org.damnit.ConcurrentUpdateException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.StorageException;

/**
 * Scan, read what the stat cache cannot vouch for, store pieces, then trees bottom-up, then the commit,
 * then move the branch with compare-and-swap; the stat cache is saved last. With {@code deepOnCommit},
 * FASTA and BAM files are read first and the BAMs given their containers before the other files are
 * read, so that those may be coded against them (see {@link #read}); gzip files are given theirs once the
 * branch has moved. A crash at any point leaves at worst unreferenced objects: every chunk a record names
 * as a base is published before it.
 */
final class CommitOp {
    /** Called at each step of giving a file its container; a test throws from it to stop the commit there. */
    static volatile Containerizer.Hook testHook = Containerizer.Hook.NONE;

    private final RepoContext ctx;
    private final CommitCommand.Request req;

    CommitOp(RepoContext ctx, CommitCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    /**
     * A cached entry is reused only if it is consistent and, unless it is the committed entry itself,
     * agrees with that one's digests when their pieces agree, and every piece it names is stored.
     */
    private boolean reusable(Node cached, long size, Node committed) throws DamnitException {
        if (!StatIndex.usable(cached, size)) {
            return false;
        }
        if (committed != null && committed.type() == EntryType.FILE && committed.pieces().equals(cached.pieces())) {
            return committed.sha256().equals(cached.sha256()) && committed.md5().equals(cached.md5());
        }
        for (Node.Piece p : cached.pieces()) {
            if (ctx.chunks().locate(p.id()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    CommitResult execute() throws DamnitException {
        StoredAlignments alignments = ctx.config().deepOnCommit() ? ctx.chunks().alignments() : null;
        // held from before the chunk index is read until the branch has moved, so gc knows of this commit
        try (Leases.Lease lease = Leases.forWriting(ctx.store());
             StoredAlignments.Including including = alignments == null ? null : alignments.including()) {
            return commit(lease, including);
        }
    }

    /**
     * @param including where the files of this commit that others may be coded against are offered to the
     *                  content codecs before it is the head (null: without deepOnCommit)
     */
    private CommitResult commit(Leases.Lease lease, StoredAlignments.Including including) throws DamnitException {
        long scanStart = StatIndex.fileSystemNow(ctx.paths().tmp());
        ctx.chunks().sync(); // packs another process added, or gc removed, since this repository was opened
        String branch = ctx.refs().currentBranch();
        Optional<ObjectId> parent = ctx.refs().head();
        Commit parentCommit = parent.isPresent() ? ctx.trees().readCommit(parent.get()) : null;
        Map<String, Node> previous = parentCommit == null ? new LinkedHashMap<>() : ctx.trees().flatten(parentCommit.tree());
        StatIndex index = StatIndex.load(ctx.paths().statCache());

        req.progress().start("scanning", -1);
        List<String> warnings = new ArrayList<>();
        List<Scanner.Found> found = WorkTree.scan(ctx.paths().workTree(), req.scanOrder(), warnings);
        req.progress().end();

        Map<String, Node> nodes = new HashMap<>();
        List<Scanner.Found> toRead = new ArrayList<>();
        long bytesToRead = 0;
        long files = 0;
        for (Scanner.Found f : found) {
            String name = f.rel().substring(f.rel().lastIndexOf('/') + 1);
            switch (f.type()) {
                case SYMLINK -> nodes.put(f.rel(), Node.symlink(name, f.linkTarget()));
                case DIRECTORY -> { }
                case FILE -> {
                    files++;
                    StatIndex.Stat s = index.get(f.rel());
                    if (s != null && s.matches(f.attrs(), f.executable())
                        && reusable(s.node(), f.attrs().size(), previous.get(f.rel()))) {
                        nodes.put(f.rel(), s.node().withName(name));
                    } else {
                        toRead.add(f);
                        bytesToRead += f.attrs().size();
                    }
                }
            }
        }

        // Modified files first: their new chunks are stored as deltas against their previous versions,
        // and a new copy of an edited file read afterwards then deduplicates against them.
        List<Scanner.Found> ordered = new ArrayList<>(toRead.size());
        toRead.stream().filter(f -> previous.containsKey(f.rel())).forEach(ordered::add);
        toRead.stream().filter(f -> !previous.containsKey(f.rel())).forEach(ordered::add);
        RenameGuess renames = new RenameGuess(previous, found);

        List<Deepen> toDeepen = new ArrayList<>();
        Map<Long, Node> readNow = new HashMap<>(); // by size: files this commit read, twins for their copies
        // With deepOnCommit, the files others may be coded against (FASTA, BAM) are read first and their
        // chunks published, then the BAMs are given their containers, and only then are the other files
        // read: a SAM's chunks (and a FASTQ's, in its container) may list those chunks as their bases, which
        // are then stored before anything names them. A commit of only such files, or of none, keeps the
        // plain order (its containers made once the branch has moved).
        List<Scanner.Found> first = new ArrayList<>();
        List<Scanner.Found> then = new ArrayList<>();
        for (Scanner.Found f : ordered) {
            (including != null && codedAgainst(f.rel()) ? first : then).add(f);
        }
        if (first.isEmpty() || then.isEmpty()) {
            first = List.of();
            then = ordered;
        }
        long[] totals = new long[3]; // files read, bytes read, bytes of packs published
        req.progress().start("reading", bytesToRead);
        try {
            if (!first.isEmpty()) {
                read(first, previous, renames, readNow, nodes, index, scanStart, toDeepen, totals);
                for (Scanner.Found f : first) {
                    if (StoredReferences.fastaName(f.rel())) {
                        including.add(nodes.get(f.rel())); // its chunks are published
                    }
                }
                for (java.util.Iterator<Deepen> it = toDeepen.iterator(); it.hasNext(); ) {
                    Deepen d = it.next();
                    if (StoredAlignments.bamName(d.rel())) {
                        it.remove();
                        deepen(d, lease, warnings);
                    }
                }
                for (Scanner.Found f : first) {
                    if (StoredAlignments.bamName(f.rel())) {
                        including.add(nodes.get(f.rel())); // with its container, if it has one now
                    }
                }
            }
            read(then, previous, renames, readNow, nodes, index, scanStart, toDeepen, totals);
        } finally {
            req.progress().end();
        }
        long filesRead = totals[0];
        long bytesRead = totals[1];
        long bytesStored = totals[2];

        // metadata: carried from the parent for the same path, then the pending changes applied
        PendingMeta pending = PendingMeta.load(ctx.paths().pendingMeta());
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            Node prev = previous.get(e.getKey());
            java.util.SortedMap<String, String> base = prev != null && prev.type() == e.getValue().type()
                ? prev.meta() : new java.util.TreeMap<>();
            java.util.SortedMap<String, String> m = pending.apply(e.getKey(), base);
            if (!m.equals(e.getValue().meta())) {
                e.setValue(e.getValue().withMeta(m));
            }
        }
        long[] stored = {bytesStored};
        ObjectId root = writeTrees(found, nodes, stored, previous, parentCommit == null ? null : parentCommit.tree());
        int changes = countChanges(previous, nodes, found);
        Set<String> present = new java.util.HashSet<>();
        found.forEach(f -> present.add(f.rel()));
        index.retain(present);

        boolean unchanged = parentCommit != null ? parentCommit.tree().equals(root) : found.isEmpty();
        if (unchanged && !req.allowEmpty() && req.metadata().isEmpty()) {
            index.saveOrDrop(ctx.paths().statCache());
            return new CommitResult(Optional.empty(), files, filesRead, bytesRead, stored[0], 0, warnings);
        }

        byte[] commitBytes = Codec.encodeCommit(root, parent.map(List::of).orElse(List.of()),
            req.author() != null ? req.author() : defaultAuthor(), java.time.Instant.now(), req.message(), req.metadata());
        ObjectId commitId = ctx.db().put(ObjectKind.COMMIT, commitBytes, stored);
        lease.check();
        if (!ctx.refs().update("heads/" + branch, parent, commitId)) {
            throw new ConcurrentUpdateException("branch " + branch + " was moved by another writer while this commit ran;"
                + " nothing was lost: run the commit again");
        }
        index.saveOrDrop(ctx.paths().statCache());
        PendingMeta.update(ctx.paths().pendingMeta(), now -> now.removeApplied(pending)); // keeps what was set meanwhile
        for (Deepen d : toDeepen) {
            deepen(d, lease, warnings);
        }
        Commit c = Codec.decodeCommit(commitId, commitBytes); // as stored, without reading it back
        return new CommitResult(Optional.of(c), files, filesRead, bytesRead, stored[0], changes, warnings);
    }

    /** Whether other files of a commit may be coded against this one's chunks or content: a FASTA or a BAM. */
    private static boolean codedAgainst(String rel) {
        return StoredReferences.fastaName(rel) || StoredAlignments.bamName(rel);
    }

    /**
     * Reads and stores {@code files} in one write session whose packs are all published when this returns;
     * adds their entries to {@code nodes} and {@code index}, those to give a container to {@code
     * toDeepen}, and to {@code totals} the files and bytes read and the bytes of packs published.
     */
    private void read(List<Scanner.Found> files, Map<String, Node> previous, RenameGuess renames,
                      Map<Long, Node> readNow, Map<String, Node> nodes, StatIndex index, long scanStart,
                      List<Deepen> toDeepen, long[] totals) throws DamnitException {
        // content codecs belong to the deep form: a commit tries them only when it makes that form too
        try (ChunkStore.Writer writer = ctx.chunks().writer(-1, ctx.config().deepOnCommit());
             Ingester ingester = new Ingester(writer, ctx.config().chunker(), req.progress())) {
            for (Scanner.Found f : files) {
                boolean exec = f.executable();
                Node before = previous.containsKey(f.rel()) ? previous.get(f.rel()) : renames.guess(f);
                Node base = before != null && before.type() == EntryType.FILE ? before : null;
                Node twin = base != null && base.size() == f.attrs().size() ? base // moved or touched?
                    : readNow.get(f.attrs().size()); // or a copy of a file read just before
                Ingester.Result r = ingester.ingest(f.path(), f.rel(), f.attrs(), base, twin);
                String name = f.rel().substring(f.rel().lastIndexOf('/') + 1);
                Node n = Node.file(name, r.size(), exec, StatIndex.mtimeNanos(r.after()), r.sha256(), r.md5(), r.pieces());
                Node prev = previous.get(f.rel());
                if (prev != null && prev.sameData(n)) {
                    n = prev; // unchanged content: keep the committed entry as it was
                }
                nodes.put(f.rel(), n);
                if (ctx.config().deepOnCommit() && n != prev && n.size() >= Containerizer.smallest) {
                    toDeepen.add(new Deepen(f.path(), f.rel(), n, prev));
                }
                if (n.size() >= ctx.config().chunkAvg()) {
                    readNow.putIfAbsent(n.size(), n);
                }
                index.put(f.rel(), StatIndex.stat(r.after(), scanStart, n));
                req.progress().file(f.rel());
            }
            writer.finish(); // packs and their indexes are published before any tree names their chunks
            totals[0] += ingester.filesRead.get();
            totals[1] += ingester.bytesRead.get();
            totals[2] += writer.bytesPublished();
        }
    }

    /** A file this commit read, to be given a container (config {@code deepOnCommit}). */
    private record Deepen(Path path, String rel, Node node, Node previous) {
    }

    private static final int GZIP_HEADER = 18;

    /**
     * Gives a gzip or BGZF file just committed its container, from the working-tree file (compared with
     * the committed digests, so a file changed since is left as it is). The commit stands whatever happens
     * here: a file that does not convert only keeps its plain form, with a warning.
     */
    private void deepen(Deepen d, Leases.Lease lease, List<String> warnings) {
        try {
            byte[] head = new byte[GZIP_HEADER];
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(d.path())) {
                if (in.readNBytes(head, 0, head.length) < head.length || !Containerizer.looksLikeGzip(head)) {
                    return;
                }
            }
            Containers containers = ctx.chunks().containers();
            if (containers.find(d.node().sha256()).isPresent()) {
                return;
            }
            Container previous = d.previous() == null || d.previous().type() != EntryType.FILE ? null
                : containers.find(d.previous().sha256()).orElse(null);
            Containerizer.Outcome o = Containerizer.convert(ctx.chunks(), ctx.config(), d.path(), d.node(),
                d.rel(), previous, step -> {
                    if (step == Containerizer.Step.VERIFIED) {
                        lease.check();
                    }
                    testHook.reached(step);
                });
            if (o.container() == null && o.summary() != null && o.summary().recreated() > 0) {
                warnings.add(d.rel() + ": committed as it is, not by its content: " + o.why());
            }
        } catch (IOException | DamnitException e) {
            warnings.add(d.rel() + ": committed as it is, not by its content: " + e.getMessage());
        }
    }

    /**
     * Stores one tree per directory, deepest first, and returns the root tree's id. A directory whose
     * entries equal those of the same directory in the parent commit keeps that tree without encoding it.
     */
    private ObjectId writeTrees(List<Scanner.Found> found, Map<String, Node> nodes, long[] stored,
                                Map<String, Node> previous, ObjectId previousRoot) throws StorageException {
        Map<String, List<Node>> before = new HashMap<>();
        for (Map.Entry<String, Node> e : previous.entrySet()) {
            before.computeIfAbsent(Names.parentOf(e.getKey()), k -> new ArrayList<>()).add(e.getValue());
        }
        Map<String, List<Node>> children = new HashMap<>();
        children.put("", new ArrayList<>());
        List<String> dirs = new ArrayList<>();
        for (Scanner.Found f : found) {
            if (f.type() == EntryType.DIRECTORY) {
                children.put(f.rel(), new ArrayList<>());
                dirs.add(f.rel());
            }
        }
        for (Scanner.Found f : found) {
            if (f.type() != EntryType.DIRECTORY) {
                children.get(Names.parentOf(f.rel())).add(nodes.get(f.rel()));
            }
        }
        dirs.sort(Comparator.comparingInt((String d) -> depth(d)).reversed());
        for (String d : dirs) {
            Node old = previous.get(d);
            ObjectId id = treeId(children.get(d), before.get(d), old != null && old.type() == EntryType.DIRECTORY
                ? old.tree() : null, stored);
            children.get(Names.parentOf(d)).add(Node.directory(d.substring(d.lastIndexOf('/') + 1), id));
        }
        return treeId(children.get(""), before.get(""), previousRoot, stored);
    }

    private ObjectId treeId(List<Node> now, List<Node> then, ObjectId thenId, long[] stored) throws StorageException {
        if (thenId != null && then != null && now.size() == then.size()) {
            List<Node> a = new ArrayList<>(now);
            List<Node> b = new ArrayList<>(then);
            a.sort((x, y) -> Names.ORDER.compare(x.name(), y.name()));
            b.sort((x, y) -> Names.ORDER.compare(x.name(), y.name()));
            if (a.equals(b)) {
                return thenId;
            }
        }
        if (thenId != null && then == null && now.isEmpty()) {
            return thenId; // an empty directory then and now
        }
        return ctx.db().put(ObjectKind.TREE, Codec.encodeTree(now), stored);
    }

    private static int countChanges(Map<String, Node> previous, Map<String, Node> nodes, List<Scanner.Found> found) {
        int changes = 0;
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            Node prev = previous.get(e.getKey());
            if (prev == null || !prev.sameContent(e.getValue())) {
                changes++;
            }
        }
        Set<String> dirs = new java.util.HashSet<>();
        for (Scanner.Found f : found) {
            if (f.type() == EntryType.DIRECTORY) {
                dirs.add(f.rel());
                if (!previous.containsKey(f.rel())) {
                    changes++;
                }
            }
        }
        for (Map.Entry<String, Node> e : previous.entrySet()) {
            boolean isDir = e.getValue().type() == EntryType.DIRECTORY;
            if (isDir ? !dirs.contains(e.getKey()) : !nodes.containsKey(e.getKey())) {
                changes++;
            }
        }
        return changes;
    }

    /** $DAMNIT_AUTHOR, else the configured author, else the login name. */
    private Person defaultAuthor() {
        String env = System.getenv("DAMNIT_AUTHOR");
        if (env != null && !env.isBlank()) {
            try {
                return Person.parse(env);
            } catch (IllegalArgumentException ignored) {
                // fall through to config
            }
        }
        if (ctx.config().author().isPresent()) {
            return ctx.config().author().get();
        }
        String user = System.getProperty("user.name", "unknown");
        return new Person(user.isBlank() ? "unknown" : user, "");
    }

    private static int depth(String rel) {
        int d = 0;
        for (int i = 0; i < rel.length(); i++) {
            if (rel.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }
}
