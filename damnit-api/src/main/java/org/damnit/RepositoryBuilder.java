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
     *
     * @param storeUri the store's URI, or null for the default
     * @return this builder
     */
    public RepositoryBuilder setStore(URI storeUri) {
        this.storeUri = storeUri;
        return this;
    }

    /**
     * Where {@link #cloneFrom(URI)} reports the copying and the writing of the working tree.
     *
     * @param progress the listener
     * @return this builder
     */
    public RepositoryBuilder setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * The listener set with {@link #setProgressListener}.
     *
     * @return it, or {@link ProgressListener#NONE}
     */
    public ProgressListener progressListener() {
        return progress;
    }

    /**
     * The project directory this builder was made for.
     *
     * @return the project root (or, for {@link #open()}, a directory below it)
     */
    public Path projectDir() {
        return projectDir;
    }

    /**
     * The store set with {@link #setStore}.
     *
     * @return its URI; empty for the default
     */
    public Optional<URI> store() {
        return Optional.ofNullable(storeUri);
    }

    /**
     * Creates a repository in the project directory (created if absent).
     *
     * @return the new repository, open
     * @throws RepositoryExistsException if one exists there already
     * @throws DamnitException           if there is no implementation on the class path, or the
     *                                   repository or its store cannot be created
     */
    public Repository init() throws DamnitException {
        return factory().init(this);
    }

    /**
     * Opens the repository of the project directory, or of the nearest parent holding one.
     *
     * @return the repository, open
     * @throws NotARepositoryException if there is none
     * @throws DamnitException         if there is no implementation on the class path, or the config or
     *                                 store cannot be read
     */
    public Repository open() throws DamnitException {
        return factory().open(this);
    }

    /**
     * Clones the store at {@code source} into the project directory; see
     * {@link Repository#cloneFrom(URI, Path)}.
     *
     * @param source the store URI to clone from
     * @return the new repository, open
     * @throws DamnitException if the directory is not empty, or the source has no branch or cannot be read
     */
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
