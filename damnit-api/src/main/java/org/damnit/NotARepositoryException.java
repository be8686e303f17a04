package org.damnit;

/** The directory is not a DAMNIT repository (no .damnit/ found). */
public class NotARepositoryException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public NotARepositoryException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public NotARepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
