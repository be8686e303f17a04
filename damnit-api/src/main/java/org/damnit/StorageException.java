package org.damnit;

/** The object store failed (I/O error, full disk, unreachable backend). */
public class StorageException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words for the person at the terminal
     */
    public StorageException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
