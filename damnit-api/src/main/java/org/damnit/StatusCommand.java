package org.damnit;

import java.util.List;
import java.util.Objects;

/**
 * Compares the working tree with HEAD. Single use. {@link #call()} returns paths in scan order for the
 * working tree, then deleted paths in path order.
 */
public abstract class StatusCommand extends Command<List<FileStatus>> {
    protected ScanOrder scanOrder = ScanOrder.DEPTH_FIRST;
    protected boolean includeUnchanged;

    public StatusCommand setScanOrder(ScanOrder scanOrder) {
        this.scanOrder = Objects.requireNonNull(scanOrder, "scanOrder");
        return this;
    }

    /** Also list unchanged paths (off by default). */
    public StatusCommand setIncludeUnchanged(boolean includeUnchanged) {
        this.includeUnchanged = includeUnchanged;
        return this;
    }

    @Override
    protected abstract List<FileStatus> execute() throws DamnitException;
}
