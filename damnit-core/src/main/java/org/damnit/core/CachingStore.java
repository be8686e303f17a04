package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreKeys;

/**
 * A local read cache in front of a remote store (S3 and other network backends). Objects are
 * write-once, so a cached copy never goes stale: the first read of an object fetches it whole into
 * {@code .damnit/cache/objects/}, later reads (ranged ones included) are local. Packs this process
 * writes are cached as they are sent. The cache is bounded: the least recently used objects are dropped
 * when it grows past its capacity. Listings, sizes, deletions and refs always ask the remote.
 */
final class CachingStore implements Store {
    private final Store remote;
    private final Path dir;
    private final long capacity;
    private long size = -1;

    CachingStore(Store remote, Path dir, long capacity) {
        this.remote = remote;
        this.dir = dir;
        this.capacity = capacity;
    }

    private Path local(String key) {
        return dir.resolve(StoreKeys.check(key));
    }

    @Override
    public StoreCapabilities capabilities() {
        return remote.capabilities();
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        remote.put(key, data, length);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        remote.put(key, file);
        try {
            admit(key, file, true);
        } catch (IOException e) {
            // caching is optional
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        Path p = local(key);
        if (!Files.isRegularFile(p)) {
            try {
                fetch(key);
            } catch (IOException e) {
                // a cache that cannot be written (read-only, full) is bypassed: reading never needs writing
                return remote.get(key, offset, length);
            }
        }
        try {
            try {
                Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis())); // for LRU
            } catch (java.nio.file.FileSystemException readOnly) {
                // only the eviction order suffers
            }
            return openLocal(p, offset, length);
        } catch (NoSuchFileException e) {
            return remote.get(key, offset, length); // evicted meanwhile
        }
    }

    private static InputStream openLocal(Path p, long offset, long length) throws IOException {
        FileChannel ch = RegularFiles.channel(p);
        try {
            long start = Math.min(offset, ch.size());
            ch.position(start);
            return new BoundedInputStream(Channels.newInputStream(ch), Math.min(length, ch.size() - start));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * A range of {@code key} for random access: from the cached copy if there is one, else a ranged read of
     * the remote, without fetching the whole object (a 64 KiB read of a version would otherwise bring a
     * 32 MiB pack across).
     */
    InputStream getInPlace(String key, long offset, long length) throws IOException {
        Path p = local(key);
        if (Files.isRegularFile(p)) {
            try {
                return openLocal(p, offset, length);
            } catch (NoSuchFileException evicted) {
                // evicted meanwhile
            }
        }
        return remote.get(key, offset, length);
    }

    private void fetch(String key) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".fetch-" + UUID.randomUUID());
        try {
            try (InputStream in = remote.get(key); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            admit(key, tmp, false);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies or moves a complete object into the cache and evicts what no longer fits. */
    private synchronized void admit(String key, Path file, boolean copy) throws IOException {
        Path p = local(key);
        Files.createDirectories(p.getParent());
        long n = Files.size(file);
        if (copy) {
            Path tmp = dir.resolve(".admit-" + UUID.randomUUID());
            Files.copy(file, tmp);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(file, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        if (size < 0) {
            size = scanSize();
        } else {
            size += n;
        }
        if (size > capacity) {
            evict();
        }
    }

    private long scanSize() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private void evict() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).forEach(files::add);
        }
        files.sort((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
        long target = capacity * 3 / 4;
        for (Path f : files) {
            if (size <= target) {
                break;
            }
            long n = f.toFile().length();
            if (Files.deleteIfExists(f)) {
                size -= n;
            }
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path p = local(key);
        if (Files.isRegularFile(p)) {
            return Optional.of(Files.size(p)); // write-once: the cached copy is the object
        }
        return remote.size(key);
    }

    @Override
    public Stream<String> list(String prefix) throws IOException {
        return remote.list(prefix);
    }

    @Override
    public boolean delete(String key) throws IOException {
        Files.deleteIfExists(local(key));
        return remote.delete(key);
    }

    @Override
    public Optional<String> readRef(String ref) throws IOException {
        return remote.readRef(ref);
    }

    @Override
    public boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value) throws IOException {
        return remote.compareAndSetRef(ref, expected, value);
    }

    @Override
    public Stream<String> listRefs(String prefix) throws IOException {
        return remote.listRefs(prefix);
    }

    @Override
    public void close() throws IOException {
        remote.close();
    }

    @Override
    public String toString() {
        return remote.toString();
    }
}
