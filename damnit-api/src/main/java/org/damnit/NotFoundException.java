package org.damnit;

/** A named thing (revision, branch, tag, remote) does not exist. */
public class NotFoundException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
