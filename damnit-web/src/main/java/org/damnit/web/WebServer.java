package org.damnit.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.damnit.DamnitException;
import org.damnit.Repository;

/**
 * {@code damnit serve}: the web UI over one open {@link Repository}, on the JDK's HTTP server.
 *
 * <p>Security: binds to 127.0.0.1 unless told otherwise, and refuses any other address without a
 * token. With a token, every request must carry it ({@code Authorization: Bearer T}, or the cookie set
 * by visiting {@code /?token=T}). Requests that change anything live under {@code /api/}, accept only
 * POST/PUT, and need the page's CSRF token in {@code X-Damnit-Csrf} and no foreign {@code Origin}.
 * <pre>{@code
 * try (WebServer web = WebServer.builder(repo).setPort(0).start()) {
 *     System.out.println("Serving " + web.uri());
 * }
 * }</pre>
 */
public final class WebServer implements AutoCloseable {
    /** The default upload limit: 64 GiB. */
    public static final long DEFAULT_MAX_UPLOAD = 64L << 30;
    static final String TOKEN_COOKIE = "damnit_token";

    /** Threads for exchanges; uploads may use at most {@link #UPLOAD_SLOTS} of them at once. */
    static final int THREADS = 48;

    static {
        // The JDK's server writes a response's headers and its body separately; with Nagle's algorithm the
        // body of a small answer (a 404, a short range) then waits for the client's delayed ACK, 40 ms on
        // Linux, and htslib makes several such requests per query. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    static final int UPLOAD_SLOTS = 8;
    private final HttpServer server;
    private final SlowClients clients;
    private final String token;
    private final String csrf;
    private final boolean loopback;
    private final URI uri;
    private final Pages pages;
    private final Api api;

    private WebServer(Builder b) throws IOException {
        InetAddress addr = InetAddress.getByName(b.bind);
        this.loopback = addr.isLoopbackAddress();
        if (!loopback && (b.token == null || b.token.isEmpty())) {
            throw new IllegalArgumentException("refusing to serve on " + b.bind + " without a token: anyone who can"
                + " reach that address could read and change the repository. Set --token (or DAMNIT_TOKEN),"
                + " or bind to 127.0.0.1 and use an SSH tunnel");
        }
        this.token = b.token == null || b.token.isEmpty() ? null : b.token;
        byte[] r = new byte[24];
        new SecureRandom().nextBytes(r);
        this.csrf = HexFormat.of().formatHex(r);
        this.server = HttpServer.create(new InetSocketAddress(addr, b.port), 64);
        this.clients = new SlowClients(THREADS, b.headerTime, b.bodyIdleTime);
        server.setExecutor(clients.executor());
        this.pages = new Pages(b.repo, csrf, b.maxUpload);
        this.api = new Api(b.repo, b.maxUpload, pages);
        server.createContext("/", this::handle);
        server.start();
        String host = addr.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : addr.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.uri = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
    }

    /** A server for {@code repo}; the repository stays owned (and closed) by the caller. */
    public static Builder builder(Repository repo) {
        return new Builder(repo);
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return uri;
    }

    /**
     * Chunk records read from the store for downloads so far (delta bases included): a byte-range request
     * reads only the chunks it overlaps.
     */
    public long chunksRead() {
        return pages.chunksRead.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        clients.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        clients.handling();
        Request req = new Request(ex, clients);
        boolean apiCall = req.path().startsWith("/api/");
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
            checkHost(req);
            if (!authorized(req)) {
                return;
            }
            if (apiCall) {
                checkCsrf(req);
                api.handle(req);
            } else {
                if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
                    throw new HttpError(405, "pages are read-only; changes go through /api/");
                }
                pages.handle(req);
            }
        } catch (Throwable t) {
            fail(req, apiCall, t);
        } finally {
            ex.close();
        }
    }

    /** Loopback servers answer only to loopback host names, which stops DNS rebinding. */
    private void checkHost(Request req) {
        if (!loopback) {
            return;
        }
        String host = req.header("Host");
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "");
        if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
            throw new HttpError(403, "this server answers to localhost only (Host: " + host + ")");
        }
    }

    private boolean authorized(Request req) throws IOException {
        if (token == null) {
            return true;
        }
        String auth = req.header("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && same(auth.substring(7).trim(), token)) {
            return true;
        }
        if (same(req.cookie(TOKEN_COOKIE), token)) {
            return true;
        }
        String given = req.query.get("token");
        if (given != null && same(given, token) && req.method().equals("GET")) {
            req.ex.getResponseHeaders().add("Set-Cookie",
                TOKEN_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            req.redirect(req.path());
            return false;
        }
        throw new HttpError(401, "this server needs its access token: open the address printed by"
            + " 'damnit serve' with ?token=… added, or send 'Authorization: Bearer …'");
    }

    private void checkCsrf(Request req) {
        if (!req.method().equals("POST") && !req.method().equals("PUT")) {
            throw new HttpError(405, "use POST or PUT for " + req.path());
        }
        String origin = req.header("Origin");
        if (origin != null && !origin.equals("http://" + req.header("Host"))) {
            throw new HttpError(403, "cross-site request refused (Origin " + origin + ")");
        }
        String site = req.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new HttpError(403, "cross-site request refused (" + site + ")");
        }
        if (!same(req.header("X-Damnit-Csrf"), csrf)) {
            throw new HttpError(403, "missing or wrong CSRF token: reload the page and try again");
        }
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
            expected.getBytes(StandardCharsets.UTF_8));
    }

    private void fail(Request req, boolean apiCall, Throwable t) {
        int status;
        String message;
        if (t instanceof HttpError h) {
            status = h.status;
            message = h.getMessage();
        } else if (t instanceof org.damnit.NotFoundException) {
            status = 404;
            message = t.getMessage();
        } else if (t instanceof org.damnit.BadArgumentException || t instanceof IllegalArgumentException) {
            status = 400;
            message = t.getMessage();
        } else if (t instanceof org.damnit.RefusedException) {
            status = 409;
            message = t.getMessage();
        } else if (t instanceof DamnitException) {
            status = 500;
            message = t.getMessage();
        } else if (t instanceof java.nio.file.FileSystemException) {
            status = 500; // this machine's files, not the client's connection
            message = t.getMessage();
        } else if (t instanceof IOException) {
            return; // the client went away
        } else {
            status = 500;
            message = "internal error (" + t.getClass().getSimpleName() + "); the server log has the details";
            System.err.println("damnit serve: " + req.method() + " " + req.path() + " failed:");
            t.printStackTrace();
        }
        try {
            if (apiCall) {
                req.json(status, java.util.Map.of("error", Objects.toString(message, "error")));
            } else {
                String title = status == 404 ? "Not found" : status == 401 || status == 403 ? "Not allowed"
                    : "Something went wrong";
                req.html(status, Html.page(title, pages.repoName(), status == 401 || status == 403 ? "" : csrf,
                    "<p class=\"error\">" + Html.esc(message) + "</p><p><a href=\"/\">Back to the summary</a></p>"));
            }
        } catch (IOException | RuntimeException ignored) {
            // response already started or client gone
        }
    }

    /** Settings for {@link WebServer}; {@link #start()} binds and starts serving. */
    public static final class Builder {
        private final Repository repo;
        private String bind = "127.0.0.1";
        private int port = 8080;
        private String token;
        private long maxUpload = DEFAULT_MAX_UPLOAD;
        private Duration headerTime = Duration.ofSeconds(10);
        private Duration bodyIdleTime = Duration.ofSeconds(60);

        private Builder(Repository repo) {
            this.repo = Objects.requireNonNull(repo, "repo");
        }

        /** The address to listen on (default 127.0.0.1); any other needs a token. */
        public Builder setBind(String address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port (default 8080); 0 picks a free one. */
        public Builder setPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The access token every request must carry; null or empty for none (loopback only). */
        public Builder setToken(String token) {
            this.token = token;
            return this;
        }

        /**
         * How long a client may take to send a request's headers (default 10 s), and how long a request
         * body may send nothing (default 60 s); past either the connection is closed.
         */
        public Builder setRequestTimeouts(Duration headers, Duration bodyIdle) {
            if (headers.isNegative() || headers.isZero() || bodyIdle.isNegative() || bodyIdle.isZero()) {
                throw new IllegalArgumentException("request timeouts must be positive");
            }
            this.headerTime = headers;
            this.bodyIdleTime = bodyIdle;
            return this;
        }

        /** The largest accepted upload, in bytes. */
        public Builder setMaxUploadBytes(long max) {
            if (max <= 0) {
                throw new IllegalArgumentException("the upload limit must be positive");
            }
            this.maxUpload = max;
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws IllegalArgumentException for a non-loopback address without a token
         * @throws IOException if the address cannot be bound
         */
        public WebServer start() throws IOException {
            return new WebServer(this);
        }
    }
}
