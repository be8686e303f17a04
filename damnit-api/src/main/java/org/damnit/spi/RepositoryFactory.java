package org.damnit.spi;

import org.damnit.DamnitException;
import org.damnit.Repository;
import org.damnit.RepositoryBuilder;

/**
 * Creates and opens repositories; found by {@link java.util.ServiceLoader}, {@code damnit-core}
 * provides the implementation. Applications use {@link Repository} and {@link RepositoryBuilder}
 * instead.
 */
public interface RepositoryFactory {
    /**
     * See {@link RepositoryBuilder#init()}.
     *
     * @param options the project directory and options
     * @return the new repository, open
     * @throws DamnitException as {@link RepositoryBuilder#init()} describes
     */
    Repository init(RepositoryBuilder options) throws DamnitException;

    /**
     * See {@link RepositoryBuilder#open()}.
     *
     * @param options the project directory and options
     * @return the repository, open
     * @throws DamnitException as {@link RepositoryBuilder#open()} describes
     */
    Repository open(RepositoryBuilder options) throws DamnitException;

    /**
     * See {@link RepositoryBuilder#cloneFrom(java.net.URI)}.
     *
     * @param options the new project directory and options
     * @param source  the store URI to clone from
     * @return the new repository, open
     * @throws DamnitException as {@link RepositoryBuilder#cloneFrom(java.net.URI)} describes
     */
    Repository cloneFrom(RepositoryBuilder options, java.net.URI source) throws DamnitException;
}
