package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.damnit.cli.Cli.damnit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exit-code rule of {@link ExitCodes}, row by row, for every command: bad usage 2, refused 4, failure 1,
 * damage 3, no repository 5. Each row runs on a fresh project, once as text (the message on stderr) and once
 * with --json (one JSON object on stdout with the error and the same exit code, nothing on stderr).
 */
class ExitCodesTest {
    @TempDir
    Path tmp;

    interface Setup {
        void on(Path project, Path tmp) throws IOException;
    }

    interface Args {
        String[] of(Path project, Path tmp);
    }

    record Row(String why, int code, Setup setup, Args args) {
        @Override
        public String toString() {
            return code + " " + why;
        }
    }

    static Row row(String why, int code, String... args) {
        return new Row(why, code, (p, t) -> { }, (p, t) -> args);
    }

    static Row row(String why, int code, Setup setup, String... args) {
        return new Row(why, code, setup, (p, t) -> args);
    }

    static Stream<Row> rows() {
        Setup edit = (p, t) -> Files.writeString(p.resolve("a.txt"), "local edit\n");
        return Stream.of(
            row("unknown revision", ExitCodes.USAGE, "log", "no-such-rev"),
            row("unknown revision to restore", ExitCodes.USAGE, "restore", "--rev", "nope"),
            row("unknown revision to diff", ExitCodes.USAGE, "diff", "nope"),
            row("unknown revision for the manifest", ExitCodes.USAGE, "manifest", "--rev", "nope"),
            row("unknown revision to revert to", ExitCodes.USAGE, "revert", "nope"),
            row("no such tag to delete", ExitCodes.USAGE, "tag", "-d", "nope"),
            row("no such branch to delete", ExitCodes.USAGE, "branch", "-d", "nope"),
            row("no such branch to switch to", ExitCodes.USAGE, "switch", "nope"),
            row("no such remote to remove", ExitCodes.USAGE, "remote", "remove", "nope"),
            row("no such remote to push to", ExitCodes.USAGE, "push", "nowhere"),
            row("no such remote to fetch from", ExitCodes.USAGE, "fetch", "nowhere"),
            row("missing required option", ExitCodes.USAGE, "commit"),
            row("malformed --meta", ExitCodes.USAGE, "commit", "-m", "x", "--meta", "novalue"),
            row("malformed metadata", ExitCodes.USAGE, "meta", "set", "a.txt", "novalue"),
            row("malformed find expression", ExitCodes.USAGE, "find", "size>lots"),
            row("path outside the project", ExitCodes.USAGE, "restore", "../elsewhere.txt"),
            row("bad tag name", ExitCodes.USAGE, "tag", "../x"),
            row("bad grace period", ExitCodes.USAGE, "gc", "--grace", "soon"),
            row("bad upload limit", ExitCodes.USAGE, "serve", "--max-upload", "lots"),
            row("non-loopback address without a token", ExitCodes.USAGE, "serve", "--bind", "0.0.0.0", "--port", "0"),
            row("unknown command", ExitCodes.USAGE, "frobnicate"),
            row("tag exists", ExitCodes.REFUSED, "tag", "v1"),
            row("branch exists", ExitCodes.REFUSED, "branch", "other"),
            row("remote exists", ExitCodes.REFUSED, "remote", "add", "origin", "file:/tmp/elsewhere"),
            row("repository exists", ExitCodes.REFUSED, "init"),
            row("deleting the current branch", ExitCodes.REFUSED, "branch", "-d", "main"),
            row("restore over an uncommitted change", ExitCodes.REFUSED, edit, "restore", "--rev", "v1", "a.txt"),
            row("switch with an uncommitted change", ExitCodes.REFUSED, edit, "switch", "other"),
            row("revert with an uncommitted change", ExitCodes.REFUSED, edit, "revert", "v1"),
            row("nothing to revert", ExitCodes.REFUSED, "revert", "HEAD"),
            row("pushing a branch without commits", ExitCodes.REFUSED, (p, t) -> damnit(p, "branch", "x"),
                "push", "-b", "no-commits"),
            new Row("clone from a store that does not exist", ExitCodes.FAILURE, (p, t) -> { },
                (p, t) -> new String[] {"clone", t.resolve("no-store").toUri().toString(), t.resolve("c").toString()}),
            row("push to a store that is gone", ExitCodes.FAILURE, (p, t) -> {
                Files.walk(t.resolve("store")).sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                Files.writeString(t.resolve("store"), "not a store");
                Files.writeString(p.resolve("a.txt"), "three\n");
                Cli.must(damnit(p, "commit", "-m", "three"));
            }, "push"),
            row("damaged content", ExitCodes.FAILURE, ExitCodesTest::damage, "restore", "--rev", "v1", "--force"),
            row("verify finds damage", ExitCodes.DAMAGED, ExitCodesTest::damage, "verify", "--read-data"),
            row("malformed config", ExitCodes.NOT_A_REPOSITORY,
                (p, t) -> Files.writeString(p.resolve(".damnit/config"), "{ broken"), "status"));
    }

    private static void damage(Path p, Path tmp) throws IOException {
        try (Stream<Path> s = Files.walk(p.resolve(".damnit/store/objects/packs"))) {
            for (Path pack : s.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(pack);
                for (int i = 90; i < b.length; i += 7) {
                    b[i] ^= 0x40;
                }
                Files.write(pack, b);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowExitsAsTheRuleSays(Row row) throws Exception {
        Path p = Cli.copyOfProject(tmp);
        row.setup().on(p, tmp);
        String[] args = row.args().of(p, tmp);
        Cli.Run text = damnit(p, args);
        assertThat(text.code()).as(row.why() + ": " + text.err()).isEqualTo(row.code());
        if (row.code() == ExitCodes.DAMAGED) {
            assertThat(text.out()).contains("DAMAGED");
            return; // verify reports damage as its result, not as an error
        }
        assertThat(text.err()).as(row.why()).startsWith("damnit: ").doesNotContain("Exception");
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        Cli.Run json = damnit(p, withJson.toArray(String[]::new));
        assertThat(json.code()).as(row.why()).isEqualTo(row.code());
        assertThat(json.err()).as(row.why()).isEmpty();
        JsonNode error = json.json();
        assertThat(error.get("exitCode").asInt()).isEqualTo(row.code());
        if (!row.why().equals("unknown command")) { // (there --json is one more unknown word)
            assertThat(text.err()).as(row.why()).startsWith("damnit: " + error.get("error").asText());
        }
        assertThat(error.get("kind").asText()).isEqualTo(ExitCodes.name(row.code()));
    }

    @Test
    void everyCommandRejectsAnUnknownOptionWithTwo() throws Exception {
        Path p = Cli.copyOfProject(tmp);
        for (String cmd : Cli.leafCommands()) {
            List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
            args.add("--no-such-option");
            Cli.Run r = damnit(p, args.toArray(String[]::new));
            assertThat(r.code()).as(cmd).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(cmd).startsWith("damnit: ").contains("--help");
            args.add("--json");
            Cli.Run j = damnit(p, args.toArray(String[]::new));
            assertThat(j.code()).as(cmd).isEqualTo(ExitCodes.USAGE);
            assertThat(j.json().get("exitCode").asInt()).as(cmd).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Test
    void everyCommandOutsideARepositoryExitsFive() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (String cmd : Cli.leafCommands()) {
            if (cmd.equals("init") || cmd.equals("clone")) {
                continue; // they make one
            }
            List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
            args.addAll(switch (cmd) {
                case "commit" -> List.of("-m", "x");
                case "revert", "switch", "remote remove", "meta get", "cat", "mount" -> List.of("x");
                case "remote add" -> List.of("x", "file:/tmp/x");
                case "meta set" -> List.of("x", "k=v");
                case "meta rm", "find" -> List.of("x", "k");
                case "repack" -> List.of("--deep");
                default -> List.of();
            });
            if (cmd.equals("find")) {
                args.remove(args.size() - 1);
                args.set(args.size() - 1, "k=v");
            }
            args.add("--json");
            Cli.Run r = damnit(empty, args.toArray(String[]::new));
            assertThat(r.code()).as(cmd + ": " + r.out()).isEqualTo(ExitCodes.NOT_A_REPOSITORY);
            assertThat(r.json().get("error").asText()).as(cmd).contains("not in a DAMNIT repository");
        }
    }
}
