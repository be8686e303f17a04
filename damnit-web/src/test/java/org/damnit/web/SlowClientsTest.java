package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that send slowly, or not at all, never keep the pages from answering. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowClientsTest extends ServerTestBase {
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void commitFirst() throws Exception {
        repo.commit().setMessage("first").call();
    }

    @AfterEach
    void closeSockets() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Every request gives up after 5 s: a page that does not answer fails the test instead of hanging it. */
    @Override
    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(web.uri().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** A connection that sends {@code head} (and no more). */
    private Socket send(String head) throws IOException {
        Socket s = new Socket(web.uri().getHost(), web.uri().getPort());
        sockets.add(s);
        s.setSoTimeout(8_000);
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    private String upload(String name, String csrf, long length) {
        return "PUT /api/upload?path=" + name + " HTTP/1.1\r\nHost: 127.0.0.1:" + web.uri().getPort() + "\r\n"
            + (csrf == null ? "" : "X-Damnit-Csrf: " + csrf + "\r\n") + "Content-Length: " + length + "\r\n\r\n"
            + "first bytes";
    }

    /** The status line, or "closed" when the server dropped the connection; "waiting" after 8 s of nothing. */
    private static String answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        try {
            for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
                b.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            return "waiting";
        } catch (IOException reset) {
            return b.length() > 0 ? b.toString() : "closed";
        }
        return b.length() > 0 ? b.toString() : "closed";
    }

    @Test
    void eightUploadsThatHangKeepNoPageFromAnsweringAndANinthIsRefusedAtOnce() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        String csrf = csrf();
        for (int i = 0; i < WebServer.UPLOAD_SLOTS; i++) {
            send(upload("slow" + i + ".bin", csrf, 1_000_000));
        }
        Thread.sleep(300);
        for (int i = 0; i < 10; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
            assertThat(get("/status").statusCode()).isEqualTo(200);
        }
        assertThat(answer(send(upload("ninth.bin", csrf, 1_000_000)))).contains("503");
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsWhoseHeadersOrBodyStallAreCutOff() throws Exception {
        web = WebServer.builder(repo).setPort(0).setRequestTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)).start();
        String csrf = csrf();
        Socket headers = send("GET / HTTP/1.1\r\nHost: 127.0.0.1");
        Socket body = send(upload("stalled.bin", csrf, 1_000_000));
        assertThat(answer(headers)).isEqualTo("closed");
        assertThat(answer(body)).isEqualTo("closed");
        long deadline = System.nanoTime() + 10_000_000_000L; // the server cleans up just after it closes
        List<Path> left;
        do {
            Thread.sleep(50);
            try (var s = Files.list(project.resolve(".damnit/tmp"))) {
                left = s.toList();
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).as("the part file is removed").isEmpty();
        assertThat(project.resolve("stalled.bin")).doesNotExist();
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    /** More refused requests than the server has threads: none of them is waited for. */
    @Test
    void theBodyOfARequestThatFailedItsCsrfCheckIsNeverWaitedFor() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        for (int i = 0; i < WebServer.THREADS + 12; i++) {
            String a = answer(send(upload("evil" + i + ".bin", null, 100_000_000)));
            assertThat(a).as("request " + i).isIn("HTTP/1.1 403 Forbidden", "closed");
        }
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(project.resolve("evil0.bin")).doesNotExist();
    }
}
