package org.damnit.core;

import org.damnit.DamnitException;
import org.damnit.Repository;
import org.damnit.RepositoryBuilder;
import org.damnit.spi.RepositoryFactory;

/** The {@link RepositoryFactory} of {@code damnit-core}, found through {@link java.util.ServiceLoader}. */
public final class DamnitRepositoryFactory implements RepositoryFactory {
    @Override
    public Repository init(RepositoryBuilder options) throws DamnitException {
        return LocalRepository.init(options.projectDir(), options.store().orElse(null));
    }

    @Override
    public Repository cloneFrom(RepositoryBuilder options, java.net.URI source) throws DamnitException {
        return CloneOp.call(options.projectDir(), source, options.progressListener());
    }

    @Override
    public Repository open(RepositoryBuilder options) throws DamnitException {
        return LocalRepository.open(options.projectDir());
    }
}
