package org.damnit;

/** The object store failed (I/O error, full disk, unreachable backend). */
public class StorageException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
