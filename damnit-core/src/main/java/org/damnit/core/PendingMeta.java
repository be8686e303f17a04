package org.damnit.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.damnit.ConfigException;
import org.damnit.DamnitException;
import org.damnit.StorageException;

/**
 * Metadata changes waiting for the next commit ({@code .damnit/meta-pending}, JSON: path → key → value,
 * {@code null} removes the key). Written atomically; removed by the commit that records it.
 */
final class PendingMeta {
    private final Path file;
    final SortedMap<String, SortedMap<String, String>> changes;

    private PendingMeta(Path file, SortedMap<String, SortedMap<String, String>> changes) {
        this.file = file;
        this.changes = changes;
    }

    static PendingMeta load(Path file) throws ConfigException {
        SortedMap<String, SortedMap<String, String>> m = new TreeMap<>();
        try {
            Map<String, Object> root = Json.object(Json.read(RegularFiles.readAllBytes(file)));
            if (root == null) {
                throw new IOException("not a JSON object");
            }
            for (Map.Entry<String, Object> p : root.entrySet()) {
                Map<String, Object> changed = Json.object(p.getValue());
                if (changed == null) {
                    throw new IOException(p.getKey() + ": not an object");
                }
                SortedMap<String, String> kv = new TreeMap<>();
                for (Map.Entry<String, Object> e : changed.entrySet()) {
                    if (e.getValue() != null && !(e.getValue() instanceof String)) {
                        throw new IOException(p.getKey() + ": " + e.getKey() + " is neither text nor null");
                    }
                    kv.put(e.getKey(), (String) e.getValue());
                }
                m.put(p.getKey(), kv);
            }
        } catch (NoSuchFileException e) {
            // nothing pending
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + " is damaged (" + e.getMessage() + "); delete it to drop the pending "
                + "metadata changes");
        }
        return new PendingMeta(file, m);
    }

    /** {@code base} with this path's pending changes applied. */
    SortedMap<String, String> apply(String path, Map<String, String> base) {
        SortedMap<String, String> out = new TreeMap<>(base);
        changes.getOrDefault(path, new TreeMap<>()).forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    void save() throws StorageException {
        try {
            if (changes.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            byte[] json = Json.write(true, g -> {
                g.writeStartObject();
                for (Map.Entry<String, SortedMap<String, String>> p : changes.entrySet()) {
                    g.writeObjectFieldStart(p.getKey());
                    for (Map.Entry<String, String> kv : p.getValue().entrySet()) {
                        if (kv.getValue() == null) {
                            g.writeNullField(kv.getKey());
                        } else {
                            g.writeStringField(kv.getKey(), kv.getValue());
                        }
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            });
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, json);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A change to the pending metadata. */
    interface Change {
        void apply(PendingMeta pending) throws DamnitException;
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> LOCKS =
        new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Applies {@code change} to the pending metadata as it is on disk and saves it, holding a lock (a thread
     * lock and an OS lock on {@code meta-pending.lock}), so that writers in other threads and processes
     * (parallel pipeline tasks annotating their outputs) never lose each other's changes.
     */
    static void update(Path file, Change change) throws DamnitException {
        java.util.concurrent.locks.ReentrantLock jvm = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(),
            k -> new java.util.concurrent.locks.ReentrantLock());
        jvm.lock();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
            file.resolveSibling(file.getFileName() + ".lock"), java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = ch.lock();
            try {
                PendingMeta pending = load(file);
                change.apply(pending);
                pending.save();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new StorageException("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            jvm.unlock();
        }
    }

    /** Drops the changes {@code applied} holds, except those set to another value since. */
    void removeApplied(PendingMeta applied) {
        applied.changes.forEach((path, kv) -> {
            SortedMap<String, String> now = changes.get(path);
            if (now != null) {
                kv.forEach((k, v) -> {
                    if (now.containsKey(k) && java.util.Objects.equals(now.get(k), v)) {
                        now.remove(k);
                    }
                });
                if (now.isEmpty()) {
                    changes.remove(path);
                }
            }
        });
    }
}
