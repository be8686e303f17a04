package org.damnit;

/**
 * The base of DAMNIT's single-use commands: configure with the setters, then {@link #call()} once.
 *
 * @param <T> what the command returns
 */
public abstract class Command<T> {
    private boolean called;

    /** Runs the command. A command object runs at most once. */
    public final T call() throws DamnitException {
        if (called) {
            throw new IllegalStateException("a command object can be called only once");
        }
        called = true;
        validate();
        return execute();
    }

    /** Checks the settings before anything runs; the default accepts them. */
    protected void validate() throws DamnitException {
    }

    /** Does the work; implemented by the engine. */
    protected abstract T execute() throws DamnitException;
}
