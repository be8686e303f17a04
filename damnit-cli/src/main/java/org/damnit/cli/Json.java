package org.damnit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.Commit;
import org.damnit.ObjectId;

/**
 * JSON output of the {@code --json} options: maps, lists, strings, numbers, booleans and nulls, indented,
 * written with jackson-core's generator (databind's {@code ObjectMapper} would add about 0.2 s of class
 * loading to every command a pipeline runs with {@code --json}).
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** A byte of a file name that is not UTF-8 (a lone U+DC80..U+DCFF) goes out as its JSON escape. */
    private static final com.fasterxml.jackson.core.io.CharacterEscapes NAME_BYTES =
        new com.fasterxml.jackson.core.io.CharacterEscapes() {
            private final int[] ascii = standardAsciiEscapesForJSON();

            @Override
            public int[] getEscapeCodesForAscii() {
                return ascii;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return ch >= 0xDC80 && ch <= 0xDCFF
                    ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04X", ch)) : null;
            }
        };

    private Json() {
    }

    static void print(PrintWriter out, Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text).setCharacterEscapes(NAME_BYTES)) {
            g.useDefaultPrettyPrinter();
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(text);
        out.flush();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object o : items) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    static Map<String, Object> commit(Commit c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toHex());
        m.put("tree", c.tree().toHex());
        List<String> parents = new ArrayList<>();
        for (ObjectId p : c.parents()) {
            parents.add(p.toHex());
        }
        m.put("parents", parents);
        m.put("author", c.author().name());
        m.put("email", c.author().email());
        m.put("time", c.time().toString());
        m.put("message", c.message());
        m.put("metadata", c.metadata());
        return m;
    }
}
