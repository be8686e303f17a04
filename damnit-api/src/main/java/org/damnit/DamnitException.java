package org.damnit;

/** Root of every checked exception DAMNIT throws. Messages are written for the person at the terminal. */
public class DamnitException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public DamnitException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public DamnitException(String message, Throwable cause) {
        super(message, cause);
    }
}
