package org.damnit;

/** The repository configuration is missing, malformed or of an unsupported version. */
public class ConfigException extends DamnitException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
