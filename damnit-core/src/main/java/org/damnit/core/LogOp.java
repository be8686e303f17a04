package org.damnit.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.LogCommand;
import org.damnit.ObjectId;

/** History from a revision, newest first (by commit time across merges), at most {@code maxCount} commits. */
final class LogOp {
    private final RepoContext ctx;
    private final LogCommand.Request req;

    LogOp(RepoContext ctx, LogCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    List<Commit> execute() throws DamnitException {
        if (req.revision().equals("HEAD") && ctx.refs().head().isEmpty()) {
            return List.of();
        }
        ObjectId start = ctx.revisions().resolve(req.revision());
        List<Commit> out = new ArrayList<>();
        PriorityQueue<Commit> queue = new PriorityQueue<>((a, b) -> b.time().compareTo(a.time()));
        Set<ObjectId> seen = new HashSet<>();
        queue.add(ctx.trees().readCommit(start));
        seen.add(start);
        while (!queue.isEmpty() && out.size() < req.maxCount()) {
            Commit c = queue.poll();
            out.add(c);
            for (ObjectId p : c.parents()) {
                if (seen.add(p)) {
                    queue.add(ctx.trees().readCommit(p));
                }
            }
        }
        return out;
    }
}
