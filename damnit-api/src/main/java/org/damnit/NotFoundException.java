package org.damnit;

/** A named thing (revision, branch, tag, remote) does not exist. */
public class NotFoundException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words for the person at the terminal
     */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
