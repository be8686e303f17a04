package org.damnit.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
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
 * @param contentCodecs    whether the deep form may store chunks of a recognised format (tables, reads,
 *                         alignments) by its content codec when that is smaller than zstd; a plain commit never does
 * @param deepOnCommit     make the deep form as files are committed (what {@code repack --deep} does): content
 *                         codecs, and containers for gzip and BGZF files
 */
record Config(String store, Optional<Person> author, int chunkMin, int chunkAvg, int chunkMax, int packSize,
              int compressionLevel, boolean deltas, boolean bsdiff, boolean contentCodecs,
              java.util.SortedMap<String, String> remotes, boolean deepOnCommit) {
    Config {
        remotes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(remotes));
    }

    Config withRemotes(java.util.Map<String, String> r) {
        return new Config(store, author, chunkMin, chunkAvg, chunkMax, packSize, compressionLevel, deltas, bsdiff,
            contentCodecs, new java.util.TreeMap<>(r), deepOnCommit);
    }

    static final int FORMAT = 18;
    /**
     * Formats 2 to 18 differ only in what trees (names as bytes: 3), pack records (content codecs: 4, the
     * table codec: 6, the BAM record codec: 7, FASTQ payload version 2: 8, SAM payload version 2: 9,
     * table payload version 2: 10, SAM and BAM payload versions 3 and 4: 11 and 12, BAM payload
     * version 5: 13, SAM payload version 5 and BAM payload version 6: 14, SAM from BAM records: 15,
     * SAM payload version 6: 16, BAM payload version 7: 17, FASTQ from BAM records: 18) and
     * the store (containers: 5) may hold: read as they are.
     */
    static final int OLDEST_READABLE = 2;
    static final int DEFAULT_CHUNK_MIN = 256 << 10;
    static final int DEFAULT_CHUNK_AVG = 1 << 20;
    static final int DEFAULT_CHUNK_MAX = 4 << 20;
    /** The largest {@code chunkMax} a config may name: no chunk is larger. */
    static final int MAX_CHUNK_MAX = 64 << 20;
    static final int DEFAULT_PACK_SIZE = 32 << 20;
    static final int DEFAULT_COMPRESSION = 3;

    static Config defaults(String store) {
        return new Config(store, Optional.empty(), DEFAULT_CHUNK_MIN, DEFAULT_CHUNK_AVG, DEFAULT_CHUNK_MAX,
            DEFAULT_PACK_SIZE, DEFAULT_COMPRESSION, true, true, true, new java.util.TreeMap<>(), false);
    }

    Chunker chunker() {
        return new Chunker(chunkMin, chunkAvg, chunkMax);
    }

    static Config load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = RegularFiles.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("repository config " + file + " is missing");
        } catch (IOException e) {
            throw new ConfigException("cannot read repository config " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> n;
        try {
            n = Json.object(Json.read(bytes));
        } catch (JsonProcessingException e) {
            throw new ConfigException("repository config " + file + " is not valid JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        if (n == null) {
            throw new ConfigException("repository config " + file + " must be a JSON object");
        }
        Long f = Json.integer(n.get("format"));
        if (f == null) {
            throw new ConfigException("repository config " + file + " has no numeric \"format\" field");
        }
        if (f > FORMAT) {
            throw new ConfigException("repository format " + f + " is newer than this DAMNIT supports ("
                + FORMAT + "); upgrade DAMNIT");
        }
        if (f < OLDEST_READABLE) {
            throw new ConfigException("repository format " + f + " predates this DAMNIT (" + FORMAT
                + "); restore it with the DAMNIT that wrote it and commit into a new repository");
        }
        String store = text(file, n, "store", "local");
        Optional<Person> author = Optional.empty();
        String a = text(file, n, "author", null);
        if (a != null) {
            try {
                author = Optional.of(Person.parse(a));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("repository config " + file + ": bad author: " + e.getMessage());
            }
        }
        int min = intField(file, n, "chunkMin", DEFAULT_CHUNK_MIN, 1 << 10, 16 << 20);
        int avg = intField(file, n, "chunkAvg", DEFAULT_CHUNK_AVG, 4 << 10, 32 << 20);
        int max = intField(file, n, "chunkMax", DEFAULT_CHUNK_MAX, 16 << 10, MAX_CHUNK_MAX);
        if (Integer.bitCount(avg) != 1 || min >= avg || avg >= max) {
            throw new ConfigException("repository config " + file
                + ": need chunkMin < chunkAvg < chunkMax with chunkAvg a power of two");
        }
        int pack = intField(file, n, "packSize", DEFAULT_PACK_SIZE, 1 << 20, 1 << 30);
        int level = intField(file, n, "compressionLevel", DEFAULT_COMPRESSION, 0, 19);
        java.util.TreeMap<String, String> remotes = new java.util.TreeMap<>();
        Object r = n.get("remotes");
        if (r != null) {
            Map<String, Object> rm = Json.object(r);
            if (rm == null || !rm.values().stream().allMatch(String.class::isInstance)) {
                throw new ConfigException("repository config " + file + ": \"remotes\" must be an object of NAME: URI");
            }
            rm.forEach((k, v) -> remotes.put(k, (String) v));
        }
        return new Config(store, author, min, avg, max, pack, level, bool(file, n, "deltas", true),
            bool(file, n, "bsdiff", true), bool(file, n, "contentCodecs", true), remotes,
            bool(file, n, "deepOnCommit", false));
    }

    private static String text(Path file, Map<String, Object> n, String name, String def) throws ConfigException {
        Object v = n.get(name);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s)) {
            throw new ConfigException("repository config " + file + ": \"" + name + "\" must be a string");
        }
        return s;
    }

    private static boolean bool(Path file, Map<String, Object> n, String name, boolean def) throws ConfigException {
        Object v = n.get(name);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw new ConfigException("repository config " + file + ": \"" + name + "\" must be true or false");
        }
        return b;
    }

    private static int intField(Path file, Map<String, Object> n, String name, int def, int min, int max)
        throws ConfigException {
        Object v = n.get(name);
        if (v == null) {
            return def;
        }
        Long l = Json.integer(v);
        if (l == null || l < min || l > max) {
            throw new ConfigException("repository config " + file + ": \"" + name + "\" must be an integer from "
                + min + " to " + max);
        }
        return l.intValue();
    }

    void save(Path file) throws IOException {
        byte[] json = Json.write(true, g -> {
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("store", store);
            if (author.isPresent()) {
                g.writeStringField("author", author.get().toString());
            }
            g.writeNumberField("chunkMin", chunkMin);
            g.writeNumberField("chunkAvg", chunkAvg);
            g.writeNumberField("chunkMax", chunkMax);
            g.writeNumberField("packSize", packSize);
            g.writeNumberField("compressionLevel", compressionLevel);
            g.writeBooleanField("deltas", deltas);
            g.writeBooleanField("bsdiff", bsdiff);
            g.writeBooleanField("contentCodecs", contentCodecs);
            if (deepOnCommit) {
                g.writeBooleanField("deepOnCommit", true);
            }
            g.writeObjectFieldStart("remotes");
            for (java.util.Map.Entry<String, String> r : remotes.entrySet()) {
                g.writeStringField(r.getKey(), r.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        Files.write(tmp, withNewline);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
