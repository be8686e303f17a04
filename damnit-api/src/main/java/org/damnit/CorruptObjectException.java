package org.damnit;

/** A stored object fails its checksum or cannot be parsed. */
public class CorruptObjectException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public CorruptObjectException(String message) {
        super(message);
    }

    public CorruptObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
