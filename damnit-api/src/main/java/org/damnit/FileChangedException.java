package org.damnit;

/** A file changed (size or modification time) while it was being read. */
public class FileChangedException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public FileChangedException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public FileChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
