package org.damnit;

/** A repository already exists where init was asked to create one. */
public class RepositoryExistsException extends AlreadyExistsException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public RepositoryExistsException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public RepositoryExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
