package org.damnit;

/** A stored object fails its checksum or cannot be parsed. */
public class CorruptObjectException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public CorruptObjectException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public CorruptObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
