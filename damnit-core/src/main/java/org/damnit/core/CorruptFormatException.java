package org.damnit.core;

/** Stored bytes that do not parse as the format they claim: bad magic, a checksum that does not match, inconsistent lengths. */
final class CorruptFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    CorruptFormatException(String message) {
        super(message);
    }
}
