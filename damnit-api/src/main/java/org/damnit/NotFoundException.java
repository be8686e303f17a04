package org.damnit;

/** A named thing (revision, branch, tag, remote) does not exist. */
public class NotFoundException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
