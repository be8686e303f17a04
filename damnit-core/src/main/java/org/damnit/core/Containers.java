package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * The container objects of the store ({@code containers/XX/SHA256}, keyed by the SHA-256 of the file they
 * re-create): found, read and checked, and published. A few recently read ones are kept.
 */
final class Containers {
    private static final int CACHED = 16;
    private final Store store;
    private final Map<ObjectId, Container> cache = new LinkedHashMap<>(16, 0.75f, true);

    Containers(Store store) {
        this.store = store;
    }

    static String key(ObjectId file) {
        return StoreLayout.CONTAINERS.key(file);
    }

    /** The container that re-creates the file with this SHA-256, if one is published. */
    Optional<Container> find(ObjectId file) throws DamnitException {
        if (file == null) {
            return Optional.empty();
        }
        synchronized (cache) {
            Container c = cache.get(file);
            if (c != null) {
                return Optional.of(c);
            }
        }
        String key = key(file);
        byte[] raw;
        try {
            Optional<Long> size = store.size(key);
            if (size.isEmpty()) {
                return Optional.empty();
            }
            if (size.get() > Container.MAX_BYTES) {
                throw new CorruptObjectException(key + " is damaged: " + size.get() + " bytes");
            }
            try (InputStream in = store.get(key)) {
                raw = in.readNBytes(Container.MAX_BYTES + 1);
            }
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
        Container c = Container.decode(key, file, raw);
        synchronized (cache) {
            cache.put(file, c);
            if (cache.size() > CACHED) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return Optional.of(c);
    }

    /** Checks a container object as it is stored (after a transfer). */
    void check(String key) throws DamnitException {
        ObjectId id = StoreLayout.idOf(key);
        if (id == null) {
            throw new CorruptObjectException(key + " is not a container key");
        }
        synchronized (cache) {
            cache.remove(id);
        }
        if (find(id).isEmpty()) {
            throw new CorruptObjectException(key + " is missing");
        }
    }

    /** Publishes a container; false if one was published for that file already (which is then kept). */
    boolean publish(Container c) throws StorageException {
        byte[] b = c.encode();
        try {
            store.put(key(c.sha256()), new ByteArrayInputStream(b), b.length);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("cannot store " + key(c.sha256()) + ": " + e.getMessage(), e);
        }
    }

    /** The files (by SHA-256) that have a container in the store. */
    Set<ObjectId> list() throws StorageException {
        Set<ObjectId> out = new HashSet<>();
        try (Stream<String> s = store.list(StoreLayout.CONTAINERS.prefix)) {
            s.map(StoreLayout::idOf).filter(java.util.Objects::nonNull).forEach(out::add);
        } catch (IOException e) {
            throw new StorageException("cannot list " + StoreLayout.CONTAINERS.prefix + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Forgets what was read (gc deleted containers). */
    void forget() {
        synchronized (cache) {
            cache.clear();
        }
    }
}
