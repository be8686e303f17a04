package org.damnit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private Json() {
    }

    /** A JSON request body (at most 1 MiB) as an object. */
    static JsonNode read(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) {
            throw new HttpError(413, "request body larger than 1 MiB");
        }
        try {
            JsonNode n = MAPPER.readTree(b);
            if (n == null || !n.isObject()) {
                throw new HttpError(400, "expected a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }
}
