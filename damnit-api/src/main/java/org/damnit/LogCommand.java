package org.damnit;

import java.util.List;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Lists commits from a revision (HEAD by default) back through all parents, newest first; an empty
 * list for a repository without commits. Single use. {@link #call()} throws
 * {@link RevisionNotFoundException} if the revision names no commit.
 */
public final class LogCommand extends Command<List<Commit>> {
    /**
     * The settings of one log.
     *
     * @param revision where to start
     * @param maxCount at most this many commits
     */
    public record Request(String revision, int maxCount) {
    }

    private final CommandExecutor<Request, List<Commit>> executor;
    private String revision = "HEAD";
    private int maxCount = Integer.MAX_VALUE;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#log()}.
     *
     * @param executor runs the request when the command is called
     */
    public LogCommand(CommandExecutor<Request, List<Commit>> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Where to start (default HEAD); any revision {@link Repository#resolve(String)} accepts.
     *
     * @param revision the revision
     * @return this command
     */
    public LogCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /**
     * Lists at most this many commits (default: all).
     *
     * @param maxCount the limit, at least 0
     * @return this command
     * @throws IllegalArgumentException if {@code maxCount} is negative
     */
    public LogCommand setMaxCount(int maxCount) {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0");
        }
        this.maxCount = maxCount;
        return this;
    }

    @Override
    List<Commit> run() throws DamnitException {
        return executor.execute(new Request(revision, maxCount));
    }
}
