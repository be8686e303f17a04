package org.damnit.web;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.damnit.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server tests share: a project holding {@code notes.txt} and its new repository (no commit
 * yet), the server a test starts into {@link #web}, closed after it, and an HTTP client.
 */
abstract class ServerTestBase {
    @TempDir
    Path tmp;
    Path project;
    Repository repo;
    WebServer web;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void createProject() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("notes.txt"), "first\n");
        repo = Repository.init(project);
    }

    @AfterEach
    void closeServerAndRepository() throws Exception {
        if (web != null) {
            web.close();
        }
        repo.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(web.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token the front page hands out. */
    String csrf() throws Exception {
        String page = get("/").body();
        int i = page.indexOf("name=\"csrf-token\" content=\"") + "name=\"csrf-token\" content=\"".length();
        return page.substring(i, page.indexOf('"', i));
    }
}
