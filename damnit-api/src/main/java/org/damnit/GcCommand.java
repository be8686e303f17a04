package org.damnit;

import java.time.Duration;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Removes what no ref reaches, in two phases so that a concurrent commit or push never loses an object
 * it is about to reference: a run <em>condemns</em> unreachable objects (records them in the store
 * with the time), and a later run deletes those that are still unreachable once the grace period has
 * passed. Packs whose live part is small are repacked: their live chunks are copied into new packs and
 * the old pack is condemned. Single use.
 *
 * <p>The grace period must be longer than any commit or push that runs at the same time; the default is
 * 24 hours. {@link Duration#ZERO} deletes at once and is safe only when nothing else writes.
 * {@link #call()} throws {@link CorruptObjectException} if a reachable object cannot be read (nothing
 * is deleted then) and {@link StorageException} if the store fails.
 */
public final class GcCommand extends Command<GcResult> {
    /**
     * The settings of one gc.
     *
     * @param gracePeriod how long an object stays condemned before it is deleted
     * @param dryRun      whether to only report
     * @param repackBelow repack packs whose live fraction is below this
     * @param progress    where progress is reported
     */
    public record Request(Duration gracePeriod, boolean dryRun, double repackBelow, ProgressListener progress) {
    }

    private final CommandExecutor<Request, GcResult> executor;
    private Duration gracePeriod = Duration.ofHours(24);
    private boolean dryRun;
    private double repackBelow = 0.5;
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#gc()}.
     *
     * @param executor runs the request when the command is called
     */
    public GcCommand(CommandExecutor<Request, GcResult> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * How long an unreachable object stays condemned before a later run deletes it (default 24 hours).
     *
     * @param grace the grace period, not negative
     * @return this command
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public GcCommand setGracePeriod(Duration grace) {
        if (Objects.requireNonNull(grace, "grace").isNegative()) {
            throw new IllegalArgumentException("the grace period cannot be negative");
        }
        this.gracePeriod = grace;
        return this;
    }

    /**
     * Reports what would be condemned, deleted and repacked, and changes nothing.
     *
     * @param dryRun whether to
     * @return this command
     */
    public GcCommand setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /**
     * Repacks a pack when less than this fraction of its bytes is live (default 0.5; 0 never repacks).
     *
     * @param fraction between 0 and 1
     * @return this command
     * @throws IllegalArgumentException if {@code fraction} is outside [0, 1]
     */
    public GcCommand setRepackBelow(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the repack fraction must be between 0 and 1");
        }
        this.repackBelow = fraction;
        return this;
    }

    /**
     * Where the marking, condemning and repacking are reported (default: nowhere).
     *
     * @param progress the listener
     * @return this command
     */
    public GcCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    GcResult run() throws DamnitException {
        return executor.execute(new Request(gracePeriod, dryRun, repackBelow, progress));
    }
}
