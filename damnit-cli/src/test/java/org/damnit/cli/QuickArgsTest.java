package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuickArgsTest {
    private static final List<String> WORDS = List.of("-C", "dir", "commit", "restore", "-m", "--message", "msg",
        "-q", "--quiet", "--json", "--allow-empty", "--author", "Ada <ada@example.org>", "--meta", "run=42", "-f",
        "--force", "--to", "out", "-r", "--rev", "HEAD~1", "aln/A.bam", "--", "-x", "--message=m", "@args", "-qm",
        "--scan", "breadth_first", "--help", "-h", "");

    /** What picocli makes of {@code args}: the subcommand with its options set, or null if it rejects them. */
    private static Object picocli(String[] args, DamnitCommand top) {
        CommandLine cl = new CommandLine(top);
        cl.addSubcommand(CommitCmd.class);
        cl.addSubcommand(RestoreCmd.class);
        try {
            CommandLine.ParseResult r = cl.parseArgs(args);
            return r.subcommand() == null ? null : r.subcommand().commandSpec().userObject();
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    private static List<Object> settings(Object cmd, DamnitCommand top) {
        List<Object> s = new ArrayList<>(List.of(cmd.getClass(), String.valueOf(top.directory)));
        if (cmd instanceof CommitCmd c) {
            s.addAll(List.of(String.valueOf(c.message), String.valueOf(c.author), c.meta, c.allowEmpty, c.scan, c.quiet, c.json));
        } else if (cmd instanceof RestoreCmd r) {
            s.addAll(List.of(r.revision, String.valueOf(r.to), r.force, r.paths, r.quiet, r.json));
        }
        return s;
    }

    @Test
    void whateverItTakesPicocliTakesTheSameWay() {
        Random random = new Random(14);
        int taken = 0;
        for (int n = 0; n < 4_000; n++) {
            List<String> args = new ArrayList<>();
            if (random.nextInt(3) > 0) {
                args.addAll(List.of("-C", "dir"));
            }
            args.add(random.nextInt(2) == 0 ? "commit" : "restore");
            for (int k = random.nextInt(6); k > 0; k--) {
                args.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            String[] a = args.toArray(String[]::new);
            DamnitCommand quickTop = new DamnitCommand();
            Subcommand quick = QuickArgs.parse(a, quickTop);
            if (quick == null) {
                continue;
            }
            taken++;
            DamnitCommand top = new DamnitCommand();
            Object parsed = picocli(a, top);
            assertThat(parsed).as(String.join(" ", a)).isNotNull();
            assertThat(settings(quick, quickTop)).as(String.join(" ", a)).isEqualTo(settings(parsed, top));
        }
        assertThat(taken).as("vectors the quick parser took").isGreaterThan(200);
    }

    @Test
    void thePlainFormsAreTakenAndTheRestLeftToPicocli() {
        DamnitCommand top = new DamnitCommand();
        assertThat(QuickArgs.parse(new String[] {"-C", "p", "commit", "-q", "-m", "v1"}, top)).isInstanceOf(CommitCmd.class);
        assertThat(top.directory).isEqualTo(Path.of("p"));
        assertThat(QuickArgs.parse(new String[] {"restore", "-q", "--to", "out", "a", "b"}, top)).isInstanceOf(RestoreCmd.class);
        for (String[] other : List.of(new String[] {"commit"}, new String[] {"commit", "-m"}, new String[] {"commit", "--help"},
            new String[] {"commit", "-m", "a", "-m", "b"}, new String[] {"commit", "--message=a"}, new String[] {"commit", "-qm", "a"},
            new String[] {"restore", "--", "-x"}, new String[] {"restore", "-q", "--quiet"}, new String[] {"log"},
            new String[] {"-C", "p"}, new String[] {"-Cp", "commit", "-m", "a"}, new String[] {"commit", "-m", "@file"})) {
            assertThat(QuickArgs.parse(other, new DamnitCommand())).as(String.join(" ", other)).isNull();
        }
    }

    @Test
    void aCommandRunTheQuickWayReportsAsPicocliWould(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        assertThat(Cli.damnit(dir, "init").code()).isZero();
        assertThat(Cli.damnit(dir, "commit", "-q", "-m", "first").code()).isZero();
        Cli.Run nothing = Cli.damnit(dir, "commit", "-m", "again");
        assertThat(nothing.code()).isZero();
        assertThat(nothing.out()).contains("nothing to commit");
        Cli.Run badRev = Cli.damnit(dir, "restore", "--rev", "nope", "--json");
        assertThat(badRev.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRev.err()).isEmpty();
        assertThat(badRev.json().get("kind").asText()).isEqualTo(ExitCodes.name(ExitCodes.USAGE));
        Cli.Run notRepo = Cli.damnit(elsewhere, "commit", "-m", "x");
        assertThat(notRepo.code()).isEqualTo(ExitCodes.NOT_A_REPOSITORY);
        assertThat(notRepo.err()).startsWith("damnit: ");
    }
}
