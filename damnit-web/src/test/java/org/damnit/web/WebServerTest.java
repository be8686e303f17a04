package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebServerTest extends ServerTestBase {
    @BeforeEach
    void commitFirst() throws Exception {
        repo.commit().setMessage("first").call();
    }

    private WebServer start(WebServer.Builder b) throws Exception {
        web = b.setPort(0).start();
        return web;
    }

    private HttpResponse<String> post(String path, String json, String csrf, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(web.uri().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (csrf != null) {
            b.header("X-Damnit-Csrf", csrf);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String path, byte[] data, String csrf) throws Exception {
        return http.send(HttpRequest.newBuilder(web.uri().resolve("/api/upload?path=" + Html.q(path)))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).header("X-Damnit-Csrf", csrf).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPageAnswersAndErrorsAreHelpfulPagesWithoutStackTraces() throws Exception {
        start(WebServer.builder(repo));
        assertThat(web.uri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
        for (String p : new String[] {"/", "/log", "/tree", "/file?path=notes.txt", "/status", "/search?q=notes",
            "/add", "/commit?id=HEAD", "/static/style.css", "/static/app.js"}) {
            assertThat(get(p).statusCode()).as(p).isEqualTo(200);
        }
        HttpResponse<String> bad = get("/tree?rev=nosuchrev");
        assertThat(bad.statusCode()).isEqualTo(404);
        assertThat(bad.body()).contains("nosuchrev").doesNotContain("Exception").doesNotContain("\tat org.");
        assertThat(get("/file?path=missing.txt").statusCode()).isEqualTo(404);
        assertThat(get("/search?q=size%3Ebig").statusCode()).isEqualTo(400);
        assertThat(get("/search?q=notes+size%3C1K").body()).as("a bare word and a size with a unit")
            .contains("1 match").contains("notes.txt");
        assertThat(get("/search?q=size%3E1M").body()).contains("0 matches");
        assertThat(get("/static/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/nowhere").body()).contains("no page at /nowhere");
        assertThat(http.send(HttpRequest.newBuilder(web.uri().resolve("/api/commit")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).as("GET on the API").isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(web.uri().resolve("/log"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .as("pages are read-only").isEqualTo(405);
    }

    @Test
    void anIndexIsListedUnderItsDataFileAndAStaleOneIsFlagged() throws Exception {
        Files.createDirectories(project.resolve("aln"));
        Files.writeString(project.resolve("aln/A.bam"), "bam v1");
        Files.writeString(project.resolve("aln/A.bam.bai"), "bai v1");
        Files.writeString(project.resolve("aln/B.bam"), "other");
        repo.commit().setMessage("alignments").call();
        start(WebServer.builder(repo));
        String commit = get("/commit?id=HEAD").body();
        assertThat(commit.indexOf("aln/A.bam<")).as("data file first").isLessThan(commit.indexOf("aln/A.bam.bai<"));
        assertThat(commit).contains("class=\"companion\" title=\"index of aln/A.bam\"")
            .doesNotContain("companion-warnings");
        Files.writeString(project.resolve("aln/A.bam"), "bam v2, index not rebuilt");
        String status = get("/status").body();
        assertThat(status).contains("id=\"companion-warnings\"")
            .contains("aln/A.bam changed but its companion aln/A.bam.bai did not");
        repo.commit().setMessage("stale index").call();
        assertThat(get("/commit?id=HEAD").body()).contains("aln/A.bam changed but its companion aln/A.bam.bai did not");
    }

    @Test
    void crossSiteRequestsAreRefusedAndSameSiteOnesCommit() throws Exception {
        start(WebServer.builder(repo));
        Files.writeString(project.resolve("notes.txt"), "second\n");
        String token = csrf();
        String origin = "http://127.0.0.1:" + web.uri().getPort();
        assertThat(post("/api/commit", "{\"message\":\"x\"}", null, null).statusCode()).isEqualTo(403);
        assertThat(post("/api/commit", "{\"message\":\"x\"}", "wrong", origin).statusCode()).isEqualTo(403);
        assertThat(post("/api/commit", "{\"message\":\"x\"}", token, "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(repo.log().call()).as("nothing committed by refused requests").hasSize(1);

        HttpResponse<String> ok = post("/api/commit", "{\"message\":\"from the web\",\"author\":\"Ada <ada@example.org>\"}",
            token, origin);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(repo.log().call().get(0).message()).isEqualTo("from the web");
        assertThat(repo.log().call().get(0).author().name()).isEqualTo("Ada");
        HttpResponse<String> again = post("/api/commit", "{\"message\":\"again\"}", token, origin);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("nothing to commit");
        assertThat(post("/api/commit", "{not json", token, origin).statusCode()).isEqualTo(400);
    }

    @Test
    void aForeignHostNameIsRefusedOnLoopback() throws Exception {
        start(WebServer.builder(repo));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", web.uri().getPort())) {
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("csrf-token\" content=\"" + "0");
        }
    }

    @Test
    void nonLoopbackNeedsATokenAndEveryRequestMustCarryIt() throws Exception {
        assertThatThrownBy(() -> WebServer.builder(repo).setBind("0.0.0.0").setPort(0).start())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a token");
        start(WebServer.builder(repo).setBind("0.0.0.0").setToken("s3cret"));
        URI local = URI.create("http://127.0.0.1:" + web.uri().getPort() + "/");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(local).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("token").doesNotContain("notes.txt");
        assertThat(http.send(HttpRequest.newBuilder(local.resolve("/raw?path=notes.txt")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(local.resolve("/?token=wrong")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(local).header("Authorization", "Bearer s3cret").build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(local.resolve("/?token=s3cret")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(http.send(HttpRequest.newBuilder(local.resolve("/file?path=notes.txt"))
            .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(200);
    }

    @Test
    void aRevertThroughACommittedLinkIsRefusedAndDeletesNothingOutside() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside/sub"));
        Files.writeString(outside.resolve("precious.txt"), "not ours");
        Files.createSymbolicLink(project.resolve("data"), outside.getParent());
        repo.commit().setMessage("a link").call();
        start(WebServer.builder(repo));
        HttpResponse<String> r = post("/api/revert", "{\"rev\":\"HEAD\",\"path\":\"data/sub\"}", csrf(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Files.readString(outside.resolve("precious.txt"))).isEqualTo("not ours");
    }

    @Test
    void uploadsStreamIntoTheTreeAndStayInsideIt() throws Exception {
        start(WebServer.builder(repo).setMaxUploadBytes(100_000));
        String token = csrf();
        byte[] data = new byte[60_000];
        new Random(3).nextBytes(data);
        assertThat(upload("reads/run1/s1.fastq", data, token).statusCode()).isEqualTo(201);
        assertThat(Files.readAllBytes(project.resolve("reads/run1/s1.fastq"))).isEqualTo(data);

        for (String bad : new String[] {"../outside.txt", "a/../../outside.txt", "/etc/x", ".damnit/config", "sub/.damnit/config", "a/.damnit/b/c",
            "a\\b", "", "reads/run1/s1.fastq/inner"}) {
            HttpResponse<String> r = upload(bad, data, token);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("error");
        }
        assertThat(tmp.resolve("outside.txt")).doesNotExist();

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(project.resolve("link"), elsewhere);
        HttpResponse<String> viaLink = upload("link/x.txt", data, token);
        assertThat(viaLink.statusCode()).isEqualTo(400);
        assertThat(viaLink.body()).contains("symbolic link");
        try (var s = Files.list(elsewhere)) {
            assertThat(s).as("nothing written through the link").isEmpty();
        }

        try (java.net.Socket s = new java.net.Socket("127.0.0.1", web.uri().getPort())) {
            s.getOutputStream().write(("PUT /api/upload?path=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Damnit-Csrf: " + token
                + "\r\nContent-Length: 100001\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // a client that gives up sending
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as("refused from the declared length, before the body").startsWith("HTTP/1.1 413")
                .contains("upload limit");
        }
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(web.uri().resolve("/api/upload?path=big.bin"))
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[100_001])))
            .header("X-Damnit-Csrf", token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("counted while streaming").isEqualTo(413);
        assertThat(project.resolve("big.bin")).doesNotExist();
        try (var s = Files.list(project.resolve(".damnit/tmp"))) {
            assertThat(s.filter(f -> f.getFileName().toString().startsWith("upload-"))).as("no partial uploads left")
                .isEmpty();
        }
        assertThat(upload("x.txt", data, "wrong").statusCode()).isEqualTo(403);
        assertThat(project.resolve("x.txt")).doesNotExist();
    }

    @Test
    void downloadsStreamTheExactBytesOfAnyVersionWithTheirChecksums() throws Exception {
        byte[] v1 = new byte[3_000_000];
        new Random(5).nextBytes(v1);
        Files.write(project.resolve("data.bin"), v1);
        repo.commit().setMessage("v1").call();
        byte[] v2 = v1.clone();
        v2[10] ^= 1;
        Files.write(project.resolve("data.bin"), v2);
        repo.commit().setMessage("v2").call();
        start(WebServer.builder(repo));
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(web.uri().resolve("/raw?rev=HEAD~1&path=data.bin"))
            .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] got;
        try (InputStream in = r.body()) {
            got = in.readAllBytes();
        }
        assertThat(got).isEqualTo(v1);
        assertThat(r.headers().firstValue("X-Damnit-Md5")).contains(
            org.apache.commons.codec.digest.DigestUtils.md5Hex(v1));
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        assertThat(get("/raw?rev=HEAD~2&path=data.bin").statusCode()).isEqualTo(404);
        String history = get("/file?path=data.bin").body();
        assertThat(history).contains("v1").contains("v2").contains("/raw?rev=");
    }
}
