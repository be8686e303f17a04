package org.damnit.spi;

import org.damnit.DamnitException;

/**
 * Runs one kind of command: the seam between the API's command objects and the engine. A
 * {@link org.damnit.Repository} implementation passes one to each command it creates; the command
 * collects its settings and, when called, hands them over as an immutable request.
 *
 * @param <Q> the request (a record the command defines, e.g. {@link org.damnit.CommitCommand.Request})
 * @param <T> what the command returns
 */
@FunctionalInterface
public interface CommandExecutor<Q, T> {
    /**
     * Does the work the request describes.
     *
     * @param request the command's settings, validated and immutable
     * @return the command's result
     * @throws DamnitException as the command's Javadoc describes
     */
    T execute(Q request) throws DamnitException;
}
