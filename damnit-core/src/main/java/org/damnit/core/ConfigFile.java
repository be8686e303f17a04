package org.damnit.core;

import java.io.IOException;
import java.nio.file.Path;
import org.damnit.StorageException;

/** The repository's config as loaded, and the one place it is saved from. Thread-safe. */
final class ConfigFile {
    private final Path file;
    private volatile Config config;

    ConfigFile(Path file, Config config) {
        this.file = file;
        this.config = config;
    }

    Config get() {
        return config;
    }

    synchronized void save(Config c) throws StorageException {
        try {
            c.save(file);
            config = c;
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
