package org.damnit.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the damnit command in this JVM for tests, and what they share: fixtures, the command list, JSON checks. */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {
    }

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return single(out);
        }
    }

    static Run damnit(Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("-C", dir.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Exactly one JSON document (nothing before or after it), indented as every command indents. */
    static JsonNode single(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            JsonNode n = JSON.readTree(p);
            if (n == null || p.nextToken() != null) {
                throw new IOException("not exactly one JSON document: " + text);
            }
            String canonical = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
            if (!text.strip().equals(canonical.strip())) {
                throw new IOException("JSON not indented like the rest:\n" + text);
            }
            return n;
        }
    }

    /** Every command a user can run, as its words ("remote add"), from the command line's own model. */
    static List<String> leafCommands() {
        CommandLine cl = new CommandLine(new DamnitCommand());
        DamnitCommand.SUBCOMMANDS.forEach(cl::addSubcommand);
        List<String> out = new ArrayList<>();
        collect(cl, "", out);
        out.removeIf(c -> c.equals("help") || c.equals("generate-completion"));
        return out;
    }

    private static void collect(CommandLine c, String prefix, List<String> out) {
        for (var e : c.getSubcommands().entrySet()) {
            String name = (prefix + " " + e.getKey()).strip();
            if (e.getValue().getSubcommands().isEmpty()) {
                out.add(name);
            } else {
                collect(e.getValue(), name, out);
            }
        }
    }

    private static Path template;

    /**
     * {@link #project} made once per JVM and copied into {@code tmp} (the remote's path rewritten), for tests that
     * each need a fresh one.
     */
    static synchronized Path copyOfProject(Path tmp) throws IOException {
        if (template == null) {
            Path t = Files.createTempDirectory("damnit-cli-fixture");
            project(t);
            template = t;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(t)));
        }
        try (var s = Files.walk(template)) {
            for (Path from : s.toList()) {
                Path to = tmp.resolve(template.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path config = tmp.resolve("project/.damnit/config");
        Files.writeString(config, Files.readString(config).replace(template.toUri().toString(), tmp.toUri().toString()));
        return tmp.resolve("project");
    }

    private static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    /** A project with two commits, a BAM and its index, a tag v1, a branch 'other' and a pushed remote 'origin'. */
    static Path project(Path tmp) throws IOException {
        Path p = Files.createDirectories(tmp.resolve("project"));
        must(damnit(p, "init"));
        Files.createDirectories(p.resolve("aln"));
        Files.write(p.resolve("aln/A.bam"), new byte[] {1, 2, 3});
        Files.write(p.resolve("aln/A.bam.bai"), new byte[] {4});
        Files.writeString(p.resolve("a.txt"), "a\n");
        must(damnit(p, "commit", "-m", "one"));
        must(damnit(p, "tag", "v1"));
        Files.writeString(p.resolve("a.txt"), "a\nb\n");
        must(damnit(p, "commit", "-m", "two"));
        must(damnit(p, "branch", "other"));
        must(damnit(p, "remote", "add", "origin", tmp.resolve("store").toUri().toString()));
        must(damnit(p, "push"));
        return p;
    }

    static Run must(Run r) {
        if (r.code() != 0) {
            throw new AssertionError("exit " + r.code() + ": " + r.err() + r.out());
        }
        return r;
    }
}
