package org.damnit;

import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Push, fetch or pull of a branch to or from a named remote (any store URI: {@code file:}, {@code s3:},
 * ...). Only objects the other side lacks are copied, packs first, then pack indexes, trees and commits,
 * and the branch moves last, by compare-and-swap and only forward: a push to a remote branch that has
 * commits this repository does not have fails ("fetch first"), and so does a pull into a branch that has
 * diverged from the remote one. Single use.
 *
 * <p>{@link #call()} throws {@link NotFoundException} for an unknown remote or branch,
 * {@link RefusedException} when the branch would not move forward (or, for a pull, the working tree has
 * uncommitted changes: {@link UncommittedChangesException}), {@link ConcurrentUpdateException} when
 * another writer moved it meanwhile, and {@link StorageException} if a store fails.
 */
public final class TransferCommand extends Command<TransferResult> {
    /**
     * The settings of one push, fetch or pull.
     *
     * @param remote   the remote's name
     * @param branch   the branch, or null for the current one
     * @param progress where progress is reported
     */
    public record Request(String remote, String branch, ProgressListener progress) {
    }

    private final CommandExecutor<Request, TransferResult> executor;
    private String remote = "origin";
    private String branch;
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#push()},
     * {@link Repository#fetch()} and {@link Repository#pull()}.
     *
     * @param executor runs the request when the command is called
     */
    public TransferCommand(CommandExecutor<Request, TransferResult> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The remote (default {@code origin}).
     *
     * @param remote the remote's name
     * @return this command
     */
    public TransferCommand setRemote(String remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
        return this;
    }

    /**
     * The branch (default: the current one).
     *
     * @param branch the branch's name
     * @return this command
     */
    public TransferCommand setBranch(String branch) {
        this.branch = Objects.requireNonNull(branch, "branch");
        return this;
    }

    /**
     * Where the copying is reported (default: nowhere).
     *
     * @param progress the listener
     * @return this command
     */
    public TransferCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    TransferResult run() throws DamnitException {
        return executor.execute(new Request(remote, branch, progress));
    }
}
