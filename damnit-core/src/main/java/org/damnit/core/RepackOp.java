package org.damnit.core;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.damnit.RepackCommand;
import org.damnit.RepackResult;

/**
 * The deep repack (docs/FORMAT.md, "Containers"): every committed file that starts like gzip and has no
 * container yet is read from the store, converted ({@link Containerizer}) and, once its
 * re-creation from the store matched, given its container; the chunks of every other file, and the
 * decompressed content of containers made before, go through the content codec that recognises them
 * ({@link Recoder}). Oldest commits first, so that each version's
 * content is delta-encoded against the one before. Each file is converted under a writer lease of its
 * own, so gc can run between files; an interrupted run leaves at worst packs nothing names (gc removes
 * them), and the next run carries on with the files that have no container.
 */
final class RepackOp {
    /** Stops a conversion between its steps (tests only). */
    static volatile Containerizer.Hook testHook = Containerizer.Hook.NONE;
    private static final int GZIP_HEADER = 18;

    private final RepoContext ctx;
    private final RepackCommand.Request req;

    RepackOp(RepoContext ctx, RepackCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    private record File(Node node, String path) {
    }

    RepackResult execute() throws DamnitException {
        ctx.chunks().sync();
        Set<ObjectId> deep = ctx.chunks().containers().list();
        List<File> files = files();
        long total = 0;
        for (File f : files) {
            total += deep.contains(f.node().sha256()) ? 0 : f.node().size();
        }
        long converted = 0;
        long already = 0;
        long left = 0;
        long members = 0;
        long recreated = 0;
        long rawFallbacks = 0;
        long rawBytes = 0;
        long contentBytes = 0;
        long recoded = 0;
        long stored = 0;
        Map<String, Container> byPath = new HashMap<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "damnit-deep");
            t.setDaemon(true);
            return t;
        });
        req.progress().start("repacking", total);
        try {
            for (File f : files) {
                Node n = f.node();
                if (deep.contains(n.sha256())) {
                    already++;
                    Container c = ctx.chunks().containers().find(n.sha256()).orElse(null);
                    if (c != null) {
                        byPath.put(f.path(), c);
                        Recoder.Outcome o = recode(c.content().pieces(), f.path(), pool, threads);
                        recoded += o.recoded();
                        stored += o.bytesStored();
                    }
                    continue;
                }
                if (ctx.config().contentCodecs() && !n.pieces().isEmpty() && allRecoded(n.pieces(), false)) {
                    req.progress().advance(n.size());
                    continue; // a plain file whose chunks a codec already holds: nothing to read
                }
                byte[] first = firstChunk(n, f.path());
                if (first == null) {
                    continue;
                }
                if (n.size() < GZIP_HEADER || !Containerizer.looksLikeGzip(
                    java.util.Arrays.copyOf(first, Math.min(first.length, GZIP_HEADER)))) {
                    ContentCodec codec = ctx.config().contentCodecs() ? Recoder.recognise(first) : null;
                    if (codec != null) {
                        Recoder.Outcome o = recode(n.pieces(), codec, first, false, f.path(), pool, threads);
                        recoded += o.recoded();
                        stored += o.bytesStored();
                    }
                    req.progress().advance(n.size());
                    continue;
                }
                if (n.size() < Containerizer.smallest) {
                    left++; // too small to gain from its content
                    req.progress().advance(n.size());
                    continue;
                }
                Containerizer.Outcome o = convert(n, f.path(), byPath.get(f.path()));
                req.progress().advance(n.size());
                req.progress().file(f.path());
                stored += o.bytesStored();
                if (o.summary() != null) {
                    members += o.summary().members();
                    recreated += o.summary().recreated();
                    rawFallbacks += o.summary().rawFallbacks();
                    rawBytes += o.summary().rawBytes();
                }
                if (o.container() == null) {
                    left++;
                    continue;
                }
                converted++;
                deep.add(n.sha256());
                byPath.put(f.path(), o.container());
                contentBytes += o.summary().contentBytes();
                // what the encoder left to zstd or a delta where the codec's record alone is shorter: so that
                // the next run, which would do just this, finds nothing to do
                Recoder.Outcome r = recode(o.container().content().pieces(), f.path(), pool, threads);
                recoded += r.recoded();
                stored += r.bytesStored();
            }
        } finally {
            pool.shutdownNow();
            req.progress().end();
        }
        return new RepackResult(files.size(), converted, already, left, members, recreated, rawFallbacks, rawBytes,
            contentBytes, recoded, stored);
    }

    /** A container's decompressed content through the codec that recognises its first chunk, if any. */
    private Recoder.Outcome recode(List<Node.Piece> content, String path, ExecutorService pool, int threads)
        throws DamnitException {
        if (!ctx.config().contentCodecs() || content.isEmpty() || allRecoded(content, true)) {
            return Recoder.Outcome.NONE;
        }
        byte[] first = ctx.chunks().read(content.get(0).id());
        ContentCodec codec = Recoder.recognise(first);
        return codec == null ? Recoder.Outcome.NONE : recode(content, codec, first, true, path, pool, threads);
    }

    /** Whether every chunk that a pack holds needs no recoding ({@link Recoder#decided}): nothing to read then. */
    private boolean allRecoded(List<Node.Piece> pieces, boolean deltasDecided) throws DamnitException {
        for (Node.Piece p : pieces) {
            Optional<ChunkIndex.Location> l = ctx.chunks().locate(p.id());
            if (l.isPresent() && !Recoder.decided(l.get(), deltasDecided)) {
                return false;
            }
        }
        return true;
    }

    /** Chunks through their content codec under a writer lease of their own. */
    private Recoder.Outcome recode(List<Node.Piece> pieces, ContentCodec codec, byte[] first, boolean deltasDecided,
                                   String path, ExecutorService pool, int threads) throws DamnitException {
        try (Leases.Lease lease = Leases.forWriting(ctx.store())) {
            return Recoder.recode(ctx.chunks(), ctx.store(), ctx.config(), pieces, codec,
                codec.fileState(first, 0, first.length), deltasDecided, pool, threads, path);
        }
    }

    /**
     * One conversion under its own writer lease, reading the file from the store as it goes (each chunk
     * checked against its id): no copy of it is made. Crash safety does not need one, as nothing is
     * given up before the container is published (and gc drops the file's chunks only after that).
     */
    Containerizer.Outcome convert(Node n, String path, Container previous) throws DamnitException {
        try (Leases.Lease lease = Leases.forWriting(ctx.store());
             ChunkedFile stored = new ChunkedFile(ctx.chunks(), n, path)) {
            Containerizer.Hook hook = testHook;
            return Containerizer.convert(ctx.chunks(), ctx.config(), positional(stored), n, path, previous, step -> {
                if (step == Containerizer.Step.VERIFIED) {
                    lease.check(); // gc may have run while this lease lapsed: publish nothing
                }
                hook.reached(step);
            });
        } catch (IOException e) {
            throw Containerizer.unwrap(e, "deep repack of " + path);
        }
    }

    /** The stored file as the walker reads it. */
    private static org.damnit.core.deflate.Positional positional(ChunkedFile f) {
        return new org.damnit.core.deflate.Positional() {
            @Override
            public int read(java.nio.ByteBuffer dst, long pos) throws IOException {
                return f.read(pos, dst);
            }

            @Override
            public long size() throws IOException {
                return f.size();
            }
        };
    }

    /** The file's first chunk (verified), or null for an empty file. */
    private byte[] firstChunk(Node n, String path) throws DamnitException {
        if (n.pieces().isEmpty()) {
            return null;
        }
        try (FileContent content = new FileContent(ctx.chunks(), n, path)) {
            return content.piece(0, null);
        }
    }

    /** Every distinct file (by SHA-256) of every commit any ref reaches, oldest commits first. */
    private List<File> files() throws DamnitException {
        List<ObjectId> order = new ArrayList<>();
        Set<ObjectId> seen = new HashSet<>();
        ArrayDeque<ObjectId> todo = new ArrayDeque<>();
        for (String ref : ctx.refs().list("")) {
            Optional<ObjectId> id = ctx.refs().read(ref);
            if (id.isPresent() && seen.add(id.get())) {
                todo.add(id.get());
            }
        }
        Map<ObjectId, Commit> commits = new HashMap<>();
        while (!todo.isEmpty()) {
            ObjectId id = todo.poll();
            Commit c = ctx.trees().readCommit(id);
            commits.put(id, c);
            order.add(id);
            for (ObjectId p : c.parents()) {
                if (seen.add(p)) {
                    todo.add(p);
                }
            }
        }
        order.sort((a, b) -> commits.get(a).time().compareTo(commits.get(b).time()));
        Map<ObjectId, File> out = new LinkedHashMap<>();
        Set<ObjectId> trees = new HashSet<>();
        for (ObjectId id : order) {
            ObjectId tree = commits.get(id).tree();
            if (!trees.add(tree)) {
                continue;
            }
            for (Map.Entry<String, Node> e : ctx.trees().flatten(tree).entrySet()) {
                Node n = e.getValue();
                if (n.type() == EntryType.FILE && n.sha256() != null) {
                    out.putIfAbsent(n.sha256(), new File(n, e.getKey()));
                }
            }
        }
        return new ArrayList<>(out.values());
    }
}
