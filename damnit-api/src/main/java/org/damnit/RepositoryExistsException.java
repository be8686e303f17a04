package org.damnit;

/** A repository already exists where init was asked to create one. */
public class RepositoryExistsException extends AlreadyExistsException {
    private static final long serialVersionUID = 1L;

    public RepositoryExistsException(String message) {
        super(message);
    }

    public RepositoryExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
