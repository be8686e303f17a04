package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.damnit.cli.Cli.damnit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command's --json output is one JSON document, indented like the others, and ids in it are full. */
class JsonOutputTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandPrintsOneIndentedJsonDocument() throws Exception {
        Path p = Cli.project(tmp);
        String other = tmp.resolve("other-store").toUri().toString();
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("init", List.of(tmp.resolve("fresh").toString()));
        runs.put("status", List.of("--all"));
        runs.put("meta set", List.of("a.txt", "sample=NA12878"));
        runs.put("meta rm", List.of("a.txt", "sample"));
        runs.put("meta get", List.of("a.txt"));
        runs.put("commit", List.of("-m", "nothing", "--allow-empty"));
        runs.put("log", List.of("--name-status"));
        runs.put("diff", List.of("v1", "HEAD", "--stat"));
        runs.put("find", List.of("a.txt"));
        runs.put("manifest", List.of("--sha256"));
        runs.put("tag", List.of("v2"));
        runs.put("branch", List.of("b2"));
        runs.put("switch", List.of("b2"));
        runs.put("revert", List.of("v1", "a.txt"));
        runs.put("restore", List.of("--rev", "v1", "--to", tmp.resolve("r").toString()));
        runs.put("verify", List.of());
        runs.put("remote add", List.of("backup", other));
        runs.put("remote list", List.of());
        runs.put("push", List.of("backup"));
        runs.put("fetch", List.of("backup"));
        runs.put("pull", List.of("backup"));
        runs.put("remote remove", List.of("backup"));
        runs.put("clone", List.of(other, tmp.resolve("cloned").toString()));
        runs.put("gc", List.of("--dry-run"));
        runs.put("repack", List.of("--deep"));
        runs.put("ls", List.of("-l", "--rev", "v1"));
        List<String> seen = new ArrayList<>(runs.keySet());
        seen.add("serve"); // runs until stopped: below
        seen.add("cat"); // its output is the file's bytes
        seen.add("mount"); // runs until unmounted: MountTest
        assertThat(seen).as("a --json run for every command").containsExactlyInAnyOrderElementsOf(Cli.leafCommands());

        for (Map.Entry<String, List<String>> e : runs.entrySet()) {
            List<String> args = new ArrayList<>(List.of(e.getKey().split(" ")));
            args.addAll(e.getValue());
            args.add("--json");
            Cli.Run r = damnit(p, args.toArray(String[]::new));
            assertThat(r.code()).as(e.getKey() + ": " + r.out() + r.err()).isZero();
            JsonNode j = r.json(); // one document, canonical indentation
            assertThat(j.isContainerNode()).as(e.getKey()).isTrue();
            j.findValues("commit").forEach(c -> {
                if (c.isTextual()) {
                    assertThat(c.asText()).as(e.getKey() + " ids are full").hasSize(64);
                }
            });
        }
        assertThat(damnit(p, "clone", other, tmp.resolve("c2").toString(), "--json").json().get("head").asText())
            .hasSize(64);
        assertThat(damnit(p, "tag", "-d", "v2", "--json").json().get("deleted").asText()).isEqualTo("v2");
        assertThat(damnit(p, "branch", "-d", "other", "--json").json().get("commit").asText()).hasSize(64);
        assertThat(damnit(p, "manifest", "--json").json().at("/files/0/md5").asText()).hasSize(32);
        for (String group : List.of("remote", "meta")) {
            Cli.Run r = damnit(p, group, "--json");
            assertThat(r.code()).as(group).isEqualTo(ExitCodes.USAGE);
            assertThat(r.json().get("error").asText()).as(group).startsWith("which one?");
        }
    }

    @Test
    void serveWithJsonAnnouncesItselfAsJson() throws Exception {
        Path p = Cli.project(tmp);
        java.io.PipedReader pipe = new java.io.PipedReader();
        java.io.PrintWriter out = new java.io.PrintWriter(new java.io.PipedWriter(pipe), true);
        Thread serving = new Thread(() -> Main.run(new String[] {"-C", p.toString(), "serve", "--port", "0", "--json"},
            out, new java.io.PrintWriter(new java.io.StringWriter())));
        serving.setDaemon(true);
        serving.start();
        java.io.BufferedReader lines = new java.io.BufferedReader(pipe);
        StringBuilder doc = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            doc.append(line).append('\n');
            if (line.equals("}")) {
                break;
            }
        }
        JsonNode j = Cli.single(doc.toString());
        assertThat(j.get("url").asText()).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(j.get("tokenRequired").asBoolean()).isFalse();
        serving.interrupt();
        serving.join(10_000);
    }

    @Test
    void versionIsTheProjectsVersion() throws Exception {
        Cli.Run r = damnit(tmp, "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).matches("damnit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(Files.exists(tmp)).isTrue();
    }
}
