package org.damnit;

/** A name that is not allowed: of a branch, a tag or a remote. */
public class BadNameException extends BadArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what is wrong with the name, and what is allowed
     */
    public BadNameException(String message) {
        super(message);
    }
}
