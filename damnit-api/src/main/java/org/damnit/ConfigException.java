package org.damnit;

/** The repository configuration is missing, malformed or of an unsupported version. */
public class ConfigException extends DamnitException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and no cause.
     *
     * @param message what went wrong, in words for the person at the terminal
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * With a message and the failure that caused it.
     *
     * @param message what went wrong, in words for the person at the terminal
     * @param cause   the failure underneath
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
