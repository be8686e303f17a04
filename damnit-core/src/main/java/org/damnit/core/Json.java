package org.damnit.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's small JSON documents (config, trees, commits, gc lists, pending metadata) read into
 * plain values with jackson-core's streaming parser: {@link Map} (field order kept), {@link List},
 * {@link String}, {@link Long} (or {@link java.math.BigInteger} beyond it), {@link Double}, {@link Boolean},
 * and {@code null}. jackson-databind's tree model would do the same but costs about 0.2 s of class loading
 * in every process, more than the rest of a small command.
 *
 * <p>Stricter than a lenient reader: a repeated field name or anything after the document is an error.
 */
final class Json {
    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    static Object read(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return document(p);
        }
    }

    static Object read(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return document(p);
        }
    }

    private static Object document(JsonParser p) throws IOException {
        p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "no JSON document");
        }
        Object v = value(p, t);
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "content after the JSON document");
        }
        return v;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of the document");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(p, "unexpected " + t);
        }
    }

    /** {@code v} as an object, or null if it is something else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** {@code v} as an array, or null if it is something else. */
    @SuppressWarnings("unchecked")
    static List<Object> array(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : null;
    }

    /** {@code v} as a whole number that fits a long, or null. */
    static Long integer(Object v) {
        return v instanceof Long l ? l : null;
    }

    /** Something that writes one JSON document. */
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** The bytes {@code w} writes, compact or indented. */
    static byte[] write(boolean pretty, Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
