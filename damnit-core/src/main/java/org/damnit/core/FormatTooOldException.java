package org.damnit.core;

/** Stored data written in a version of its format older than this reader accepts. */
final class FormatTooOldException extends FormatException {
    private static final long serialVersionUID = 1L;

    FormatTooOldException(String message) {
        super(message);
    }
}
