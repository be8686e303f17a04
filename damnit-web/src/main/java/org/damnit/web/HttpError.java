package org.damnit.web;

/** A request that ends with this status and a message meant for the person who made it. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
