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
            Process p = new ProcessBuilder(List.of(exe, "-d", dir.toString(), "-a", "127.0.0.1", "-p",
                String.valueOf(port), "--silent"))
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
                .start();
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
