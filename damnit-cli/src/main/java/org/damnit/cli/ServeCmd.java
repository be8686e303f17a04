package org.damnit.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.damnit.Repository;
import org.damnit.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the web UI: browse history, files, metadata and checksums; search; download any version;"
        + " upload files and commit them.",
        "Binds to 127.0.0.1 unless --bind says otherwise; any other address needs a token."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit serve                          http://127.0.0.1:8080/",
        "  damnit serve --port 0 /data/project    a free port; the first line printed says which",
        "  DAMNIT_TOKEN=s3cret damnit serve --bind 0.0.0.0   open http://HOST:PORT/?token=s3cret once",
        ExitCodes.FOOTER})
final class ServeCmd extends Subcommand {
    @Parameters(arity = "0..1", paramLabel = "REPO", description = "The project directory (default: the current one).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one (default: 8080).")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: 127.0.0.1).")
    String bind = "127.0.0.1";

    @Option(names = "--token", paramLabel = "T", description = "Access token every request must carry"
        + " (default: $DAMNIT_TOKEN). Required for a non-loopback --bind.")
    String token = System.getenv("DAMNIT_TOKEN");

    @Option(names = "--max-upload", paramLabel = "SIZE", description = "Largest accepted upload, e.g. 500M, 20G"
        + " (default: 64G).")
    String maxUpload = "64G";

    @Override
    public Integer call() throws Exception {
        Path where = dir == null ? root().workDir() : root().workDir().resolve(dir).normalize();
        long limit = parseSize(maxUpload);
        Repository repo = Repository.open(where);
        WebServer web;
        try {
            web = WebServer.builder(repo).setBind(bind).setPort(port).setToken(token).setMaxUploadBytes(limit).start();
        } catch (IllegalArgumentException | java.io.IOException e) {
            repo.close();
            throw e;
        }
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                web.close();
                try {
                    repo.close();
                } catch (org.damnit.DamnitException ignored) {
                    // stopping anyway
                }
            }
        };
        Thread hook = new Thread(stop);
        Runtime.getRuntime().addShutdownHook(hook);
        boolean needsToken = token != null && !token.isEmpty();
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("url", web.uri().toString());
            m.put("repository", repo.workTree().toString());
            m.put("tokenRequired", needsToken);
            Json.print(out(), m);
        } else {
            out().println("Serving " + web.uri());
            out().println("Repository " + repo.workTree() + (needsToken ? " · token required (open " + web.uri()
                + "?token=…)" : "") + " · Ctrl-C stops");
        }
        out().flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            Thread.currentThread().interrupt();
        } finally {
            stop.run();
        }
        return ExitCodes.OK;
    }

    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        int shift = 0;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            shift = 10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1);
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t.trim());
            if (v <= 0 || v > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-upload needs a size like 500M or 20G, got '" + s + "'");
        }
    }
}
