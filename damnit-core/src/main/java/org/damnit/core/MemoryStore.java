package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreKeys;

/** A {@link Store} in the heap, for tests and for embedding programs that want no disk at all. */
final class MemoryStore implements Store {
    private static final int MAX_OBJECT = Integer.MAX_VALUE - 16;
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, String> refs = new ConcurrentSkipListMap<>();
    private final String name;

    MemoryStore(String name) {
        this.name = name;
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities(true, false, false, MAX_OBJECT).withLocalReads(true);
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        StoreKeys.check(key);
        if (length < 0 || length > MAX_OBJECT) {
            throw new IllegalArgumentException("length out of range for a memory store: " + length);
        }
        if (objects.containsKey(key)) {
            throw new FileAlreadyExistsException(key);
        }
        byte[] bytes = data.readNBytes((int) length);
        if (bytes.length != length) {
            throw new IOException("stream for " + key + " ended after " + bytes.length + " of " + length + " bytes");
        }
        if (data.read() >= 0) {
            throw new IOException("stream for " + key + " holds more than the declared " + length + " bytes");
        }
        if (objects.putIfAbsent(key, bytes) != null) {
            throw new FileAlreadyExistsException(key);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        StoreKeys.check(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        byte[] b = objects.get(key);
        if (b == null) {
            throw new NoSuchFileException(key);
        }
        int start = (int) Math.min(offset, b.length);
        int len = (int) Math.min(length, b.length - start);
        return new ByteArrayInputStream(b, start, len);
    }

    @Override
    public Optional<Long> size(String key) {
        StoreKeys.check(key);
        byte[] b = objects.get(key);
        return b == null ? Optional.empty() : Optional.of((long) b.length);
    }

    @Override
    public Stream<String> list(String prefix) {
        StoreKeys.checkPrefix(prefix);
        return new ArrayList<>(objects.tailMap(prefix, true).keySet()).stream().takeWhile(k -> k.startsWith(prefix));
    }

    @Override
    public boolean delete(String key) {
        StoreKeys.check(key);
        return objects.remove(key) != null;
    }

    @Override
    public Optional<String> readRef(String ref) {
        StoreKeys.check(ref);
        return Optional.ofNullable(refs.get(ref));
    }

    @Override
    public synchronized boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value) {
        StoreKeys.check(ref);
        value.ifPresent(v -> {
            if (v.isEmpty() || v.contains("\n")) {
                throw new IllegalArgumentException("a ref value is one non-empty line");
            }
        });
        if (!Optional.ofNullable(refs.get(ref)).equals(expected)) {
            return false;
        }
        if (value.isPresent()) {
            refs.put(ref, value.get());
        } else {
            refs.remove(ref);
        }
        return true;
    }

    @Override
    public Stream<String> listRefs(String prefix) {
        StoreKeys.checkPrefix(prefix);
        return new ArrayList<>(refs.tailMap(prefix, true).keySet()).stream().takeWhile(k -> k.startsWith(prefix));
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "mem:" + name;
    }
}
