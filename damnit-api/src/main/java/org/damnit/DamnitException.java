package org.damnit;

/** Root of every checked exception DAMNIT throws. Messages are written for the person at the terminal. */
public class DamnitException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words for the person at the terminal
     */
    public DamnitException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public DamnitException(String message, Throwable cause) {
        super(message, cause);
    }
}
