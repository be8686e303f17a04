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
 * <p><b>One rule for the verbs.</b> A verb that takes options, or reports what it did, is a command
 * object: a method returns it, its setters return it, {@link Command#call()} runs it once (commit,
 * status, log, restore, verify, diff, find, revert, gc, push, fetch, pull). A command is a final class
 * with private settings; {@code call()} freezes them into the command's immutable {@code Request}
 * record and hands that to the {@link org.damnit.spi.CommandExecutor} the implementation supplied, so
 * no API class has mutable state an implementation reads or subclasses. A verb that acts on one named
 * thing with nothing to configure is a method that takes that thing: tags, branches, remotes and
 * metadata. Errors are {@link DamnitException}s grouped by meaning:
 * {@link NotFoundException} (no such revision, branch, tag, remote), {@link RefusedException} (the
 * state forbids it: {@link AlreadyExistsException}, {@link UncommittedChangesException},
 * {@link ConcurrentUpdateException}), {@link BadArgumentException} (an argument is malformed; for
 * names {@link BadNameException}, for paths {@link BadPathException}), {@link CorruptObjectException}
 * and {@link StorageException} (the store).
 *
 * <p>The implementation is found with {@link java.util.ServiceLoader} through
 * {@link org.damnit.spi.RepositoryFactory}; put {@code damnit-core} on the class path. An instance may be
 * shared by threads; each command object is single-use and must not be.
 */
public interface Repository extends AutoCloseable {

    /**
     * Creates a repository in {@code projectDir} (created if absent) with the local-disk store.
     *
     * @param projectDir the project root
     * @return the new repository, open
     * @throws DamnitException if one exists there already, or it cannot be created
     */
    static Repository init(Path projectDir) throws DamnitException {
        return builder(projectDir).init();
    }

    /**
     * Opens the repository whose project root is {@code projectDir} (or the nearest parent holding one).
     *
     * @param projectDir the project root, or a directory below it
     * @return the repository, open
     * @throws DamnitException if there is none, or its config or store cannot be read
     */
    static Repository open(Path projectDir) throws DamnitException {
        return builder(projectDir).open();
    }

    /**
     * A builder for the less common cases (another store URI, a default author).
     *
     * @param projectDir the project root
     * @return a new builder
     */
    static RepositoryBuilder builder(Path projectDir) {
        return new RepositoryBuilder(projectDir);
    }

    /**
     * Creates a repository in {@code dir} (new or empty) from the store at {@code source}: fetches its
     * {@code main} branch (or the only branch), names the source {@code origin}, and writes the working tree.
     *
     * @param source the store URI to clone from
     * @param dir    the new project root
     * @return the new repository, open
     * @throws DamnitException if {@code dir} is not empty, or the source has no branch or cannot be read
     */
    static Repository cloneFrom(java.net.URI source, Path dir) throws DamnitException {
        return builder(dir).cloneFrom(source);
    }

    /**
     * The project root.
     *
     * @return the directory that holds {@code .damnit/}
     */
    Path workTree();

    /**
     * Records the working tree as a new commit on the current branch.
     *
     * @return a new commit command
     */
    CommitCommand commit();

    /**
     * Compares the working tree with HEAD.
     *
     * @return a new status command
     */
    StatusCommand status();

    /**
     * Lists commits from a revision back through its parents.
     *
     * @return a new log command
     */
    LogCommand log();

    /**
     * Writes files of a revision into the working tree or another directory.
     *
     * @return a new restore command
     */
    RestoreCommand restore();

    /**
     * Checks that every object reachable from the refs is present and intact.
     *
     * @return a new verify command
     */
    VerifyCommand verify();

    /**
     * Compares two revisions, or a revision with the working tree.
     *
     * @return a new diff command
     */
    DiffCommand diff();

    /**
     * Finds files by name, size, digest or metadata.
     *
     * @return a new find command
     */
    FindCommand find();

    /**
     * Makes a new commit that puts paths (all of the tree if none) back to how they were at a revision;
     * history is not rewritten.
     *
     * @return a new revert command
     */
    RevertCommand revert();

    /**
     * Removes unreachable objects and repacks mostly-garbage packs, in two phases (see {@link GcCommand}).
     *
     * @return a new gc command
     */
    GcCommand gc();

    /**
     * Stores committed gzip and BGZF files by their decompressed content (see {@link RepackCommand}).
     *
     * @return a new repack command
     */
    RepackCommand repack();

    /**
     * Sends the branch's missing objects to a remote and moves the remote branch forward.
     *
     * @return a new push command
     */
    TransferCommand push();

    /**
     * Copies a remote branch's missing objects here and records it as {@code remotes/REMOTE/BRANCH}.
     *
     * @return a new fetch command
     */
    TransferCommand fetch();

    /**
     * Fetches, moves the local branch forward to the remote one and updates the working tree (which
     * must have no uncommitted changes).
     *
     * @return a new pull command
     */
    TransferCommand pull();

    /**
     * The configured remotes.
     *
     * @return remote name to store URI, sorted by name
     * @throws DamnitException if the config cannot be read
     */
    java.util.Map<String, java.net.URI> remotes() throws DamnitException;

    /**
     * Adds a remote; the URI is checked by opening its store.
     *
     * @param name the remote's name (letters, digits, '.', '_', '-')
     * @param uri  its store URI
     * @throws DamnitException if the name is bad or taken, or the store cannot be opened
     */
    void addRemote(String name, java.net.URI uri) throws DamnitException;

    /**
     * Removes a remote.
     *
     * @param name the remote's name
     * @return whether it existed
     * @throws DamnitException if the config cannot be written
     */
    boolean removeRemote(String name) throws DamnitException;

    /**
     * Records key=value metadata for a file or link in the working tree, as a pending change that the
     * next commit records (like staging); a {@code null} value removes the key. Keys are 1-128 letters,
     * digits, '.', '_', '-' or ':'; values are one line.
     *
     * @param path   the file or link, relative to the project root
     * @param values the keys to set (or, with null values, remove)
     * @throws DamnitException if the path is not a file or link, or a key or value is not allowed
     */
    void setMetadata(String path, java.util.Map<String, String> values) throws DamnitException;

    /**
     * The metadata of {@code path}: at {@code revision}, or, when it is null, at HEAD with the pending
     * changes applied.
     *
     * @param revision the revision, or null for HEAD plus pending changes
     * @param path     the path, relative to the project root
     * @return key to value, sorted by key
     * @throws DamnitException if the path is not there
     */
    java.util.Map<String, String> metadata(String revision, String path) throws DamnitException;

    /**
     * Creates tag {@code name} at {@code revision}; tags never move, so an existing name is an error.
     *
     * @param name     the tag's name
     * @param revision what it names
     * @return the commit it names
     * @throws DamnitException if the name is bad or taken, or the revision is unknown
     */
    ObjectId createTag(String name, String revision) throws DamnitException;

    /**
     * The tags.
     *
     * @return tag names with the commits they name, sorted by name
     * @throws DamnitException if the refs cannot be read
     */
    java.util.SortedMap<String, ObjectId> tags() throws DamnitException;

    /**
     * Removes a tag.
     *
     * @param name the tag's name
     * @return whether it existed
     * @throws DamnitException if the name is bad, or the ref cannot be changed
     */
    boolean deleteTag(String name) throws DamnitException;

    /**
     * Creates branch {@code name} at {@code revision}; an existing name is an error. HEAD does not move.
     *
     * @param name     the branch's name
     * @param revision where it starts
     * @return the commit it points to
     * @throws DamnitException if the name is bad or taken, or the revision is unknown
     */
    ObjectId createBranch(String name, String revision) throws DamnitException;

    /**
     * The branches.
     *
     * @return branch names with the commits they point to, sorted by name
     * @throws DamnitException if the refs cannot be read
     */
    java.util.SortedMap<String, ObjectId> branches() throws DamnitException;

    /**
     * Removes a branch (not the current one). Commits reachable only from it become garbage for
     * {@link #gc()}.
     *
     * @param name the branch's name
     * @return whether it existed
     * @throws DamnitException if the name is bad or it is the current branch
     */
    boolean deleteBranch(String name) throws DamnitException;

    /**
     * Makes {@code name} the current branch and writes its tree into the working tree (tracked files it
     * does not have are removed; untracked files stay). The working tree must have no uncommitted changes.
     *
     * @param name the branch to switch to
     * @throws DamnitException if there is no such branch, or there are uncommitted changes
     */
    void switchBranch(String name) throws DamnitException;

    /**
     * Resolves a full or unique short id, {@code HEAD}, {@code HEAD~N}, {@code REV^N}, a branch, a tag or
     * {@code remote/branch}.
     *
     * @param revision the revision
     * @return the commit it names
     * @throws DamnitException if it names nothing, or is ambiguous
     */
    ObjectId resolve(String revision) throws DamnitException;

    /**
     * The entry at {@code path} in {@code revision}, reading only the trees on its way.
     *
     * @param revision the revision
     * @param path     the path, relative to the project root
     * @return the entry; empty if absent
     * @throws DamnitException if the revision is unknown or a tree cannot be read
     */
    Optional<TreeEntry> entry(String revision, String path) throws DamnitException;

    /**
     * The content of file {@code path} at {@code revision}, streamed chunk by chunk (memory stays
     * bounded whatever the size). Every chunk is checked against its id as it is read, and the
     * whole-file SHA-256 at the end; a mismatch surfaces as an {@link java.io.IOException} whose cause
     * is a {@link CorruptObjectException}.
     *
     * @param revision the revision
     * @param path     the file, relative to the project root
     * @return the content; the caller closes it
     * @throws BadPathException if the revision has no file at {@code path}
     * @throws DamnitException  if the revision is unknown or a tree cannot be read
     */
    java.io.InputStream openFile(String revision, String path) throws DamnitException;

    /**
     * Random access to file {@code path} at {@code revision}: each read fetches and verifies only the
     * chunks it overlaps (located from the chunk sizes in the tree entry), on any store.
     *
     * @param revision the revision
     * @param path     the file, relative to the project root
     * @return the open file; the caller closes it
     * @throws BadPathException if the revision has no file at {@code path}
     * @throws DamnitException  if the revision is unknown or a tree cannot be read
     */
    SeekableFile openSeekable(String revision, String path) throws DamnitException;

    /**
     * Every commit reachable from {@code revision} (first parents) that added, changed or deleted
     * {@code path}, newest first.
     *
     * @param revision where to start
     * @param path     the path, relative to the project root
     * @return the versions, newest first
     * @throws DamnitException if the revision is unknown or history cannot be read
     */
    List<FileVersion> history(String revision, String path) throws DamnitException;

    /**
     * Counts and sizes as seen from {@code revision}; each distinct tree is read once, so this costs
     * about as much as reading the history's trees.
     *
     * @param revision where to start
     * @return the summary
     * @throws DamnitException if the revision is unknown or history cannot be read
     */
    Summary summary(String revision) throws DamnitException;

    /**
     * Reads one commit.
     *
     * @param id the commit's id
     * @return the commit
     * @throws DamnitException if it is missing or damaged
     */
    Commit readCommit(ObjectId id) throws DamnitException;

    /**
     * Every file, directory and link of a revision, in path order.
     *
     * @param revision the revision
     * @return the entries
     * @throws DamnitException if the revision is unknown or a tree cannot be read
     */
    List<TreeEntry> listTree(String revision) throws DamnitException;

    /**
     * The branch HEAD points to.
     *
     * @return its name (e.g. {@code main})
     * @throws DamnitException if HEAD cannot be read
     */
    String currentBranch() throws DamnitException;

    /**
     * The commit HEAD points to.
     *
     * @return its id; empty before the first commit
     * @throws DamnitException if HEAD or the branch cannot be read
     */
    Optional<ObjectId> head() throws DamnitException;

    /**
     * Closes the store; command objects of this repository must not be used afterwards.
     *
     * @throws DamnitException if the store cannot be closed cleanly
     */
    @Override
    void close() throws DamnitException;
}
