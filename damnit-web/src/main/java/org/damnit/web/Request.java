package org.damnit.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One exchange with the helpers the pages need: query parameters, headers and the responses. */
final class Request {
    final HttpExchange ex;
    final Map<String, String> query = new HashMap<>();

    Request(HttpExchange ex) {
        this.ex = ex;
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String part : raw.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(k, v);
            }
        }
    }

    String path() {
        return ex.getRequestURI().getPath();
    }

    String method() {
        return ex.getRequestMethod();
    }

    String param(String name, String dflt) {
        String v = query.get(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    String cookie(String name) {
        for (String h : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String c : h.split(";")) {
                int eq = c.indexOf('=');
                if (eq > 0 && c.substring(0, eq).trim().equals(name)) {
                    return c.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    void send(int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (method().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    void html(int status, String page) throws IOException {
        send(status, "text/html; charset=utf-8", page);
    }

    void json(int status, Object value) throws IOException {
        send(status, "application/json", Json.MAPPER.writeValueAsString(value));
    }

    void redirect(String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }
}
