package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against s3rver (npm), which ignores {@code If-None-Match}: refused without the
 * single-writer opt-in, and with it every writing command says so. The server's executable comes from
 * {@code DAMNIT_S3RVER} (or {@code -Ddamnit.s3rver}); without it the test is skipped unless {@code CI}
 * is set.
 */
class S3rverCliTest {
    private static Process server;
    private static String endpoint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path data) throws Exception {
        String exe = System.getProperty("damnit.s3rver", System.getenv("DAMNIT_S3RVER"));
        if (exe == null || !Files.isExecutable(Path.of(exe))) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("s3rver is needed: set DAMNIT_S3RVER (.ci/run installs it)");
            }
            Assumptions.abort("s3rver not installed (set DAMNIT_S3RVER to its executable)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder(exe, "-d", data.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "--silent")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; ; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException e) {
                if (!server.isAlive() || i > 300) {
                    throw new IllegalStateException("s3rver did not start", e);
                }
                Thread.sleep(50);
            }
        }
        endpoint = "http://127.0.0.1:" + port;
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.accessKeyId", "S3RVER");
        System.setProperty("aws.secretAccessKey", "S3RVER");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run damnit(Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("-C", dir.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initWithoutTheOptInFailsNamingTheMissingFeatureTheServerAndTheWaysOut() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Run r = damnit(p, "init", "--store", "s3://cli/p?endpoint=" + endpoint);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("If-None-Match").contains(endpoint).contains("singleWriter=true")
            .contains("lose a commit").doesNotContain("Exception");
        assertThat(p.resolve(".damnit")).doesNotExist();
    }

    @Test
    void inSingleWriterModeEveryWritingCommandSaysSo() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("q"));
        String store = "s3://cli/q?endpoint=" + endpoint + "&singleWriter=true";
        Run init = damnit(p, "init", "--store", store);
        assertThat(init.code()).as(init.err()).isZero();
        Files.writeString(p.resolve("a.txt"), "a\n");
        Run commit = damnit(p, "commit", "-m", "one");
        assertThat(commit.code()).as(commit.err()).isZero();
        assertThat(commit.err()).contains("single-writer mode").contains("writer lease");
        Run status = damnit(p, "status");
        assertThat(status.err()).as("reading writes nothing").doesNotContain("single-writer mode");
        Run tag = damnit(p, "tag", "v1");
        assertThat(tag.code()).as(tag.err()).isZero();
        assertThat(tag.err()).contains("single-writer mode");
        Run verify = damnit(p, "verify", "--read-data");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    }
}
