package org.damnit;

/** A ref changed between read and update (another writer won the compare-and-swap). */
public class ConcurrentUpdateException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public ConcurrentUpdateException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
