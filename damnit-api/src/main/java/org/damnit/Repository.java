package org.damnit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A DAMNIT repository: a project directory whose history lives in {@code .damnit/} inside it.
 *
 * <pre>{@code
 * try (Repository repo = Repository.open(projectDir)) {
 *     repo.commit().setMessage("run 42").call();
 *     repo.restore().setRevision("HEAD~1").addPath("aln/A.bam").call();
 * }
 * }</pre>
 *
 * The implementation is found with {@link java.util.ServiceLoader} through
 * {@link org.damnit.spi.RepositoryFactory}; put {@code damnit-core} on the class path. An instance may be
 * shared by threads; each command object is single-use and must not be.
 */
public interface Repository extends AutoCloseable {

    /** Creates a repository in {@code projectDir} (created if absent) with the local-disk store. */
    static Repository init(Path projectDir) throws DamnitException {
        return builder(projectDir).init();
    }

    /** Opens the repository whose project root is {@code projectDir}. */
    static Repository open(Path projectDir) throws DamnitException {
        return builder(projectDir).open();
    }

    /** A builder for the less common cases (another store URI, a default author). */
    static RepositoryBuilder builder(Path projectDir) {
        return new RepositoryBuilder(projectDir);
    }

    /** The project root (the directory that holds {@code .damnit/}). */
    Path workTree();

    CommitCommand commit();

    StatusCommand status();

    LogCommand log();

    RestoreCommand restore();

    VerifyCommand verify();

    DiffCommand diff();

    FindCommand find();

    /**
     * Makes a new commit that puts {@code paths} (all of the tree if none) back to how they were at
     * {@code revision}; history is not rewritten. The working tree must have no uncommitted changes.
     */
    Commit revert(String revision, java.util.List<String> paths, String message) throws DamnitException;

    /** Removes unreachable objects and repacks mostly-garbage packs, in two phases (see {@link GcCommand}). */
    GcCommand gc();

    /** Sends the branch's missing objects to a remote and moves the remote branch forward. */
    TransferCommand push();

    /** Copies a remote branch's missing objects here and records it as {@code remotes/REMOTE/BRANCH}. */
    TransferCommand fetch();

    /**
     * Fetches, moves the local branch forward to the remote one and updates the working tree (which
     * must have no uncommitted changes).
     */
    TransferCommand pull();

    /** The configured remotes, by name. */
    java.util.Map<String, java.net.URI> remotes() throws DamnitException;

    /** Adds a remote; the URI is checked by opening its store. */
    void addRemote(String name, java.net.URI uri) throws DamnitException;

    /** Removes a remote; returns whether it existed. */
    boolean removeRemote(String name) throws DamnitException;

    /**
     * Creates a repository in {@code dir} (new or empty) from the store at {@code source}: fetches its
     * {@code main} branch (or the only branch), names the source {@code origin}, and writes the working tree.
     */
    static Repository cloneFrom(java.net.URI source, Path dir) throws DamnitException {
        return builder(dir).cloneFrom(source);
    }

    /**
     * Records key=value metadata for a file or link in the working tree, as a pending change that the
     * next commit records (like staging); a {@code null} value removes the key. Keys are 1-128 letters,
     * digits, '.', '_', '-' or ':'; values are one line.
     */
    void setMetadata(String path, java.util.Map<String, String> values) throws DamnitException;

    /**
     * The metadata of {@code path}: at {@code revision}, or, when it is null, at HEAD with the pending
     * changes applied.
     */
    java.util.Map<String, String> metadata(String revision, String path) throws DamnitException;

    /** Creates tag {@code name} at {@code revision}; tags never move, so an existing name is an error. */
    ObjectId createTag(String name, String revision) throws DamnitException;

    /** Tag names with the commits they name, sorted by name. */
    java.util.SortedMap<String, ObjectId> tags() throws DamnitException;

    /** Removes a tag; returns whether it existed. */
    boolean deleteTag(String name) throws DamnitException;

    /** Creates branch {@code name} at {@code revision}; an existing name is an error. HEAD does not move. */
    ObjectId createBranch(String name, String revision) throws DamnitException;

    /** Branch names with the commits they point to, sorted by name. */
    java.util.SortedMap<String, ObjectId> branches() throws DamnitException;

    /**
     * Removes a branch (not the current one); returns whether it existed. Commits reachable only from it
     * become garbage for {@link #gc()}.
     */
    boolean deleteBranch(String name) throws DamnitException;

    /**
     * Makes {@code name} the current branch and writes its tree into the working tree (tracked files it
     * does not have are removed; untracked files stay). The working tree must have no uncommitted changes.
     */
    void switchBranch(String name) throws DamnitException;

    /** Resolves a full or unique short id, {@code HEAD}, {@code HEAD~N}, a branch or a tag. */
    ObjectId resolve(String revision) throws DamnitException;

    /** The entry at {@code path} in {@code revision}, reading only the trees on its way; empty if absent. */
    Optional<TreeEntry> entry(String revision, String path) throws DamnitException;

    /**
     * The content of file {@code path} at {@code revision}, streamed chunk by chunk (memory stays
     * bounded whatever the size). Every chunk is checked against its id as it is read, and the
     * whole-file SHA-256 at the end; a mismatch surfaces as an {@link java.io.IOException} whose cause
     * is a {@link CorruptObjectException}.
     *
     * @throws BadPathException if the revision has no file at {@code path}
     */
    java.io.InputStream openFile(String revision, String path) throws DamnitException;

    /**
     * Random access to file {@code path} at {@code revision}: each read fetches and verifies only the
     * chunks it overlaps (located from the chunk sizes in the tree entry), on any store.
     *
     * @throws BadPathException if the revision has no file at {@code path}
     */
    SeekableFile openSeekable(String revision, String path) throws DamnitException;

    /**
     * Every commit reachable from {@code revision} (first parents) that added, changed or deleted
     * {@code path}, newest first.
     */
    List<FileVersion> history(String revision, String path) throws DamnitException;

    /**
     * Counts and sizes as seen from {@code revision}; each distinct tree is read once, so this costs
     * about as much as reading the history's trees.
     */
    Summary summary(String revision) throws DamnitException;

    /** Reads one commit. */
    Commit readCommit(ObjectId id) throws DamnitException;

    /** Every file, directory and link of a revision, in path order. */
    List<TreeEntry> listTree(String revision) throws DamnitException;

    /** The branch HEAD points to (e.g. {@code main}). */
    String currentBranch() throws DamnitException;

    /** The commit HEAD points to; empty before the first commit. */
    Optional<ObjectId> head() throws DamnitException;

    @Override
    void close() throws DamnitException;
}
