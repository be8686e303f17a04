package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreKeys;

/**
 * A {@link Store} in a local directory: {@code objects/KEY}, {@code refs/REF}, {@code tmp/}.
 * Objects are written to {@code tmp/}, fsynced, then published with a hard link (which fails if the
 * key exists, so publishing is create-if-absent and atomic) and the directory is fsynced. Refs are
 * replaced by atomic rename under an OS file lock, which the OS releases if the process dies.
 */
final class FileStore implements Store {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private final Path root;
    private final Path objects;
    private final Path refs;
    private final Path tmp;

    FileStore(Path root, boolean create) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.objects = this.root.resolve("objects");
        this.refs = this.root.resolve("refs");
        this.tmp = this.root.resolve("tmp");
        if (create) {
            Files.createDirectories(objects);
            Files.createDirectories(refs);
            Files.createDirectories(tmp);
        } else if (!Files.isDirectory(objects) || !Files.isDirectory(refs)) {
            throw new NoSuchFileException(this.root.toString(), null, "not a DAMNIT file store (objects/ or refs/ missing)");
        }
        try {
            Files.createDirectories(tmp);
        } catch (IOException readOnly) {
            // a store that is only read needs no tmp/; a write will name the problem
        }
    }

    Path root() {
        return root;
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities(true, true, true, Long.MAX_VALUE).withLocalReads(true);
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        StoreKeys.check(key);
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        Path dest = objects.resolve(key);
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(key);
        }
        Path t = tmp.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                long copied = copyExactly(data, out, length, key);
                if (copied != length) {
                    throw new IOException("stream for " + key + " ended after " + copied + " of " + length + " bytes");
                }
                ch.force(true);
            }
            Files.createDirectories(dest.getParent());
            publish(t, dest, key);
            fsyncDirectory(dest.getParent());
        } finally {
            Files.deleteIfExists(t);
        }
    }

    /** Links the (already synced) file into place when it is on this file system, else copies it. */
    @Override
    public void put(String key, Path file) throws IOException {
        StoreKeys.check(key);
        Path dest = objects.resolve(key);
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(key);
        }
        Files.createDirectories(dest.getParent());
        try {
            Files.createLink(dest, file);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(key);
        } catch (IOException | UnsupportedOperationException e) {
            try (InputStream in = RegularFiles.open(file)) {
                put(key, in, Files.size(file));
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(dest, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        fsyncDirectory(dest.getParent());
    }

    private static long copyExactly(InputStream in, OutputStream out, long length, String key) throws IOException {
        byte[] buf = new byte[(int) Math.min(1 << 16, Math.max(1, length + 1))];
        long total = 0;
        while (total < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - total));
            if (n < 0) {
                return total;
            }
            out.write(buf, 0, n);
            total += n;
        }
        if (in.read() >= 0) {
            throw new IOException("stream for " + key + " holds more than the declared " + length + " bytes");
        }
        return total;
    }

    private static void publish(Path t, Path dest, String key) throws IOException {
        try {
            Files.createLink(dest, t);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(key);
        } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw e;
            }
            // File systems without hard links: check, then rename (not atomic against a concurrent put
            // of the same key, but both writers hold identical content-addressed bytes).
            if (Files.exists(dest)) {
                throw new FileAlreadyExistsException(key);
            }
            try {
                Files.move(t, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException a) {
                Files.move(t, dest);
            }
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        StoreKeys.check(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        Path p = objects.resolve(key);
        FileChannel ch;
        try {
            ch = RegularFiles.channel(p);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(key);
        }
        try {
            long size = ch.size();
            long start = Math.min(offset, size);
            long len = Math.min(length, size - start);
            ch.position(start);
            return new BoundedInputStream(Channels.newInputStream(ch), len);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        StoreKeys.check(key);
        Path p = objects.resolve(key);
        try {
            return Optional.of(Files.size(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Stream<String> list(String prefix) throws IOException {
        return listUnder(objects, prefix);
    }

    private static Stream<String> listUnder(Path base, String prefix) throws IOException {
        StoreKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? base : base.resolve(prefix.substring(0, slash));
        // a directory deleted meanwhile (its last key deleted, the empty directory pruned) ends a walk: the
        // walk is started again, so a listing never leaves out a key that was there throughout
        List<String> keys = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            if (!Files.isDirectory(start)) {
                return Stream.empty();
            }
            keys.clear();
            try (Stream<Path> walk = Files.walk(start)) {
                walk.filter(Files::isRegularFile).forEach(p -> {
                    String k = base.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                    if (k.startsWith(prefix) && StoreKeys.isValid(k)) {
                        keys.add(k);
                    }
                });
                break;
            } catch (NoSuchFileException e) {
                if (attempt >= 100) {
                    throw e;
                }
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt >= 100) {
                    throw e.getCause();
                }
            }
        }
        keys.sort(null);
        return keys.stream();
    }

    @Override
    public boolean delete(String key) throws IOException {
        StoreKeys.check(key);
        Path p = objects.resolve(key);
        boolean existed = Files.deleteIfExists(p);
        if (existed) {
            pruneEmptyParents(p.getParent(), objects);
        }
        return existed;
    }

    private static void pruneEmptyParents(Path dir, Path stop) {
        for (Path d = dir; d != null && !d.equals(stop) && d.startsWith(stop); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public Optional<String> readRef(String ref) throws IOException {
        StoreKeys.check(ref);
        try {
            // refs are replaced whole, never emptied: an empty file is damage, and its value says so
            return Optional.of(new String(RegularFiles.readAllBytes(refs.resolve(ref)), StandardCharsets.ISO_8859_1).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value) throws IOException {
        StoreKeys.check(ref);
        value.ifPresent(v -> {
            if (v.isEmpty() || v.contains("\n")) {
                throw new IllegalArgumentException("a ref value is one non-empty line");
            }
        });
        Path lockFile = root.resolve("refs.lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock osLock = lockOs(lockChannel);
            try {
                return swapLocked(ref, expected, value);
            } finally {
                osLock.release();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private boolean swapLocked(String ref, Optional<String> expected, Optional<String> value) throws IOException {
        Optional<String> current = readRef(ref);
        if (!current.equals(expected)) {
            return false;
        }
        Path p = refs.resolve(ref);
        if (value.isEmpty()) {
            Files.deleteIfExists(p);
            fsyncDirectory(p.getParent());
            return true;
        }
        Files.createDirectories(p.getParent());
        Path t = tmp.resolve(UUID.randomUUID() + ".ref");
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((value.get() + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(t, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(t);
        }
        fsyncDirectory(p.getParent());
        return true;
    }

    private static FileLock lockOs(FileChannel ch) throws IOException {
        try {
            return ch.lock();
        } catch (OverlappingFileLockException e) {
            throw new IOException("ref lock already held in this JVM by another store instance", e);
        }
    }

    @Override
    public Stream<String> listRefs(String prefix) throws IOException {
        return listUnder(refs, prefix);
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync directories; the data itself was synced.
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "file:" + root;
    }
}
