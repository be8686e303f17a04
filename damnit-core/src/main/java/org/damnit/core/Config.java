package org.damnit.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.damnit.ConfigException;
import org.damnit.Person;

/**
 * {@code .damnit/config}: a JSON object with a {@code format} version (docs/FORMAT.md, "Config").
 *
 * @param store            "local" for {@code .damnit/store}, otherwise a store URI
 * @param author           default author, if configured
 * @param chunkMin         smallest content-defined chunk
 * @param chunkAvg         target average chunk (a power of two)
 * @param chunkMax         largest chunk
 * @param packSize         a pack is published when it reaches this size
 * @param compressionLevel zstd level for stored chunks and objects, 0 for none
 * @param deltas           store a new chunk as a delta against a similar stored one when much smaller
 * @param bsdiff           also try bsdiff (slower) where zstd's patch-from shows the chunks are similar
 */
record Config(String store, Optional<Person> author, int chunkMin, int chunkAvg, int chunkMax, int packSize,
              int compressionLevel, boolean deltas, boolean bsdiff, java.util.SortedMap<String, String> remotes) {
    Config {
        remotes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(remotes));
    }

    Config withRemotes(java.util.Map<String, String> r) {
        return new Config(store, author, chunkMin, chunkAvg, chunkMax, packSize, compressionLevel, deltas, bsdiff,
            new java.util.TreeMap<>(r));
    }

    static final int FORMAT = 2;
    static final int DEFAULT_CHUNK_MIN = 256 << 10;
    static final int DEFAULT_CHUNK_AVG = 1 << 20;
    static final int DEFAULT_CHUNK_MAX = 4 << 20;
    static final int DEFAULT_PACK_SIZE = 32 << 20;
    static final int DEFAULT_COMPRESSION = 3;

    static Config defaults(String store) {
        return new Config(store, Optional.empty(), DEFAULT_CHUNK_MIN, DEFAULT_CHUNK_AVG, DEFAULT_CHUNK_MAX,
            DEFAULT_PACK_SIZE, DEFAULT_COMPRESSION, true, true, new java.util.TreeMap<>());
    }

    Chunker chunker() {
        return new Chunker(chunkMin, chunkAvg, chunkMax);
    }

    static Config load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("repository config " + file + " is missing");
        } catch (IOException e) {
            throw new ConfigException("cannot read repository config " + file + ": " + e.getMessage(), e);
        }
        JsonNode n;
        try {
            n = Codec.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ConfigException("repository config " + file + " is not valid JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new ConfigException("repository config " + file + " must be a JSON object");
        }
        JsonNode f = n.get("format");
        if (f == null || !f.canConvertToInt()) {
            throw new ConfigException("repository config " + file + " has no numeric \"format\" field");
        }
        if (f.asInt() > FORMAT) {
            throw new ConfigException("repository format " + f.asInt() + " is newer than this DAMNIT supports ("
                + FORMAT + "); upgrade DAMNIT");
        }
        if (f.asInt() < FORMAT) {
            throw new ConfigException("repository format " + f.asInt() + " predates this DAMNIT (" + FORMAT
                + "); restore it with the DAMNIT that wrote it and commit into a new repository");
        }
        String store = n.path("store").asText("local");
        Optional<Person> author = Optional.empty();
        JsonNode a = n.get("author");
        if (a != null && !a.isNull()) {
            try {
                author = Optional.of(Person.parse(a.asText()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("repository config " + file + ": bad author: " + e.getMessage());
            }
        }
        int min = intField(file, n, "chunkMin", DEFAULT_CHUNK_MIN, 1 << 10, 16 << 20);
        int avg = intField(file, n, "chunkAvg", DEFAULT_CHUNK_AVG, 4 << 10, 32 << 20);
        int max = intField(file, n, "chunkMax", DEFAULT_CHUNK_MAX, 16 << 10, 64 << 20);
        if (Integer.bitCount(avg) != 1 || min >= avg || avg >= max) {
            throw new ConfigException("repository config " + file
                + ": need chunkMin < chunkAvg < chunkMax with chunkAvg a power of two");
        }
        int pack = intField(file, n, "packSize", DEFAULT_PACK_SIZE, 1 << 20, 1 << 30);
        int level = intField(file, n, "compressionLevel", DEFAULT_COMPRESSION, 0, 19);
        java.util.TreeMap<String, String> remotes = new java.util.TreeMap<>();
        JsonNode r = n.get("remotes");
        if (r != null && !r.isNull()) {
            if (!r.isObject()) {
                throw new ConfigException("repository config " + file + ": \"remotes\" must be an object of NAME: URI");
            }
            for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) r.properties()::iterator) {
                remotes.put(e.getKey(), e.getValue().asText());
            }
        }
        return new Config(store, author, min, avg, max, pack, level, bool(file, n, "deltas", true),
            bool(file, n, "bsdiff", true), remotes);
    }

    private static boolean bool(Path file, JsonNode n, String name, boolean def) throws ConfigException {
        JsonNode v = n.get(name);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            throw new ConfigException("repository config " + file + ": \"" + name + "\" must be true or false");
        }
        return v.asBoolean();
    }

    private static int intField(Path file, JsonNode n, String name, int def, int min, int max) throws ConfigException {
        JsonNode v = n.get(name);
        if (v == null) {
            return def;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new ConfigException("repository config " + file + ": \"" + name + "\" must be an integer from "
                + min + " to " + max);
        }
        return v.asInt();
    }

    void save(Path file) throws IOException {
        ObjectNode n = Codec.JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("store", store);
        author.ifPresent(p -> n.put("author", p.toString()));
        n.put("chunkMin", chunkMin);
        n.put("chunkAvg", chunkAvg);
        n.put("chunkMax", chunkMax);
        n.put("packSize", packSize);
        n.put("compressionLevel", compressionLevel);
        n.put("deltas", deltas);
        n.put("bsdiff", bsdiff);
        ObjectNode r = n.putObject("remotes");
        remotes.forEach(r::put);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Codec.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n",
            StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
