package org.damnit;

/** The directory is not a DAMNIT repository (no .damnit/ found). */
public class NotARepositoryException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public NotARepositoryException(String message) {
        super(message);
    }

    public NotARepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
