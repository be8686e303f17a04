package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.damnit.BadPathException;
import org.damnit.ConcurrentUpdateException;
import org.damnit.DamnitException;
import org.damnit.FileStatus;
import org.damnit.NotFoundException;
import org.damnit.ObjectId;
import org.damnit.ProgressListener;
import org.damnit.StorageException;
import org.damnit.TransferCommand;
import org.damnit.TransferResult;
import org.damnit.UncommittedChangesException;
import org.damnit.store.Store;
import org.damnit.store.Stores;

/** Push, fetch and pull against one remote store. */
final class TransferOp {
    enum Mode { PUSH, FETCH, PULL }

    private final RepoContext ctx;
    private final TransferCommand.Request req;
    private final Mode mode;

    TransferOp(RepoContext ctx, Mode mode, TransferCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
        this.mode = mode;
    }

    TransferResult execute() throws DamnitException {
        String b = req.branch() != null ? req.branch() : ctx.refs().currentBranch();
        try (Store remoteStore = ctx.remotes().open(req.remote(), mode == Mode.PUSH)) {
            return switch (mode) {
                case PUSH -> push(remoteStore, b);
                case FETCH -> fetch(remoteStore, b);
                case PULL -> pull(remoteStore, b);
            };
        } catch (IOException e) {
            throw new StorageException("closing remote " + req.remote() + " failed: " + e.getMessage(), e);
        }
    }

    private Optional<ObjectId> remoteRef(Store s, String b) throws DamnitException {
        try {
            Optional<String> v = s.readRef("heads/" + b);
            if (v.isPresent() && !ObjectId.isValidHex(v.get())) {
                throw new StorageException("remote " + req.remote() + " has a damaged ref heads/" + b);
            }
            return v.map(ObjectId::fromHex);
        } catch (IOException e) {
            throw new StorageException("cannot read heads/" + b + " of remote " + req.remote() + ": " + e.getMessage(), e);
        }
    }

    private TransferResult push(Store to, String b) throws DamnitException {
        ObjectId head = ctx.refs().read("heads/" + b).orElseThrow(
            () -> new org.damnit.RefusedException("branch " + b + " has no commits to push"));
        Optional<ObjectId> theirs = remoteRef(to, b);
        if (theirs.isPresent() && !theirs.get().equals(head) && !ctx.revisions().isAncestor(theirs.get(), head)) {
            throw new ConcurrentUpdateException("remote " + req.remote() + " has commits on " + b + " that this repository "
                + "does not have; run 'damnit pull " + req.remote() + "' first");
        }
        Transfer.Counts c;
        try (Leases.Lease lease = Leases.forWriting(to)) { // what the remote has is not copied: its gc must know
            try {
                c = Transfer.copyMissing(ctx.store(), to, req.progress());
            } finally {
                req.progress().end();
            }
            lease.check();
            moveRemoteBranch(to, b, theirs, head);
        }
        ctx.refs().set("remotes/" + req.remote() + "/" + b, head);
        return new TransferResult(req.remote(), b, c.objects(), c.bytes(), c.skipped(), theirs, Optional.of(head));
    }

    private void moveRemoteBranch(Store to, String b, Optional<ObjectId> theirs, ObjectId head) throws DamnitException {
        if (!theirs.equals(Optional.of(head))) {
            try {
                if (!to.compareAndSetRef("heads/" + b, theirs.map(ObjectId::toHex), Optional.of(head.toHex()))) {
                    throw new ConcurrentUpdateException("branch " + b + " of remote " + req.remote() + " moved while pushing; "
                        + "the objects are there, run 'damnit pull " + req.remote() + "' and push again");
                }
            } catch (IOException e) {
                throw new StorageException("cannot update heads/" + b + " of remote " + req.remote() + ": " + e.getMessage(), e);
            }
        }
    }

    private TransferResult fetch(Store from, String b) throws DamnitException {
        Optional<ObjectId> theirs = remoteRef(from, b);
        Optional<ObjectId> before = ctx.refs().read("remotes/" + req.remote() + "/" + b);
        Transfer.Counts c;
        boolean forced = false;
        try (Leases.Lease lease = Leases.forWriting(ctx.store())) {
            try {
                c = Transfer.copyMissing(from, ctx.store(), req.progress(), key -> verifyArrived(key));
            } finally {
                req.progress().end();
            }
            ctx.chunks().sync();
            if (theirs.isPresent()) {
                ctx.trees().readCommitFromStore(theirs.get()); // it must have arrived whole
                // moved sideways: what was fetched before is no longer in the remote branch
                forced = before.isPresent() && !ctx.revisions().isAncestor(before.get(), theirs.get());
                lease.check();
                ctx.refs().set("remotes/" + req.remote() + "/" + b, theirs.get());
            }
        }
        return new TransferResult(req.remote(), b, c.objects(), c.bytes(), c.skipped(), before, theirs, forced);
    }

    /**
     * Checks an object that arrived from the remote: a pack against its trailer checksum, a pack index
     * against its pack (the pack id is a hash of the index entries and the pack trailer), a container
     * against its format, checksum and the file it names, a tree or commit against its id.
     */
    private void verifyArrived(String key) throws DamnitException {
        ObjectId id = StoreLayout.idOf(key);
        StoreLayout area = StoreLayout.of(key).orElse(null);
        if (id == null || area == null) {
            return;
        }
        switch (area) {
            case PACKS -> PackCheck.checkPackFile(ctx.store(), key);
            case PACK_INDEXES -> PackCheck.checkIndex(ctx.store(), id);
            case CONTAINERS -> ctx.chunks().containers().check(key);
            case TREES -> ctx.trees().readTreeFromStore(id);
            case COMMITS -> ctx.trees().readCommitFromStore(id);
        }
    }

    private TransferResult pull(Store from, String b) throws DamnitException {
        TransferResult f = fetch(from, b);
        if (f.forcedUpdate()) {
            throw new ConcurrentUpdateException(forcedMessage(req.remote(), b, f) + "; nothing was pulled. See what "
                + req.remote() + "/" + b + " holds now (damnit log " + req.remote() + "/" + b + "), push what is missing from it, "
                + "or restore what you need from it and commit");
        }
        Optional<ObjectId> theirs = f.newCommit();
        Optional<ObjectId> ours = ctx.refs().read("heads/" + b);
        if (theirs.isEmpty() || theirs.equals(ours)) {
            return new TransferResult(req.remote(), b, f.objects(), f.bytes(), f.skipped(), ours, ours);
        }
        if (ours.isPresent() && ctx.revisions().isAncestor(theirs.get(), ours.get())) {
            return new TransferResult(req.remote(), b, f.objects(), f.bytes(), f.skipped(), ours, ours); // we are ahead
        }
        if (ours.isPresent() && !ctx.revisions().isAncestor(ours.get(), theirs.get())) {
            throw new ConcurrentUpdateException("branch " + b + " and " + req.remote() + "/" + b + " have diverged; "
                + "restore the files you want from " + req.remote() + "/" + b + " (damnit restore --rev " + req.remote() + "/" + b
                + ") and commit, or start a new clone");
        }
        boolean current = b.equals(ctx.refs().currentBranch());
        if (current) {
            for (FileStatus s : ctx.porcelain().status().call()) {
                if (s.state() != FileStatus.State.UNCHANGED) {
                    throw new UncommittedChangesException("uncommitted changes in the working tree (" + s.path()
                        + ", ...); commit them or restore --force before pulling");
                }
            }
        }
        if (!ctx.refs().update("heads/" + b, ours, theirs.get())) {
            throw new ConcurrentUpdateException("branch " + b + " moved during the pull; run it again");
        }
        if (current) {
            ctx.porcelain().restore().setRevision(theirs.get().toHex()).setForce(true).call();
        }
        return new TransferResult(req.remote(), b, f.objects(), f.bytes(), f.skipped(), ours, theirs);
    }

    /** What a fetch that moved a remote-tracking branch sideways says. */
    static String forcedMessage(String remote, String branch, TransferResult f) {
        return "forced update of " + remote + "/" + branch + ": " + f.oldCommit().map(c -> c.abbreviate(12)).orElse("?")
            + "..." + f.newCommit().map(c -> c.abbreviate(12)).orElse("?") + "; the remote branch no longer contains "
            + f.oldCommit().map(c -> c.abbreviate(12)).orElse("?") + ", which was fetched from it before (its history "
            + "was rewritten, or a commit was lost there)";
    }
}
