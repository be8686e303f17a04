package org.damnit;

import java.util.List;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Compares the working tree with HEAD. Single use. {@link #call()} returns paths in scan order for the
 * working tree, then deleted paths in path order; it throws {@link StorageException} if the store or
 * the working tree cannot be read.
 */
public final class StatusCommand extends Command<List<FileStatus>> {
    /**
     * The settings of one status.
     *
     * @param scanOrder        the order the working tree is scanned in
     * @param includeUnchanged whether unchanged paths are listed too
     */
    public record Request(ScanOrder scanOrder, boolean includeUnchanged) {
    }

    private final CommandExecutor<Request, List<FileStatus>> executor;
    private ScanOrder scanOrder = ScanOrder.DEPTH_FIRST;
    private boolean includeUnchanged;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#status()}.
     *
     * @param executor runs the request when the command is called
     */
    public StatusCommand(CommandExecutor<Request, List<FileStatus>> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The order in which the working tree is scanned and listed (default depth-first).
     *
     * @param scanOrder the order
     * @return this command
     */
    public StatusCommand setScanOrder(ScanOrder scanOrder) {
        this.scanOrder = Objects.requireNonNull(scanOrder, "scanOrder");
        return this;
    }

    /**
     * Also list unchanged paths (off by default).
     *
     * @param includeUnchanged whether to
     * @return this command
     */
    public StatusCommand setIncludeUnchanged(boolean includeUnchanged) {
        this.includeUnchanged = includeUnchanged;
        return this;
    }

    @Override
    List<FileStatus> run() throws DamnitException {
        return executor.execute(new Request(scanOrder, includeUnchanged));
    }
}
