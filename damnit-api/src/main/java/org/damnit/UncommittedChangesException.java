package org.damnit;

/** An operation would overwrite changes that are not committed; pass force to override. */
public class UncommittedChangesException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public UncommittedChangesException(String message) {
        super(message);
    }

    public UncommittedChangesException(String message, Throwable cause) {
        super(message, cause);
    }
}
