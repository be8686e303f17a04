package org.damnit;

/** A file changed (size or modification time) while it was being read. */
public class FileChangedException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public FileChangedException(String message) {
        super(message);
    }

    public FileChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
