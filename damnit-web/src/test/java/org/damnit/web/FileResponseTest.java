package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed files at stable per-revision URLs: byte ranges, validators, content types, the server's access rules. */
class FileResponseTest {
    @TempDir
    Path tmp;
    Repository repo;
    WebServer web;
    byte[] v1;
    byte[] v2;
    ObjectId c1;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Repository.init(p).close();
        smallChunks(p);
        repo = Repository.open(p);
        v1 = new byte[2_000_000];
        new Random(1).nextBytes(v1);
        Files.createDirectories(p.resolve("aln dir"));
        Files.write(p.resolve("aln dir/A.bin"), v1);
        Files.writeString(p.resolve("calls.vcf"), "##fileformat=VCFv4.2\n<script>alert(1)</script>\n");
        c1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
        v2 = v1.clone();
        v2[0] ^= 1;
        Files.write(p.resolve("aln dir/A.bin"), v2);
        repo.commit().setMessage("v2").call();
    }

    /** Chunks of about 64 KiB, so the 2 MB test file spans many. */
    static void smallChunks(Path project) throws java.io.IOException {
        Path cfg = project.resolve(".damnit/config");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(cfg.toFile());
        node.put("chunkMin", 16 << 10).put("chunkAvg", 64 << 10).put("chunkMax", 256 << 10);
        mapper.writeValue(cfg.toFile(), node);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (web != null) {
            web.close();
        }
        repo.close();
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(web.uri().resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String url() {
        return "/v/" + c1 + "/aln%20dir/A.bin";
    }

    @Test
    void singleRangesAreAnsweredWithPartialContent() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        HttpResponse<byte[]> r = send("GET", url(), "Range", "bytes=1000-1999");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(v1, 1000, 2000));
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes 1000-1999/2000000");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(r.headers().firstValue("Content-Length")).contains("1000");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");

        r = send("GET", url(), "Range", "bytes=-16");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(v1, v1.length - 16, v1.length));
        r = send("GET", url(), "Range", "bytes=1999990-");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(v1, 1999990, v1.length));
        r = send("GET", url(), "Range", "bytes=1999990-99999999");
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes 1999990-1999999/2000000");

        r = send("GET", url(), "Range", "bytes=2000000-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes */2000000");
        assertThat(send("GET", url(), "Range", "bytes=-0").statusCode()).isEqualTo(416);

        // several ranges, or a malformed one: the whole file
        r = send("GET", url(), "Range", "bytes=0-1,5-6");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(v1);
        assertThat(send("GET", url(), "Range", "bytes=9-3").statusCode()).isEqualTo(200);

        // the latest version under its own URL and under HEAD
        assertThat(send("GET", "/v/HEAD/aln%20dir/A.bin", "Range", "bytes=0-0").body()).containsExactly(v2[0]);
    }

    @Test
    void aRangeReadsOnlyTheChunksItOverlaps() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        send("GET", url(), "Range", "bytes=1500000-1500099");
        assertThat(web.chunksRead()).isBetween(1L, 2L);
        long before = web.chunksRead();
        assertThat(send("GET", url()).body()).isEqualTo(v1);
        assertThat(web.chunksRead() - before).as("a whole download reads every chunk").isGreaterThan(10);
    }

    @Test
    void headAndValidators() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        HttpResponse<byte[]> h = send("HEAD", url());
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEmpty();
        assertThat(h.headers().firstValue("Content-Length")).contains("2000000");
        String etag = h.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + org.apache.commons.codec.digest.DigestUtils.sha256Hex(v1) + "\"");
        assertThat(h.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        h = send("HEAD", url(), "Range", "bytes=10-19");
        assertThat(h.statusCode()).isEqualTo(206);
        assertThat(h.headers().firstValue("Content-Length")).contains("10");
        assertThat(h.headers().firstValue("Content-Range")).contains("bytes 10-19/2000000");

        assertThat(send("GET", url(), "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(send("GET", url(), "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> stale = send("GET", url(), "Range", "bytes=0-9", "If-Range", "\"other\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(v1);
        assertThat(send("GET", "/v/HEAD/aln%20dir/A.bin", "If-None-Match", etag).statusCode())
            .as("HEAD's version has another tag").isEqualTo(200);
        assertThat(send("GET", "/v/HEAD/aln%20dir/A.bin").headers().firstValue("Cache-Control").orElseThrow())
            .contains("no-cache");
    }

    @Test
    void textFormatsArePlainTextAndNothingIsServedAsAPage() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        HttpResponse<byte[]> r = send("GET", "/v/" + c1 + "/calls.vcf");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(FileResponse.contentType("x.vcf.gz")).isEqualTo("application/gzip");
        assertThat(FileResponse.contentType("x.html")).isEqualTo("application/octet-stream");
        assertThat(FileResponse.contentType("A.bam.bai")).isEqualTo("application/octet-stream");
        assertThat(send("GET", "/v/" + c1 + "/nope.bam").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v/" + c1 + "/aln%20dir").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v/" + c1).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v/nosuchrev/calls.vcf").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/raw?rev=" + c1 + "&path=aln%20dir/A.bin", "Range", "bytes=5-9").body())
            .isEqualTo(Arrays.copyOfRange(v1, 5, 10));
    }

    @Test
    void theTokenAndTheHostCheckApply() throws Exception {
        web = WebServer.builder(repo).setPort(0).setToken("s3cret").start();
        assertThat(send("GET", url(), "Range", "bytes=0-9").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> ok = send("GET", url(), "Range", "bytes=0-9", "Authorization", "Bearer s3cret");
        assertThat(ok.statusCode()).isEqualTo(206);
        assertThat(ok.body()).isEqualTo(Arrays.copyOf(v1, 10));
        web.close();
        web = WebServer.builder(repo).setPort(0).start();
        try (Socket s = new Socket("127.0.0.1", web.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + url() + " HTTP/1.1\r\nHost: evil.example:" + web.uri().getPort()
                + "\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 403");
        }
    }

    @Test
    void theFilePageLinksEachVersionsStableUrl() throws Exception {
        web = WebServer.builder(repo).setPort(0).start();
        String page = new String(send("GET", "/file?path=aln%20dir/A.bin").body(), StandardCharsets.UTF_8);
        assertThat(page).contains("href=\"" + url() + "\"").contains("id=\"stable-url\"");
    }
}
