package org.damnit;

/** A file changed (size or modification time) while it was being read. */
public class FileChangedException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words for the person at the terminal
     */
    public FileChangedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public FileChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
