package org.damnit;

/** A tag, branch, remote or repository of that name already exists. */
public class AlreadyExistsException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words for the person at the terminal
     */
    public AlreadyExistsException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
