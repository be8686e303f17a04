package org.damnit.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.damnit.Commit;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.Person;

/**
 * Canonical JSON for trees and commits (docs/FORMAT.md). The writer emits fields in a fixed order and
 * entries sorted by name, so equal content always gives equal bytes and thus an equal id. The reader
 * validates everything it accepts.
 */
final class Codec {
    static final int TREE_FORMAT = 1;
    static final int COMMIT_FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    private Codec() {
    }

    // ---- trees ----

    static byte[] encodeTree(List<Node> entries) {
        List<Node> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(bos)) {
            g.writeStartObject();
            g.writeNumberField("format", TREE_FORMAT);
            g.writeArrayFieldStart("entries");
            String prev = null;
            for (Node n : sorted) {
                if (!Names.isValidName(n.name()) || n.name().equals(prev)) {
                    throw new IllegalArgumentException("invalid or duplicate entry name: " + n.name());
                }
                prev = n.name();
                g.writeStartObject();
                g.writeStringField("name", n.name());
                switch (n.type()) {
                    case FILE -> {
                        g.writeStringField("type", "file");
                        g.writeNumberField("size", n.size());
                        g.writeBooleanField("exec", n.executable());
                        g.writeNumberField("mtime_ns", n.mtimeNanos());
                        g.writeStringField("sha256", n.sha256().toHex());
                        g.writeStringField("md5", n.md5());
                        g.writeArrayFieldStart("pieces");
                        for (Node.Piece p : n.pieces()) {
                            g.writeStartArray();
                            g.writeString(p.id().toHex());
                            g.writeNumber(p.size());
                            g.writeEndArray();
                        }
                        g.writeEndArray();
                    }
                    case DIRECTORY -> {
                        g.writeStringField("type", "dir");
                        g.writeStringField("tree", n.tree().toHex());
                    }
                    case SYMLINK -> {
                        g.writeStringField("type", "link");
                        g.writeStringField("target", n.target());
                    }
                }
                if (!n.meta().isEmpty()) {
                    g.writeObjectFieldStart("meta");
                    for (Map.Entry<String, String> m : n.meta().entrySet()) {
                        g.writeStringField(m.getKey(), m.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static List<Node> decodeTree(ObjectId id, byte[] bytes) throws CorruptObjectException {
        String what = "tree " + id.abbreviate(12);
        JsonNode root = parse(what, bytes);
        checkFormat(what, root, TREE_FORMAT);
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw bad(what, "no entries array");
        }
        List<Node> out = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode e : entries) {
            String name = text(what, e, "name");
            if (!Names.isValidName(name)) {
                throw bad(what, "illegal entry name " + printable(name));
            }
            if (!seen.add(name)) {
                throw bad(what, "duplicate entry name " + printable(name));
            }
            String type = text(what, e, "type");
            int before = out.size();
            switch (type) {
                case "file" -> {
                    long size = number(what, e, "size");
                    String md5 = text(what, e, "md5");
                    if (!isLowerHex(md5, 32)) {
                        throw bad(what, "bad md5 for " + printable(name));
                    }
                    JsonNode pieces = e.get("pieces");
                    if (pieces == null || !pieces.isArray()) {
                        throw bad(what, "no pieces for " + printable(name));
                    }
                    List<Node.Piece> ps = new ArrayList<>(pieces.size());
                    long total = 0;
                    for (JsonNode p : pieces) {
                        if (!p.isArray() || p.size() != 2 || !p.get(1).canConvertToLong() || p.get(1).asLong() < 0) {
                            throw bad(what, "bad piece for " + printable(name));
                        }
                        ps.add(new Node.Piece(hex(what, p.get(0).asText()), p.get(1).asLong()));
                        total += p.get(1).asLong();
                    }
                    if (total != size || size < 0) {
                        throw bad(what, "pieces of " + printable(name) + " add up to " + total + ", size says " + size);
                    }
                    JsonNode exec = e.get("exec");
                    out.add(Node.file(name, size, exec != null && exec.asBoolean(), number(what, e, "mtime_ns"),
                        hex(what, text(what, e, "sha256")), md5, ps));
                }
                case "dir" -> out.add(Node.directory(name, hex(what, text(what, e, "tree"))));
                case "link" -> {
                    String target = text(what, e, "target");
                    if (target.isEmpty() || target.indexOf('\0') >= 0) {
                        throw bad(what, "illegal link target for " + printable(name));
                    }
                    out.add(Node.symlink(name, target));
                }
                default -> throw bad(what, "unknown entry type " + printable(type));
            }
            JsonNode meta = e.get("meta");
            if (meta != null && out.size() > before) {
                if (!meta.isObject()) {
                    throw bad(what, "metadata of " + printable(name) + " is not an object");
                }
                java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
                for (var f : (Iterable<Map.Entry<String, JsonNode>>) meta.properties()::iterator) {
                    if (!f.getValue().isTextual()) {
                        throw bad(what, "metadata of " + printable(name) + " holds a non-text value");
                    }
                    m.put(f.getKey(), f.getValue().asText());
                }
                out.set(out.size() - 1, out.get(out.size() - 1).withMeta(m));
            }
        }
        return out;
    }

    // ---- commits ----

    static byte[] encodeCommit(ObjectId tree, List<ObjectId> parents, Person author, Instant time, String message,
                               Map<String, String> metadata) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(bos)) {
            g.writeStartObject();
            g.writeNumberField("format", COMMIT_FORMAT);
            g.writeStringField("tree", tree.toHex());
            g.writeArrayFieldStart("parents");
            for (ObjectId p : parents) {
                g.writeString(p.toHex());
            }
            g.writeEndArray();
            g.writeObjectFieldStart("author");
            g.writeStringField("name", author.name());
            g.writeStringField("email", author.email());
            g.writeEndObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("message", message);
            g.writeObjectFieldStart("meta");
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static Commit decodeCommit(ObjectId id, byte[] bytes) throws CorruptObjectException {
        String what = "commit " + id.abbreviate(12);
        JsonNode root = parse(what, bytes);
        checkFormat(what, root, COMMIT_FORMAT);
        ObjectId tree = hex(what, text(what, root, "tree"));
        JsonNode ps = root.get("parents");
        if (ps == null || !ps.isArray()) {
            throw bad(what, "no parents array");
        }
        List<ObjectId> parents = new ArrayList<>();
        for (JsonNode p : ps) {
            parents.add(hex(what, p.asText()));
        }
        JsonNode a = root.get("author");
        if (a == null || !a.isObject()) {
            throw bad(what, "no author");
        }
        Person author;
        try {
            author = new Person(text(what, a, "name"), a.path("email").asText(""));
        } catch (IllegalArgumentException e) {
            throw bad(what, e.getMessage());
        }
        Instant time;
        try {
            time = Instant.parse(text(what, root, "time"));
        } catch (DateTimeParseException e) {
            throw bad(what, "bad time");
        }
        Map<String, String> meta = new TreeMap<>();
        JsonNode m = root.get("meta");
        if (m != null && m.isObject()) {
            m.properties().forEach(f -> meta.put(f.getKey(), f.getValue().asText()));
        }
        return new Commit(id, tree, parents, author, time, text(what, root, "message"), meta);
    }

    // ---- helpers ----

    private static JsonNode parse(String what, byte[] bytes) throws CorruptObjectException {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw bad(what, "not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw bad(what, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad(what, e.getMessage());
        }
    }

    private static void checkFormat(String what, JsonNode root, int supported) throws CorruptObjectException {
        JsonNode f = root.get("format");
        if (f == null || !f.canConvertToInt()) {
            throw bad(what, "no format field");
        }
        if (f.asInt() != supported) {
            throw new CorruptObjectException(what + " has format " + f.asInt() + "; this DAMNIT reads format " + supported);
        }
    }

    private static String text(String what, JsonNode n, String field) throws CorruptObjectException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(what, "missing field '" + field + "'");
        }
        return v.asText();
    }

    private static long number(String what, JsonNode n, String field) throws CorruptObjectException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw bad(what, "missing number '" + field + "'");
        }
        return v.asLong();
    }

    private static ObjectId hex(String what, String s) throws CorruptObjectException {
        if (!ObjectId.isValidHex(s)) {
            throw bad(what, "bad object id " + printable(s));
        }
        return ObjectId.fromHex(s);
    }

    private static CorruptObjectException bad(String what, String detail) {
        return new CorruptObjectException(what + " is malformed: " + detail);
    }

    static boolean isLowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder("'");
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('\'').toString();
    }
}
