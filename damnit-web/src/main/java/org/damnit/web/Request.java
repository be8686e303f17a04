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
    private final SlowClients clients;
    private boolean bodyStarted;

    Request(HttpExchange ex, SlowClients clients) {
        this.ex = ex;
        this.clients = clients;
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

    /** The request body, each read bounded by the server's body idle time. */
    java.io.InputStream body() {
        bodyStarted = true;
        return clients == null ? ex.getRequestBody() : clients.timed(ex.getRequestBody());
    }

    /** Bodies up to this size that nothing read are received (for at most a second) and discarded. */
    static final long SMALL_BODY = 64 << 10;

    /**
     * Whether the client announced a body that nothing has read and that cannot be taken in at once: a
     * small one that arrives within a second is read and discarded (the answer then reaches the client
     * for sure); any other is refused by dropping the connection after the answer.
     */
    private boolean hasUnreadBody() {
        if (bodyStarted) {
            return false;
        }
        bodyStarted = true;
        String te = header("Transfer-Encoding");
        String len = header("Content-Length");
        long n;
        try {
            n = te != null ? -1 : len == null ? 0 : Long.parseLong(len.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n == 0) {
            return false;
        }
        return n < 0 || n > SMALL_BODY || clients == null
            || !clients.discard(ex.getRequestBody(), java.time.Duration.ofSeconds(1));
    }

    void send(int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean refuseBody = hasUnreadBody();
        if (refuseBody) {
            ex.getResponseHeaders().set("Connection", "close");
        }
        if (method().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        OutputStream out = ex.getResponseBody();
        if (refuseBody) {
            // answered without the body: it is never read (closing the exchange would wait for it)
            out.write(b);
            out.flush();
            breakConnection();
            return;
        }
        try (out) {
            out.write(b);
        }
    }

    /**
     * Drops the connection at once, so a response already under way is never completed and an unread
     * request body is never waited for. The JDK server has no call for it; a write on an interrupted
     * thread closes its socket channel before anything more is sent.
     */
    void breakConnection() {
        OutputStream out = ex.getResponseBody();
        java.io.InputStream in = ex.getRequestBody();
        Thread.currentThread().interrupt();
        try {
            try {
                for (int n; (n = in.available()) > 0; ) {
                    in.skip(n); // what already arrived, so the close is less likely to reset the answer
                }
            } catch (IOException | RuntimeException ignored) {
                // closed already
            }
            try {
                out.write(0);
                out.flush();
            } catch (IOException | RuntimeException closed) {
                // a response under way: its channel is closed now
            }
            try {
                in.read();
            } catch (IOException | RuntimeException closed) {
                // a complete response and an unread body: its channel is closed now
            }
        } finally {
            Thread.interrupted();
        }
        ex.close();
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
