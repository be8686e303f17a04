package org.damnit;

/** The object store failed (I/O error, full disk, unreachable backend). */
public class StorageException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public StorageException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
