package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.damnit.RepackCommand;
import org.damnit.RepackResult;

/**
 * The deep repack (docs/FORMAT.md, "Containers"): every committed file that starts like gzip and has no
 * container yet is restored to a temporary file, converted ({@link Containerizer}) and, once its
 * re-creation from the store matched, given its container. Oldest commits first, so that each version's
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
        long stored = 0;
        Map<String, Container> byPath = new HashMap<>();
        req.progress().start("repacking", total);
        try {
            for (File f : files) {
                Node n = f.node();
                if (deep.contains(n.sha256())) {
                    already++;
                    ctx.chunks().containers().find(n.sha256()).ifPresent(c -> byPath.put(f.path(), c));
                    continue;
                }
                if (n.size() < GZIP_HEADER || !startsLikeGzip(n, f.path())) {
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
            }
        } finally {
            req.progress().end();
        }
        return new RepackResult(files.size(), converted, already, left, members, recreated, rawFallbacks, rawBytes,
            contentBytes, stored);
    }

    /** One conversion under its own writer lease, from a temporary copy restored (and verified) from the store. */
    Containerizer.Outcome convert(Node n, String path, Container previous) throws DamnitException {
        Path tmp = ctx.paths().tmp().resolve(org.damnit.PathRules.temporaryName());
        try (Leases.Lease lease = Leases.forWriting(ctx.store())) {
            Files.createDirectories(tmp.getParent());
            try (InputStream in = new FileStream(ctx.chunks(), n, path)) {
                Files.copy(in, tmp);
            }
            Containerizer.Hook hook = testHook;
            return Containerizer.convert(ctx.chunks(), ctx.config(), tmp, n, path, previous, step -> {
                if (step == Containerizer.Step.VERIFIED) {
                    lease.check(); // gc may have run while this lease lapsed: publish nothing
                }
                hook.reached(step);
            });
        } catch (IOException e) {
            throw Containerizer.unwrap(e, "deep repack of " + path);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // gc removes leftovers in .damnit/tmp
            }
        }
    }

    private boolean startsLikeGzip(Node n, String path) throws DamnitException {
        if (n.pieces().isEmpty()) {
            return false;
        }
        try (FileContent content = new FileContent(ctx.chunks(), n, path)) {
            byte[] first = content.piece(0, null);
            return Containerizer.looksLikeGzip(java.util.Arrays.copyOf(first, Math.min(first.length, GZIP_HEADER)));
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
