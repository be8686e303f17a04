package org.damnit;

/** A path is outside the working tree, malformed, or would escape its target directory. */
public class BadPathException extends BadArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public BadPathException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public BadPathException(String message, Throwable cause) {
        super(message, cause);
    }
}
