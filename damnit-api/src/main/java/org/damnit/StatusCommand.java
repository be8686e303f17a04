package org.damnit;

import java.util.List;
import java.util.Objects;

/** Compares the working tree with HEAD. Single use. */
public abstract class StatusCommand {
    protected ScanOrder scanOrder = ScanOrder.DEPTH_FIRST;
    protected boolean includeUnchanged;
    private boolean called;

    public StatusCommand setScanOrder(ScanOrder scanOrder) {
        this.scanOrder = Objects.requireNonNull(scanOrder, "scanOrder");
        return this;
    }

    /** Also list unchanged paths (off by default). */
    public StatusCommand setIncludeUnchanged(boolean includeUnchanged) {
        this.includeUnchanged = includeUnchanged;
        return this;
    }

    /** Paths in scan order for the working tree, deleted paths after them in path order. */
    public final List<FileStatus> call() throws DamnitException {
        if (called) {
            throw new IllegalStateException("a command object can be called only once");
        }
        called = true;
        return execute();
    }

    protected abstract List<FileStatus> execute() throws DamnitException;
}
