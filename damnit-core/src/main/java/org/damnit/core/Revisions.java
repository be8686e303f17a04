package org.damnit.core;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.RevisionNotFoundException;
import org.damnit.StorageException;
import org.damnit.store.Store;
import org.damnit.store.StoreKeys;

/** Revision syntax (HEAD, branch, tag, remote/branch, short ids, {@code ~N}, {@code ^N}) and ancestry. */
final class Revisions {
    private final Store store;
    private final Refs refs;
    private final Trees trees;

    Revisions(Store store, Refs refs, Trees trees) {
        this.store = store;
        this.refs = refs;
        this.trees = trees;
    }

    ObjectId resolve(String revision) throws DamnitException {
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
                    id = firstParent(id).orElseThrow(() -> new RevisionNotFoundException(
                        "revision '" + revision + "' goes back further than the first commit"));
                }
            } else if (op == '^') {
                List<ObjectId> parents = trees.readCommit(id).parents();
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

    /** A commit's first parent; empty for a first commit. */
    Optional<ObjectId> firstParent(ObjectId commit) throws DamnitException {
        List<ObjectId> parents = trees.readCommit(commit).parents();
        return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(0));
    }

    private ObjectId resolveBase(String base, String revision) throws DamnitException {
        if (base.isEmpty()) {
            throw new RevisionNotFoundException("bad revision '" + revision + "'");
        }
        if (base.equals("HEAD")) {
            return refs.head().orElseThrow(() -> new RevisionNotFoundException(
                "HEAD has no commits yet (branch " + refs.currentBranchOrUnknown() + ")"));
        }
        if (ObjectId.isValidHex(base)) {
            // a full id names its commit, as in git, without asking the store for refs of that name or for a
            // listing (a web server resolves one per request); the commit is read once and then kept
            ObjectId id = ObjectId.fromHex(base);
            try {
                trees.readCommit(id);
                return id;
            } catch (CorruptObjectException notACommit) {
                // not a stored commit: a ref could still have this name
            }
        }
        if (StoreKeys.isValid(Refs.HEADS + base)) {
            for (String prefix : List.of(Refs.HEADS, Refs.TAGS, Refs.REMOTES)) {
                Optional<ObjectId> r = refs.read(prefix + base);
                if (r.isPresent()) {
                    return r.get();
                }
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
                    todo.addAll(trees.readCommit(c).parents());
                } catch (CorruptObjectException e) {
                    // a commit we do not have: not on this path
                }
            }
        }
        return false;
    }
}
