package org.damnit;

/** A revision string names no commit, or a short id is ambiguous. */
public class RevisionNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    public RevisionNotFoundException(String message) {
        super(message);
    }

    public RevisionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
