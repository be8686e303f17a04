package org.damnit.core;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.damnit.BadArgumentException;
import org.damnit.BadPathException;
import org.damnit.DamnitException;
import org.damnit.MetadataRules;

/** Key-value metadata of paths: committed on tree entries, pending in {@code .damnit/meta-pending}. */
final class Metadata {
    private final RepoContext ctx;

    Metadata(RepoContext ctx) {
        this.ctx = ctx;
    }

    void set(String path, Map<String, String> values) throws DamnitException {
        String p = Names.normalize(path);
        Path abs = WorkTree.resolve(ctx.paths().workTree(), p);
        if (p.isEmpty() || Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)
            || !Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadPathException("'" + path + "' is not a file or link in the working tree");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String problem = MetadataRules.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new BadArgumentException(problem);
            }
        }
        PendingMeta.update(ctx.paths().pendingMeta(), pending ->
            pending.changes.computeIfAbsent(p, k -> new java.util.TreeMap<>()).putAll(values));
    }

    /** At {@code revision}, or with null: as committed at HEAD with the pending changes applied. */
    Map<String, String> get(String revision, String path) throws DamnitException {
        String p = Names.normalize(path);
        if (revision != null) {
            Node n = ctx.trees().flatten(ctx.trees().readCommit(ctx.revisions().resolve(revision)).tree()).get(p);
            if (n == null) {
                throw new BadPathException("'" + path + "' is not in revision " + revision);
            }
            return n.meta();
        }
        Node n = ctx.trees().headEntries().get(p);
        PendingMeta pending = PendingMeta.load(ctx.paths().pendingMeta());
        if (n == null && !pending.changes.containsKey(p)) {
            throw new BadPathException("'" + path + "' is neither committed nor has pending metadata");
        }
        return pending.apply(p, n == null ? Map.of() : n.meta());
    }
}
