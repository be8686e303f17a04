package org.damnit.core;

import java.util.Optional;
import java.util.SortedMap;
import org.damnit.AlreadyExistsException;
import org.damnit.BadNameException;
import org.damnit.DamnitException;
import org.damnit.FileStatus;
import org.damnit.ObjectId;
import org.damnit.RefusedException;
import org.damnit.RevisionNotFoundException;
import org.damnit.UncommittedChangesException;
import org.damnit.store.StoreKeys;

/** Tags and branches: creating, listing, deleting, and switching the working tree to a branch. */
final class NamedRefs {
    private final RepoContext ctx;

    NamedRefs(RepoContext ctx) {
        this.ctx = ctx;
    }

    /** The ref for a tag or branch name, which must be a valid key and not look like an option. */
    private static String namedRef(String prefix, String what, String name) throws BadNameException {
        if (!StoreKeys.isValid(prefix + name) || name.startsWith("-")) {
            throw new BadNameException("bad " + what + " name '" + name + "': use letters, digits, '.', '_', '-' and '/'");
        }
        return prefix + name;
    }

    private static String branchRef(String name) throws BadNameException {
        return namedRef(Refs.HEADS, "branch", name);
    }

    /** Creates {@code ref} at {@code revision}; an existing ref is an error that ends with {@code hint}. */
    private ObjectId create(String ref, String what, String name, String revision, String hint) throws DamnitException {
        ObjectId id = ctx.revisions().resolve(revision);
        ctx.trees().readCommit(id);
        if (!ctx.refs().update(ref, Optional.empty(), id)) {
            throw new AlreadyExistsException(what + " " + name + " exists already (at "
                + ctx.refs().read(ref).map(o -> o.abbreviate(12)).orElse("?") + ")" + hint);
        }
        return id;
    }

    ObjectId createTag(String name, String revision) throws DamnitException {
        return create(namedRef(Refs.TAGS, "tag", name), "tag", name, revision, "; tags do not move: delete it first");
    }

    SortedMap<String, ObjectId> tags() throws DamnitException {
        return ctx.refs().under(Refs.TAGS);
    }

    boolean deleteTag(String name) throws DamnitException {
        return ctx.refs().delete(namedRef(Refs.TAGS, "tag", name), "tag " + name);
    }

    ObjectId createBranch(String name, String revision) throws DamnitException {
        return create(branchRef(name), "branch", name, revision, "");
    }

    SortedMap<String, ObjectId> branches() throws DamnitException {
        return ctx.refs().under(Refs.HEADS);
    }

    boolean deleteBranch(String name) throws DamnitException {
        String ref = branchRef(name);
        if (name.equals(ctx.refs().currentBranch())) {
            throw new RefusedException("branch " + name + " is the current branch; switch to another one first");
        }
        return ctx.refs().delete(ref, "branch " + name);
    }

    void switchBranch(String name) throws DamnitException {
        String ref = branchRef(name);
        ObjectId target = ctx.refs().read(ref).orElseThrow(() -> new RevisionNotFoundException(
            "no branch " + name + " (create it with 'damnit branch " + name + "')"));
        if (name.equals(ctx.refs().currentBranch())) {
            return;
        }
        java.util.List<FileStatus> changes = ctx.porcelain().status().call();
        if (!changes.isEmpty()) {
            throw new UncommittedChangesException("uncommitted changes in the working tree ("
                + changes.get(0).path() + ", ...); commit them before switching branches");
        }
        // not forced: the tree is clean, so only files HEAD does not hold (ignored ones) can be in the way
        ctx.porcelain().restore().setRevision(target.toHex()).call();
        ctx.refs().setCurrentBranch(name);
    }
}
