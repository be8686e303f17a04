package org.damnit;

/** A ref changed between read and update (another writer won the compare-and-swap). */
public class ConcurrentUpdateException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException(String message) {
        super(message);
    }

    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
