package org.damnit;

/** A revision string names no commit, or a short id is ambiguous. */
public class RevisionNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public RevisionNotFoundException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public RevisionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
