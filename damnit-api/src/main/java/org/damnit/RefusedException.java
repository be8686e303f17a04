package org.damnit;

/** The repository's state forbids the operation (nothing was changed): it would lose work, a name is taken, another writer moved a branch. */
public class RefusedException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public RefusedException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
