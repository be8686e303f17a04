package org.damnit.core;

import java.io.IOException;

/**
 * Stored bytes this reader cannot take as the format they claim. The subclasses say why: damaged
 * ({@link CorruptFormatException}), or written in a version outside the accepted range
 * ({@link FormatTooOldException}, {@link FormatTooNewException}).
 */
abstract class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
        super(message);
    }
}
