package org.damnit;

/** An operation would overwrite changes that are not committed; pass force to override. */
public class UncommittedChangesException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public UncommittedChangesException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public UncommittedChangesException(String message, Throwable cause) {
        super(message, cause);
    }
}
