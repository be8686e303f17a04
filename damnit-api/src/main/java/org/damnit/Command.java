package org.damnit;

/**
 * The base of DAMNIT's single-use commands: configure with the setters, then {@link #call()} once.
 *
 * <p>Every command is a final class with private settings. {@link #call()} freezes them into the
 * command's immutable {@code Request} record and hands that to the
 * {@link org.damnit.spi.CommandExecutor} the repository supplied, so the API exposes no mutable state
 * and nothing an implementation must subclass.
 *
 * @param <T> what the command returns
 */
public abstract sealed class Command<T> permits CommitCommand, StatusCommand, LogCommand, RestoreCommand,
    VerifyCommand, DiffCommand, FindCommand, GcCommand, TransferCommand, RevertCommand, RepackCommand {
    private boolean called;

    Command() {
    }

    /**
     * Runs the command. A command object runs at most once.
     *
     * @return what the command produced
     * @throws DamnitException as the command's class Javadoc describes
     * @throws IllegalStateException if the command was called before
     */
    public final T call() throws DamnitException {
        if (called) {
            throw new IllegalStateException("a command object can be called only once");
        }
        called = true;
        return run();
    }

    /** Checks the settings and hands them to the executor. */
    abstract T run() throws DamnitException;
}
