package org.damnit.core;

/** Stored data written in a version of its format newer than this reader knows (written by a newer DAMNIT). */
final class FormatTooNewException extends FormatException {
    private static final long serialVersionUID = 1L;

    FormatTooNewException(String message) {
        super(message);
    }
}
