package org.damnit.s3;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * s3rver (the npm package, a Node S3 server nobody here wrote) in a process of its own on 127.0.0.1,
 * shared by the tests of this JVM and stopped when it exits. It ignores {@code If-None-Match}. Its
 * executable comes from the system property {@code damnit.s3rver} or the environment variable
 * {@code DAMNIT_S3RVER} ({@code .ci/run} installs it); without it the tests are skipped, unless
 * {@code CI} is set.
 *
 * <p>After a DELETE, s3rver's filesystem store removes the key's emptied parent directories; a PUT into
 * the same directory between its mkdir and its open then fails outside any handler and the whole server
 * exits (concurrent pushes' writer leases do this under load: {@code S3rverRaceTest}). The server is started
 * with a preload that keeps emptied directories, which no S3 client sees (listings come from objects).
 */
final class S3rverServer {
    static final String KEY = "S3RVER";
    static final String VERSION = "3.7.1";
    private static Process process;
    private static int port;

    private S3rverServer() {
    }

    static String executable() {
        String p = System.getProperty("damnit.s3rver");
        if (p == null || p.isBlank()) {
            p = System.getenv("DAMNIT_S3RVER");
        }
        return p == null || p.isBlank() ? null : p;
    }

    static synchronized URI endpoint() throws Exception {
        if (process == null) {
            String exe = executable();
            if (exe == null || !new File(exe).canExecute()) {
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException("s3rver " + VERSION + " is needed (set DAMNIT_S3RVER or "
                        + "-Ddamnit.s3rver to its executable; .ci/run installs it), got " + exe);
                }
                Assumptions.abort("s3rver not installed (set DAMNIT_S3RVER to its executable)");
            }
            Path dir = Files.createTempDirectory("s3rver-");
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(List.of(exe, "-d", dir.toString(), "-a", "127.0.0.1", "-p",
                String.valueOf(port), "--silent"))
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile());
            keepEmptiedDirectories(pb, Path.of(exe), dir.resolveSibling(dir.getFileName() + "-preload.js"));
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                p.destroy();
                try {
                    p.waitFor();
                    deleteTree(dir);
                } catch (InterruptedException | IOException ignored) {
                    // exiting
                }
            }));
            for (int i = 0; ; i++) {
                try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    break;
                } catch (IOException e) {
                    if (!p.isAlive() || i > 300) {
                        p.destroy();
                        throw new IllegalStateException("s3rver did not start (" + exe + ")", e);
                    }
                    Thread.sleep(50);
                }
            }
            process = p;
            credentials();
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts s3rver with {@code --require} of a script that replaces its store's deleteObject by one that only unlinks. */
    private static void keepEmptiedDirectories(ProcessBuilder pb, Path exe, Path preload) throws IOException {
        Path store = exe.toRealPath().getParent().resolveSibling("lib").resolve("stores").resolve("filesystem.js");
        if (!Files.isRegularFile(store)) {
            throw new IllegalStateException("s3rver " + VERSION + " is expected at " + exe + " (no " + store + ")");
        }
        Files.writeString(preload, String.join("\n",
            "const FilesystemStore = require(" + jsString(store.toString()) + ");",
            "const fs = require('fs');",
            "FilesystemStore.prototype.deleteObject = async function (bucket, key) {",
            "  await Promise.all(['object', 'object.md5', 'metadata.json'].map(kind =>",
            "    fs.promises.unlink(this.getResourcePath(bucket, key, kind))",
            "      .catch(err => { if (err.code !== 'ENOENT') throw err; })));",
            "};", ""));
        preload.toFile().deleteOnExit();
        String options = pb.environment().getOrDefault("NODE_OPTIONS", "");
        pb.environment().put("NODE_OPTIONS", (options + " --require " + jsString(preload.toString())).trim());
    }

    private static String jsString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Uses s3rver's keys for the SDK's default credential chain (shared with S3Proxy's tests in this JVM). */
    static void credentials() {
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", KEY);
    }

    /** An s3: store URI for a bucket and prefix on s3rver, with extra options ("" or "&k=v..."). */
    static URI store(String bucket, String prefix, String options) throws Exception {
        return URI.create("s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1" + options);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
