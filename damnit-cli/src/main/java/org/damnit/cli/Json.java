package org.damnit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.Commit;
import org.damnit.ObjectId;

/** JSON output of the {@code --json} options. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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
