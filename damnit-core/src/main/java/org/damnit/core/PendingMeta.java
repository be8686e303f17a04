package org.damnit.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.damnit.ConfigException;
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
            JsonNode root = Codec.JSON.readTree(Files.readAllBytes(file));
            for (var p : (Iterable<Map.Entry<String, JsonNode>>) root.properties()::iterator) {
                SortedMap<String, String> kv = new TreeMap<>();
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) p.getValue().properties()::iterator) {
                    kv.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
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
            ObjectNode root = Codec.JSON.createObjectNode();
            changes.forEach((path, kv) -> {
                ObjectNode o = root.putObject(path);
                kv.forEach((k, v) -> {
                    if (v == null) {
                        o.putNull(k);
                    } else {
                        o.put(k, v);
                    }
                });
            });
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Codec.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    void clear() throws StorageException {
        changes.clear();
        save();
    }
}
