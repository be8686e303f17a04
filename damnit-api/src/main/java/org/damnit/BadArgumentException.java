package org.damnit;

/**
 * An argument is malformed or missing (nothing was changed): a find expression, a metadata key or
 * value, a commit without a message. Its subclasses say which kind of argument:
 * {@link BadNameException} for names, {@link BadPathException} for paths.
 */
public class BadArgumentException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the argument, and what is allowed
     */
    public BadArgumentException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the argument, and what is allowed
     * @param cause   what detected it
     */
    /**
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public BadArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
