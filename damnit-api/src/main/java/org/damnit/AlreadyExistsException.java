package org.damnit;

/** A tag, branch, remote or repository of that name already exists. */
public class AlreadyExistsException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
