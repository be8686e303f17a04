package org.damnit;

import java.util.Objects;

/**
 * Records the working tree as a new commit on the current branch. Single use: configure with the
 * setters, then {@link #call()} once.
 *
 * <p>Files whose size, modification time and file key match the previous commit's stat cache are not
 * read again. If the resulting tree equals HEAD's, no commit is made and
 * {@link CommitResult#created()} is {@code false} ("nothing to commit").
 */
public abstract class CommitCommand extends Command<CommitResult> {
    protected String message;
    protected Person author;
    protected ScanOrder scanOrder = ScanOrder.DEPTH_FIRST;
    protected ProgressListener progress = ProgressListener.NONE;
    protected boolean allowEmpty;
    protected final java.util.SortedMap<String, String> metadata = new java.util.TreeMap<>();

    public CommitCommand setMessage(String message) {
        this.message = Objects.requireNonNull(message, "message");
        return this;
    }

    /** The author; defaults to {@code DAMNIT_AUTHOR}, then the repository config, then the OS user. */
    public CommitCommand setAuthor(String name, String email) {
        this.author = new Person(name, email);
        return this;
    }

    public CommitCommand setAuthor(Person author) {
        this.author = Objects.requireNonNull(author, "author");
        return this;
    }

    public CommitCommand setScanOrder(ScanOrder scanOrder) {
        this.scanOrder = Objects.requireNonNull(scanOrder, "scanOrder");
        return this;
    }

    public CommitCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * Adds a key=value pair to the commit's metadata (sample, run, tool version, ...). Keys are 1-128
     * characters of letters, digits, '.', '_', '-' and ':'; values are one line.
     */
    public CommitCommand setMetadata(String key, String value) {
        String problem = MetadataRules.problem(key, Objects.requireNonNull(value, "value"));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        metadata.put(key, value);
        return this;
    }

    /** Create a commit even when the tree did not change. */
    public CommitCommand setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
        return this;
    }

    @Override
    protected void validate() throws DamnitException {
        if (message == null || message.isBlank()) {
            throw new DamnitException("a commit needs a message");
        }
    }

    @Override
    protected abstract CommitResult execute() throws DamnitException;
}
