package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static Object read(String s) throws Exception {
        return Json.read(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsPlainValuesKeepingFieldOrder() throws Exception {
        Map<String, Object> m = Json.object(read("{\"b\":1,\"a\":[true,null,\"x\",2.5,{}],\"big\":123456789012345678901234}"));
        assertThat(m.keySet()).containsExactly("b", "a", "big");
        assertThat(Json.integer(m.get("b"))).isEqualTo(1L);
        assertThat(Json.array(m.get("a"))).containsExactly(true, null, "x", 2.5, Map.of());
        assertThat(Json.integer(m.get("big"))).as("beyond a long").isNull();
        assertThat(Json.integer(2.5)).isNull();
        assertThat(Json.object(List.of())).isNull();
        assertThat(Json.array(Map.of())).isNull();
    }

    @Test
    void refusesWhatALenientReaderWouldAccept() {
        for (String bad : List.of("", "{\"a\":1,\"a\":2}", "{} {}", "{\"a\":", "[1,2", "{\"a\" 1}", "nul")) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void writesWhatItReadsBack() throws Exception {
        byte[] b = Json.write(true, g -> {
            g.writeStartObject();
            g.writeStringField("name", "ünïcode \"quoted\"");
            g.writeNullField("gone");
            g.writeEndObject();
        });
        assertThat(new String(b, StandardCharsets.UTF_8)).contains("\n");
        Map<String, Object> m = Json.object(Json.read(Arrays.copyOf(b, b.length)));
        assertThat(m).containsEntry("name", "ünïcode \"quoted\"").containsKey("gone");
        assertThat(m.get("gone")).isNull();
    }
}
