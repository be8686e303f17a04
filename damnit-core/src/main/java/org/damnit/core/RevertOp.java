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
import org.damnit.RevertCommand;
import org.damnit.StorageException;
import org.damnit.UncommittedChangesException;

/** Revert: restore paths (or the whole tree) as they were at a revision, then commit that. */
final class RevertOp {
    private final RepoContext ctx;

    RevertOp(RepoContext ctx) {
        this.ctx = ctx;
    }

    Commit execute(RevertCommand.Request req) throws DamnitException {
        String revision = req.revision();
        List<String> paths = req.paths();
        String message = req.message();
        ObjectId target = ctx.revisions().resolve(revision);
        List<FileStatus> changes = ctx.porcelain().status().call();
        if (!changes.isEmpty()) {
            throw new UncommittedChangesException("uncommitted changes in the working tree ("
                + changes.get(0).path() + ", ...); commit them first, so that the revert commit holds only the revert");
        }
        // not forced: restore's own check refuses to replace or delete anything HEAD does not hold,
        // ignored files included (status does not list them)
        RestoreCommand r = ctx.porcelain().restore().setRevision(target.toHex());
        Map<String, Node> at = ctx.trees().flatten(ctx.trees().readCommit(target).tree());
        Map<String, Node> head = ctx.trees().headEntries();
        List<String> absent = new java.util.ArrayList<>();
        for (String p : paths) {
            String n = Names.normalize(p);
            if (n.isEmpty() || at.containsKey(n)) {
                r.addPath(n);
            } else if (head.containsKey(n)) {
                absent.add(n); // not in that revision: reverting means removing what HEAD tracks there
            } else {
                throw new BadPathException("'" + n + "' is neither in revision " + revision + " nor committed");
            }
        }
        try {
            if (paths.isEmpty() || paths.size() > absent.size()) {
                r.call();
            }
            for (String n : absent) {
                removeTracked(n, head);
            }
        } catch (UncommittedChangesException e) {
            throw new UncommittedChangesException(e.getMessage().replace("restore would", "revert would")
                .replace("commit them first or use --force", "move them away (ignored files too) or commit them first"));
        }
        String what = paths.isEmpty() ? "the whole tree" : String.join(", ", paths);
        String msg = message != null ? message : "Revert " + what + " to " + revision + " (" + target.abbreviate(12) + ")";
        CommitResult c = ctx.porcelain().commit().setMessage(msg).call();
        return c.commit().orElseThrow(() -> new RefusedException(what + " is already as it was at " + revision
            + "; nothing to revert"));
    }

    /**
     * Deletes what HEAD tracks at or below {@code rel} (files and links, then the directories left
     * empty), through real directories only; anything else there, ignored files included, stays.
     */
    private void removeTracked(String rel, Map<String, Node> head) throws DamnitException {
        Path root = ctx.paths().workTree();
        List<String> dirs = new java.util.ArrayList<>();
        try {
            for (Map.Entry<String, Node> e : head.entrySet()) {
                String p = e.getKey();
                if (!p.equals(rel) && !p.startsWith(rel + "/")) {
                    continue;
                }
                if (e.getValue().type() == org.damnit.EntryType.DIRECTORY) {
                    dirs.add(p);
                } else if (WorkTree.realParents(root, p)
                    && !Files.isDirectory(WorkTree.resolve(root, p), LinkOption.NOFOLLOW_LINKS)) {
                    WorkTree.delete(root, p);
                }
            }
            for (int i = dirs.size() - 1; i >= 0; i--) {
                WorkTree.deleteIfEmpty(root, dirs.get(i));
            }
        } catch (IOException e) {
            throw new StorageException("cannot remove " + rel + ": " + e.getMessage(), e);
        }
    }
}
