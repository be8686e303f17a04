package org.damnit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.damnit.BadNameException;
import org.damnit.ConfigException;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;
import org.damnit.store.StoreKeys;

/** Refs in the store ({@code heads/}, {@code tags/}, {@code remotes/}) and HEAD, the current branch. */
final class Refs {
    static final String HEADS = "heads/";
    static final String TAGS = "tags/";
    static final String REMOTES = "remotes/";

    private final Store store;
    private final Path headFile;

    Refs(Store store, Path headFile) {
        this.store = store;
        this.headFile = headFile;
    }

    Optional<ObjectId> read(String ref) throws DamnitException {
        try {
            Optional<String> v = store.readRef(ref);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!ObjectId.isValidHex(v.get())) {
                throw new CorruptObjectException("ref " + ref + " is damaged: '" + Codec.printable(v.get()) + "'");
            }
            return Optional.of(ObjectId.fromHex(v.get()));
        } catch (IOException e) {
            throw new StorageException("cannot read ref " + ref + ": " + e.getMessage(), e);
        }
    }

    List<String> list(String prefix) throws StorageException {
        try (Stream<String> s = store.listRefs(prefix)) {
            return s.toList();
        } catch (IOException e) {
            throw new StorageException("cannot list refs: " + e.getMessage(), e);
        }
    }

    /** Every ref under {@code prefix} with its value, keyed by the name after the prefix. */
    java.util.SortedMap<String, ObjectId> under(String prefix) throws DamnitException {
        java.util.SortedMap<String, ObjectId> out = new java.util.TreeMap<>();
        for (String ref : list(prefix)) {
            read(ref).ifPresent(v -> out.put(ref.substring(prefix.length()), v));
        }
        return out;
    }

    /** Compare-and-swap: moves {@code ref} from {@code expected} (empty: absent) to {@code value}. */
    boolean update(String ref, Optional<ObjectId> expected, ObjectId value) throws StorageException {
        try {
            return store.compareAndSetRef(ref, expected.map(ObjectId::toHex), Optional.of(value.toHex()));
        } catch (IOException e) {
            throw new StorageException("cannot update ref " + ref + ": " + e.getMessage(), e);
        }
    }

    /** Sets a ref whatever its value (for remote-tracking refs, which only this repository writes). */
    void set(String ref, ObjectId value) throws StorageException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<ObjectId> cur;
            try {
                cur = read(ref);
            } catch (DamnitException e) {
                cur = Optional.empty();
            }
            if (cur.equals(Optional.of(value)) || update(ref, cur, value)) {
                return;
            }
        }
        throw new StorageException("cannot set ref " + ref + ": it keeps changing");
    }

    /** Deletes {@code ref} if it exists; {@code what} names it in messages. */
    boolean delete(String ref, String what) throws DamnitException {
        try {
            Optional<String> cur = store.readRef(ref); // a damaged ref can be deleted too
            if (cur.isEmpty()) {
                return false;
            }
            return store.compareAndSetRef(ref, cur, Optional.empty());
        } catch (IOException e) {
            throw new StorageException("cannot delete " + what + ": " + e.getMessage(), e);
        }
    }

    String currentBranch() throws DamnitException {
        try {
            String s = new String(RegularFiles.readAllBytes(headFile), StandardCharsets.UTF_8).strip();
            if (!s.startsWith("ref: heads/") || !StoreKeys.isValid(s.substring(5))) {
                throw new ConfigException(headFile + " is malformed: expected 'ref: heads/BRANCH'");
            }
            return s.substring("ref: heads/".length());
        } catch (NoSuchFileException e) {
            throw new ConfigException(headFile + " is missing");
        } catch (IOException e) {
            throw new StorageException("cannot read " + headFile + ": " + e.getMessage(), e);
        }
    }

    /** The current branch, or "?" when HEAD cannot be read (for messages). */
    String currentBranchOrUnknown() {
        try {
            return currentBranch();
        } catch (DamnitException e) {
            return "?";
        }
    }

    /** Points HEAD at another branch (the working tree is not touched). */
    void setCurrentBranch(String branch) throws DamnitException {
        if (!StoreKeys.isValid(HEADS + branch)) {
            throw new BadNameException("bad branch name '" + branch + "'");
        }
        writeHead(headFile, branch);
    }

    /** Writes a HEAD file naming {@code branch}. */
    static void writeHead(Path headFile, String branch) throws StorageException {
        try {
            Files.writeString(headFile, "ref: heads/" + branch + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot write " + headFile + ": " + e.getMessage(), e);
        }
    }

    /** The commit the current branch names, if it has one. */
    Optional<ObjectId> head() throws DamnitException {
        return read(HEADS + currentBranch());
    }
}
