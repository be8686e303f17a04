package org.damnit;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.damnit.spi.RepositoryFactory;

/** Opens or creates a repository with options. Obtain one from {@link Repository#builder(Path)}. */
public final class RepositoryBuilder {
    private final Path projectDir;
    private URI storeUri;
    private ProgressListener progress = ProgressListener.NONE;

    RepositoryBuilder(Path projectDir) {
        this.projectDir = Objects.requireNonNull(projectDir, "projectDir");
    }

    /**
     * The object store for {@link #init()}: any URI a {@link org.damnit.store.StoreProvider} accepts
     * ({@code file:}, {@code mem:}, ...). Default: {@code .damnit/store} on local disk.
     */
    public RepositoryBuilder setStore(URI storeUri) {
        this.storeUri = storeUri;
        return this;
    }

    /** Where {@link #cloneFrom(URI)} reports the copying and the writing of the working tree. */
    public RepositoryBuilder setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    public ProgressListener progressListener() {
        return progress;
    }

    public Path projectDir() {
        return projectDir;
    }

    public Optional<URI> store() {
        return Optional.ofNullable(storeUri);
    }

    public Repository init() throws DamnitException {
        return factory().init(this);
    }

    public Repository open() throws DamnitException {
        return factory().open(this);
    }

    /** See {@link Repository#cloneFrom(URI, Path)}. */
    public Repository cloneFrom(URI source) throws DamnitException {
        return factory().cloneFrom(this, Objects.requireNonNull(source, "source"));
    }

    private static RepositoryFactory factory() throws DamnitException {
        return ServiceLoader.load(RepositoryFactory.class, RepositoryBuilder.class.getClassLoader())
            .findFirst()
            .or(() -> ServiceLoader.load(RepositoryFactory.class).findFirst())
            .orElseThrow(() -> new DamnitException(
                "no DAMNIT implementation on the class path: add org.damnit:damnit-core"));
    }
}
