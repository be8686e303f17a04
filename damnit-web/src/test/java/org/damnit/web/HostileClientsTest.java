package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Random;
import org.damnit.Repository;
import org.damnit.core.Crafted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests any web page can make, and crafted repositories, that must neither hang nor lie. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileClientsTest extends ServerTestBase {
    @Test
    void aDownloadWhoseChunksDoNotMakeTheRecordedFileIsBrokenOffNeverCompleted() throws Exception {
        Random r = new Random(7);
        byte[] a = new byte[3_000_000];
        byte[] b = new byte[3_000_000];
        r.nextBytes(a);
        r.nextBytes(b);
        Files.write(project.resolve("a.bin"), a);
        Files.write(project.resolve("b.bin"), b);
        Files.writeString(project.resolve("s1.txt"), "small one\n");
        Files.writeString(project.resolve("s2.txt"), "small two\n");
        repo.commit().setMessage("v1").call();
        Crafted.wrongChunks(repo, "a.bin", "b.bin", "lie");
        Crafted.wrongChunks(repo, "s1.txt", "s2.txt", "small");
        web = WebServer.builder(repo).setPort(0).start();

        for (String url : new String[] {"/raw?rev=lie&path=a.bin", "/raw?rev=small&path=s1.txt", "/v/lie/a.bin"}) {
            HttpResponse<InputStream> got;
            try {
                got = http.send(HttpRequest.newBuilder(web.uri().resolve(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException droppedBeforeTheStatus) {
                continue; // the connection closed before even the status line went out: nothing was received
            }
            if (got.statusCode() == 200) {
                assertThatThrownBy(() -> {
                    try (InputStream in = got.body()) {
                        in.readAllBytes();
                    }
                }).as(url + ": the body ends short of its length, so the client knows it is broken")
                    .isInstanceOf(IOException.class);
            } else {
                try (InputStream in = got.body()) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).as(url)
                        .contains("SHA-256").doesNotContain("Exception");
                }
            }
        }
        assertThat(get("/raw?rev=HEAD&path=a.bin").statusCode()).as("the true file still downloads").isEqualTo(200);
    }

    @Test
    void aSearchThatWouldMakeARegexBacktrackAnswers() throws Exception {
        String name = "a".repeat(200);
        Files.writeString(project.resolve(name), "x");
        repo.commit().setMessage("v1").call();
        web = WebServer.builder(repo).setPort(0).start();
        HttpResponse<String> r = get("/search?q=" + Html.q("path~*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(name + "</a>");
    }

    @Test
    void aTreeNestedDeeperThanAnyFileSystemIsAnErrorPageNotAStackOverflow() throws Exception {
        repo.close(); // in a memory store: thousands of fsynced tree objects would only measure the disk
        repo = Repository.builder(Files.createDirectories(tmp.resolve("deep")))
            .setStore(java.net.URI.create("mem:" + java.util.UUID.randomUUID())).init();
        Files.writeString(tmp.resolve("deep/notes.txt"), "first\n");
        repo.commit().setMessage("v1").call();
        Crafted.deepTree(repo, "notes.txt", 6_000, "deep");
        web = WebServer.builder(repo).setPort(0).start();
        for (String page : new String[] {"/tree?rev=deep", "/search?rev=deep&q=notes", "/"}) {
            HttpResponse<String> r = get(page);
            assertThat(r.body()).as(page).doesNotContain("internal error").doesNotContain("StackOverflow");
        }
        assertThat(get("/tree?rev=deep").body()).contains("nested more than 4096");
    }

    @Test
    void anUploadNameTooLongForTheFileSystemGetsA400WithTheReason() throws Exception {
        repo.commit().setMessage("v1").call();
        web = WebServer.builder(repo).setPort(0).start();
        String csrf = csrf();
        for (String path : new String[] {"x".repeat(300) + ".txt", "y".repeat(300) + "/data.txt"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(web.uri().resolve("/api/upload?path=" + Html.q(path)))
                .PUT(HttpRequest.BodyPublishers.ofString("data")).header("X-Damnit-Csrf", csrf).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).contains("too long");
        }
        try (var s = Files.list(project.resolve(".damnit/tmp"))) {
            assertThat(s.toList()).as("nothing left behind").isEmpty();
        }
    }
}
