package org.damnit;

/** A path is outside the working tree, malformed, or would escape its target directory. */
public class BadPathException extends BadArgumentException {
    private static final long serialVersionUID = 1L;

    public BadPathException(String message) {
        super(message);
    }

    public BadPathException(String message, Throwable cause) {
        super(message, cause);
    }
}
