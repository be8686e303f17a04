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
 * @param pieceSize        bytes per stored piece of a file
 * @param compressionLevel zstd level for stored objects, 0 for none
 */
record Config(String store, Optional<Person> author, int pieceSize, int compressionLevel) {
    static final int FORMAT = 1;
    static final int DEFAULT_PIECE_SIZE = 4 << 20;
    static final int DEFAULT_COMPRESSION = 3;

    static Config defaults(String store) {
        return new Config(store, Optional.empty(), DEFAULT_PIECE_SIZE, DEFAULT_COMPRESSION);
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
        if (f.asInt() < 1) {
            throw new ConfigException("repository config " + file + " has invalid format " + f.asInt());
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
        int piece = intField(file, n, "pieceSize", DEFAULT_PIECE_SIZE, 64 << 10, 64 << 20);
        int level = intField(file, n, "compressionLevel", DEFAULT_COMPRESSION, 0, 19);
        return new Config(store, author, piece, level);
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
        n.put("pieceSize", pieceSize);
        n.put("compressionLevel", compressionLevel);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Codec.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n",
            StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
