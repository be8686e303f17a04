package org.damnit;

import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Checks every object reachable from every ref and names each damaged or missing one with the paths and
 * commits it affects. By default a cheap structural check for routine use: every ref, commit and tree
 * is read and checksummed, and every chunk a file needs must be in a pack index whose pack exists and is
 * long enough. {@link #setReadData(boolean) setReadData(true)} also reads every chunk, checks its
 * record checksum and id, applies deltas, and re-computes each file's SHA-256 and MD5. Single use.
 *
 * <p>Damage is reported in the {@link VerifyResult}, not thrown; {@link #call()} throws
 * {@link StorageException} only if the store cannot be listed or read at all.
 */
public final class VerifyCommand extends Command<VerifyResult> {
    /**
     * The settings of one verify.
     *
     * @param readData whether every chunk is read and re-hashed
     * @param progress where progress is reported
     */
    public record Request(boolean readData, ProgressListener progress) {
    }

    private final CommandExecutor<Request, VerifyResult> executor;
    private ProgressListener progress = ProgressListener.NONE;
    private boolean readData;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#verify()}.
     *
     * @param executor runs the request when the command is called
     */
    public VerifyCommand(CommandExecutor<Request, VerifyResult> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Also read and re-hash all content (as {@code damnit verify --read-data}).
     *
     * @param readData whether to
     * @return this command
     */
    public VerifyCommand setReadData(boolean readData) {
        this.readData = readData;
        return this;
    }

    /**
     * Where the checking is reported (default: nowhere).
     *
     * @param progress the listener
     * @return this command
     */
    public VerifyCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    VerifyResult run() throws DamnitException {
        return executor.execute(new Request(readData, progress));
    }
}
