package org.damnit;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.damnit.spi.CommandExecutor;

/**
 * Records the working tree as a new commit on the current branch. Single use: configure with the
 * setters, then {@link #call()} once.
 *
 * <p>Files whose size, modification time and file key match the previous commit's stat cache are not
 * read again. If the resulting tree equals HEAD's, no commit is made and
 * {@link CommitResult#created()} is {@code false} ("nothing to commit").
 *
 * <p>{@link #call()} throws {@link BadArgumentException} without a message, {@link ConcurrentUpdateException}
 * if another writer moved the branch meanwhile (nothing is lost; commit again),
 * {@link FileChangedException} if a file kept changing while it was read, and
 * {@link StorageException} if the store fails.
 */
public final class CommitCommand extends Command<CommitResult> {
    /**
     * The settings of one commit.
     *
     * @param message    the commit message, not blank
     * @param author     the author, or null for the default ({@code DAMNIT_AUTHOR}, the config, the OS user)
     * @param scanOrder  the order the working tree is scanned in
     * @param progress   where progress is reported
     * @param allowEmpty whether to commit even when the tree did not change
     * @param metadata   commit metadata, sorted by key, unmodifiable
     */
    public record Request(String message, Person author, ScanOrder scanOrder, ProgressListener progress,
                          boolean allowEmpty, SortedMap<String, String> metadata) {
        /**
         * Copies the metadata, so that the request stays immutable.
         *
         * @param message    the commit message, not blank
         * @param author     the author, or null for the default ({@code DAMNIT_AUTHOR}, the config, the OS user)
         * @param scanOrder  the order the working tree is scanned in
         * @param progress   where progress is reported
         * @param allowEmpty whether to commit even when the tree did not change
         * @param metadata   commit metadata, sorted by key, unmodifiable
         */
        public Request {
            metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        }
    }

    private final CommandExecutor<Request, CommitResult> executor;
    private String message;
    private Person author;
    private ScanOrder scanOrder = ScanOrder.DEPTH_FIRST;
    private ProgressListener progress = ProgressListener.NONE;
    private boolean allowEmpty;
    private final SortedMap<String, String> metadata = new TreeMap<>();

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#commit()}.
     *
     * @param executor runs the request when the command is called
     */
    public CommitCommand(CommandExecutor<Request, CommitResult> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The commit message (required).
     *
     * @param message the message
     * @return this command
     */
    public CommitCommand setMessage(String message) {
        this.message = Objects.requireNonNull(message, "message");
        return this;
    }

    /**
     * The author; defaults to {@code DAMNIT_AUTHOR}, then the repository config, then the OS user.
     *
     * @param name  the author's name
     * @param email the author's e-mail address
     * @return this command
     */
    public CommitCommand setAuthor(String name, String email) {
        this.author = new Person(name, email);
        return this;
    }

    /**
     * The author; see {@link #setAuthor(String, String)}.
     *
     * @param author the author
     * @return this command
     */
    public CommitCommand setAuthor(Person author) {
        this.author = Objects.requireNonNull(author, "author");
        return this;
    }

    /**
     * The order in which the working tree is scanned (default depth-first); the tree is the same.
     *
     * @param scanOrder the order
     * @return this command
     */
    public CommitCommand setScanOrder(ScanOrder scanOrder) {
        this.scanOrder = Objects.requireNonNull(scanOrder, "scanOrder");
        return this;
    }

    /**
     * Where scanning and reading are reported (default: nowhere).
     *
     * @param progress the listener
     * @return this command
     */
    public CommitCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * Adds a key=value pair to the commit's metadata (sample, run, tool version, ...). Keys are 1-128
     * characters of letters, digits, '.', '_', '-' and ':'; values are one line.
     *
     * @param key   the key
     * @param value the value
     * @return this command
     * @throws IllegalArgumentException if the key or value is not allowed
     */
    public CommitCommand setMetadata(String key, String value) {
        String problem = MetadataRules.problem(key, Objects.requireNonNull(value, "value"));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        metadata.put(key, value);
        return this;
    }

    /**
     * Create a commit even when the tree did not change.
     *
     * @param allowEmpty whether to
     * @return this command
     */
    public CommitCommand setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
        return this;
    }

    @Override
    CommitResult run() throws DamnitException {
        if (message == null || message.isBlank()) {
            throw new BadArgumentException("a commit needs a message");
        }
        return executor.execute(new Request(message, author, scanOrder, progress, allowEmpty, metadata));
    }
}
