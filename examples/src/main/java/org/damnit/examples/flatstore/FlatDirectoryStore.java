package org.damnit.examples.flatstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreKeys;

/**
 * An example backend: every object is one file in a single flat directory, its key's {@code /} written
 * as {@code +} (a character keys never contain); refs are files in {@code refs/} named the same way.
 * Writes are serialised within the process, which is all this example promises ({@code atomicRefs} is
 * false and it declares single-writer mode: two processes writing to the directory at once are not
 * supported). It passes {@code StoreContractTest}.
 */
public final class FlatDirectoryStore implements Store {
    private final Path dir;
    private final Path refs;

    public FlatDirectoryStore(Path dir) throws IOException {
        this.dir = dir;
        this.refs = dir.resolve("refs");
        Files.createDirectories(refs);
    }

    private static String fileName(String key) {
        return StoreKeys.check(key).replace('/', '+');
    }

    private static String keyOf(String fileName) {
        return fileName.replace('+', '/');
    }

    @Override
    public StoreCapabilities capabilities() {
        // refs are atomic within this process only: one writing process at a time (single-writer mode)
        return new StoreCapabilities(true, true, false, Long.MAX_VALUE, false, true, false, true, true,
            "flat directory " + dir);
    }

    @Override
    public synchronized void put(String key, InputStream data, long length) throws IOException {
        Path target = dir.resolve(fileName(key));
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(key);
        }
        Path tmp = Files.createTempFile(dir, ".put-", ".tmp");
        try {
            long n;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                n = data.transferTo(out);
                ch.force(true);
            }
            if (n != length) {
                throw new IOException("stream for " + key + " holds " + n + " bytes, not " + length);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        Path p = dir.resolve(fileName(key));
        byte[] all;
        try {
            all = Files.readAllBytes(p); // an example: a real backend would read only the range
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(key);
        }
        int from = (int) Math.min(offset, all.length);
        int to = (int) Math.min(all.length, from + Math.min(length, Integer.MAX_VALUE));
        return new java.io.ByteArrayInputStream(all, from, to - from);
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path p = dir.resolve(fileName(key));
        return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
    }

    @Override
    public Stream<String> list(String prefix) throws IOException {
        StoreKeys.checkPrefix(prefix);
        List<String> keys = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                .filter(n -> !n.startsWith(".")).map(FlatDirectoryStore::keyOf)
                .filter(k -> k.startsWith(prefix)).forEach(keys::add);
        }
        keys.sort(null);
        return keys.stream();
    }

    @Override
    public synchronized boolean delete(String key) throws IOException {
        return Files.deleteIfExists(dir.resolve(fileName(key)));
    }

    @Override
    public synchronized Optional<String> readRef(String ref) throws IOException {
        Path p = refs.resolve(fileName(ref));
        return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip()) : Optional.empty();
    }

    @Override
    public synchronized boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value)
        throws IOException {
        if (!readRef(ref).equals(expected)) {
            return false;
        }
        Path p = refs.resolve(fileName(ref));
        if (value.isEmpty()) {
            Files.deleteIfExists(p);
        } else {
            Path tmp = Files.createTempFile(refs, ".ref-", ".tmp");
            Files.writeString(tmp, value.get() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    @Override
    public synchronized Stream<String> listRefs(String prefix) throws IOException {
        StoreKeys.checkPrefix(prefix);
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(refs)) {
            s.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).map(FlatDirectoryStore::keyOf)
                .filter(k -> k.startsWith(prefix)).forEach(out::add);
        }
        out.sort(null);
        return out.stream();
    }

    @Override
    public void close() {
    }
}
