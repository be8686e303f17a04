package org.damnit;

/** A tag, branch, remote or repository of that name already exists. */
public class AlreadyExistsException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public AlreadyExistsException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
