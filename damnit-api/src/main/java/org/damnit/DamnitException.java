package org.damnit;

/** Root of every checked exception DAMNIT throws. Messages are written for the person at the terminal. */
public class DamnitException extends Exception {
    private static final long serialVersionUID = 1L;

    public DamnitException(String message) {
        super(message);
    }

    public DamnitException(String message, Throwable cause) {
        super(message, cause);
    }
}
