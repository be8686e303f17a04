package org.damnit;

/**
 * An argument is malformed or missing (nothing was changed): a find expression, a metadata key or
 * value, a commit without a message. Its subclasses say which kind of argument:
 * {@link BadNameException} for names, {@link BadPathException} for paths.
 */
public class BadArgumentException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what is wrong with the argument, and what is allowed
     */
    public BadArgumentException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public BadArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
