package org.damnit;

import java.time.Duration;
import java.util.Objects;

/**
 * Removes what no ref reaches, in two phases so that a concurrent commit or push never loses an object
 * it is about to reference: a run <em>condemns</em> unreachable objects (records them in the store
 * with the time), and a later run deletes those that are still unreachable once the grace period has
 * passed. Packs whose live part is small are repacked: their live chunks are copied into new packs and
 * the old pack is condemned. Single use.
 *
 * <p>The grace period must be longer than any commit or push that runs at the same time; the default is
 * 24 hours. {@link Duration#ZERO} deletes at once and is safe only when nothing else writes.
 */
public abstract class GcCommand extends Command<GcResult> {
    protected Duration gracePeriod = Duration.ofHours(24);
    protected boolean dryRun;
    protected double repackBelow = 0.5;
    protected ProgressListener progress = ProgressListener.NONE;

    public GcCommand setGracePeriod(Duration grace) {
        if (Objects.requireNonNull(grace, "grace").isNegative()) {
            throw new IllegalArgumentException("the grace period cannot be negative");
        }
        this.gracePeriod = grace;
        return this;
    }

    /** Reports what would be condemned, deleted and repacked, and changes nothing. */
    public GcCommand setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /** Repacks a pack when less than this fraction of its bytes is live (default 0.5; 0 never repacks). */
    public GcCommand setRepackBelow(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the repack fraction must be between 0 and 1");
        }
        this.repackBelow = fraction;
        return this;
    }

    public GcCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }
}
