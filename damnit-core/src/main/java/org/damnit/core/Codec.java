package org.damnit.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
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
    /** Trees with a name that is not UTF-8 (its bytes as JSON escapes \\uDC80..\\uDCFF) or holds a backslash. */
    static final int TREE_FORMAT_BYTES = 2;
    static final int COMMIT_FORMAT = 1;

    private Codec() {
    }

    // ---- trees ----

    static byte[] encodeTree(List<Node> entries) {
        List<Node> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Names.ORDER.compare(a.name(), b.name()));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bos)) {
            g.writeStartObject();
            // format 1 whenever it can say it, so that every tree it could hold keeps its id
            g.writeNumberField("format", sorted.stream().anyMatch(n -> Names.needsFormat2(n.name()))
                ? TREE_FORMAT_BYTES : TREE_FORMAT);
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
        Map<String, Object> root = parse(what, bytes);
        Long format = Json.integer(root.get("format"));
        checkFormat(what, root, format != null && format == TREE_FORMAT_BYTES ? TREE_FORMAT_BYTES : TREE_FORMAT);
        List<Object> entries = Json.array(root.get("entries"));
        if (entries == null) {
            throw bad(what, "no entries array");
        }
        List<Node> out = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (Object o : entries) {
            Map<String, Object> e = Json.object(o);
            if (e == null) {
                throw bad(what, "an entry is not an object");
            }
            String name = text(what, e, "name");
            if (!Names.isValidName(name) || (format == TREE_FORMAT && Names.needsFormat2(name))) {
                throw bad(what, "illegal entry name " + printable(name));
            }
            if (!seen.add(name)) {
                throw bad(what, "duplicate entry name " + printable(name));
            }
            String type = text(what, e, "type");
            Node node = switch (type) {
                case "file" -> {
                    long size = number(what, e, "size");
                    String md5 = text(what, e, "md5");
                    if (!isLowerHex(md5, 32)) {
                        throw bad(what, "bad md5 for " + printable(name));
                    }
                    List<Object> pieces = Json.array(e.get("pieces"));
                    if (pieces == null) {
                        throw bad(what, "no pieces for " + printable(name));
                    }
                    List<Node.Piece> ps = new ArrayList<>(pieces.size());
                    long total = 0;
                    for (Object po : pieces) {
                        List<Object> p = Json.array(po);
                        Long length = p != null && p.size() == 2 ? Json.integer(p.get(1)) : null;
                        if (length == null || length < 0 || !(p.get(0) instanceof String hex)) {
                            throw bad(what, "bad piece for " + printable(name));
                        }
                        ps.add(new Node.Piece(hex(what, hex), length));
                        total += length;
                    }
                    if (total != size || size < 0) {
                        throw bad(what, "pieces of " + printable(name) + " add up to " + total + ", size says " + size);
                    }
                    Object exec = e.get("exec");
                    if (exec != null && !(exec instanceof Boolean)) {
                        throw bad(what, "exec of " + printable(name) + " is not true or false");
                    }
                    yield Node.file(name, size, Boolean.TRUE.equals(exec), number(what, e, "mtime_ns"),
                        hex(what, text(what, e, "sha256")), md5, ps);
                }
                case "dir" -> Node.directory(name, hex(what, text(what, e, "tree")));
                case "link" -> {
                    String target = text(what, e, "target");
                    if (target.isEmpty() || target.indexOf('\0') >= 0) {
                        throw bad(what, "illegal link target for " + printable(name));
                    }
                    yield Node.symlink(name, target);
                }
                default -> throw bad(what, "unknown entry type " + printable(type));
            };
            if (e.containsKey("meta")) {
                node = node.withMeta(strings(what, e.get("meta"), "metadata of " + printable(name)));
            }
            out.add(node);
        }
        return out;
    }

    /** A JSON object of text values, sorted by key. */
    private static java.util.SortedMap<String, String> strings(String what, Object v, String of)
        throws CorruptObjectException {
        Map<String, Object> m = Json.object(v);
        if (m == null) {
            throw bad(what, of + " is not an object");
        }
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, Object> f : m.entrySet()) {
            if (!(f.getValue() instanceof String s)) {
                throw bad(what, of + " holds a non-text value");
            }
            out.put(f.getKey(), s);
        }
        return out;
    }

    // ---- commits ----

    static byte[] encodeCommit(ObjectId tree, List<ObjectId> parents, Person author, Instant time, String message,
                               Map<String, String> metadata) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bos)) {
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
        Map<String, Object> root = parse(what, bytes);
        checkFormat(what, root, COMMIT_FORMAT);
        ObjectId tree = hex(what, text(what, root, "tree"));
        List<Object> ps = Json.array(root.get("parents"));
        if (ps == null) {
            throw bad(what, "no parents array");
        }
        List<ObjectId> parents = new ArrayList<>();
        for (Object p : ps) {
            if (!(p instanceof String hex)) {
                throw bad(what, "a parent is not an object id");
            }
            parents.add(hex(what, hex));
        }
        Map<String, Object> a = Json.object(root.get("author"));
        if (a == null) {
            throw bad(what, "no author");
        }
        Person author;
        try {
            author = new Person(text(what, a, "name"), a.get("email") instanceof String email ? email : "");
        } catch (IllegalArgumentException e) {
            throw bad(what, e.getMessage());
        }
        Instant time;
        try {
            time = Instant.parse(text(what, root, "time"));
        } catch (DateTimeParseException e) {
            throw bad(what, "bad time");
        }
        Map<String, String> meta = root.get("meta") == null ? new TreeMap<>() : strings(what, root.get("meta"), "metadata");
        return new Commit(id, tree, parents, author, time, text(what, root, "message"), meta);
    }

    // ---- helpers ----

    private static Map<String, Object> parse(String what, byte[] bytes) throws CorruptObjectException {
        Object v;
        try {
            v = Json.read(bytes);
        } catch (JsonProcessingException e) {
            throw bad(what, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad(what, e.getMessage());
        }
        Map<String, Object> m = Json.object(v);
        if (m == null) {
            throw bad(what, "not a JSON object");
        }
        return m;
    }

    private static void checkFormat(String what, Map<String, Object> root, int supported) throws CorruptObjectException {
        Long f = Json.integer(root.get("format"));
        if (f == null) {
            throw bad(what, "no format field");
        }
        if (f != supported) {
            throw new CorruptObjectException(what + " has format " + f + "; this DAMNIT reads format " + supported);
        }
    }

    private static String text(String what, Map<String, Object> n, String field) throws CorruptObjectException {
        if (!(n.get(field) instanceof String s)) {
            throw bad(what, "missing field '" + field + "'");
        }
        return s;
    }

    private static long number(String what, Map<String, Object> n, String field) throws CorruptObjectException {
        Long v = Json.integer(n.get(field));
        if (v == null) {
            throw bad(what, "missing number '" + field + "'");
        }
        return v;
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
        return "'" + org.damnit.PathRules.display(s.length() > 400 ? s.substring(0, 400) : s) + "'";
    }
}
