package org.damnit;

/** The repository's state forbids the operation (nothing was changed): it would lose work, a name is taken, another writer moved a branch. */
public class RefusedException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }

    public RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
