package org.damnit.spi;

import org.damnit.DamnitException;
import org.damnit.Repository;
import org.damnit.RepositoryBuilder;

/** Found by {@link java.util.ServiceLoader}; {@code damnit-core} provides the implementation. */
public interface RepositoryFactory {
    Repository init(RepositoryBuilder options) throws DamnitException;

    Repository open(RepositoryBuilder options) throws DamnitException;

    Repository cloneFrom(RepositoryBuilder options, java.net.URI source) throws DamnitException;
}
