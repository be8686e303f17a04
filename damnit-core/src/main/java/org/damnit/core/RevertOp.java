package org.damnit.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.damnit.BadPathException;
import org.damnit.Commit;
import org.damnit.CommitResult;
import org.damnit.DamnitException;
import org.damnit.FileStatus;
import org.damnit.ObjectId;
import org.damnit.RefusedException;
import org.damnit.RestoreCommand;
import org.damnit.StorageException;
import org.damnit.UncommittedChangesException;

/** Revert: restore paths (or the whole tree) as they were at a revision, then commit that. */
final class RevertOp {
    private final RepoContext ctx;

    RevertOp(RepoContext ctx) {
        this.ctx = ctx;
    }

    Commit call(String revision, List<String> paths, String message) throws DamnitException {
        ObjectId target = ctx.revisions().resolve(revision);
        List<FileStatus> changes = ctx.porcelain().status().call();
        if (!changes.isEmpty()) {
            throw new UncommittedChangesException("uncommitted changes in the working tree ("
                + changes.get(0).path() + ", ...); commit them first, so that the revert commit holds only the revert");
        }
        RestoreCommand r = ctx.porcelain().restore().setRevision(target.toHex()).setForce(true);
        Map<String, Node> at = ctx.trees().flatten(ctx.trees().readCommit(target).tree());
        List<String> absent = new java.util.ArrayList<>();
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
            Path p = ctx.paths().workTree().resolve(n);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadPathException("'" + n + "' is neither in revision " + revision + " nor in the working tree");
            }
            try {
                WorkTree.deleteRecursively(p);
            } catch (IOException e) {
                throw new StorageException("cannot remove " + n + ": " + e.getMessage(), e);
            }
        }
        String what = paths.isEmpty() ? "the whole tree" : String.join(", ", paths);
        String msg = message != null ? message : "Revert " + what + " to " + revision + " (" + target.abbreviate(12) + ")";
        CommitResult c = ctx.porcelain().commit().setMessage(msg).call();
        return c.commit().orElseThrow(() -> new RefusedException(what + " is already as it was at " + revision
            + "; nothing to revert"));
    }
}
