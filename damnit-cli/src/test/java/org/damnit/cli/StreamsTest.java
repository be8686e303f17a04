package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damnit command as a separate process, with stdout and stderr sent apart: to files, to a pipe and to a
 * pseudo-terminal (util-linux's {@code script}). Progress goes to stderr only, and only when stderr is a terminal.
 */
class StreamsTest {
    @TempDir
    Path tmp;
    Path project;

    @BeforeEach
    void aProjectWithAFewMegabytes() throws IOException {
        project = Files.createDirectories(tmp.resolve("p"));
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Files.write(project.resolve("big.bin"), data);
        Cli.must(Cli.damnit(project, "init"));
        Cli.must(Cli.damnit(project, "commit", "-m", "one"));
    }

    private static String damnit() {
        // (as the jar's manifest does: zstd's native code without a warning on the JDKs that give one)
        String nativeAccess = Runtime.version().feature() >= 22 ? " --enable-native-access=ALL-UNNAMED" : "";
        return q(Path.of(System.getProperty("java.home"), "bin", "java").toString()) + nativeAccess + " -XX:TieredStopAtLevel=1 -cp "
            + q(System.getProperty("java.class.path")) + " org.damnit.cli.Main";
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Runs a shell command line in the project; returns what the process printed (the terminal, under script). */
    private String sh(String cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().remove("DAMNIT_PROGRESS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(cmd + "\n" + out).isZero();
        return out;
    }

    /** The same under a pseudo-terminal: what the terminal showed. */
    private String onTerminal(String cmd) throws Exception {
        boolean have;
        try {
            have = new ProcessBuilder("script", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            have = false;
        }
        assumeTrue(have || System.getenv("CI") != null, "util-linux script is not installed");
        return sh("script -qfec " + q(cmd) + " /dev/null").replace("\r\n", "\n");
    }

    @Test
    void stderrToAFileGetsNoFrames() throws Exception {
        sh(damnit() + " restore --to out1 >stdout.txt 2>stderr.txt");
        assertThat(Files.readString(project.resolve("stdout.txt"))).startsWith("Restored 1 file(s)").doesNotContain("\r");
        assertThat(Files.readString(project.resolve("stderr.txt"))).isEmpty();
    }

    @Test
    void aTerminalOnStderrShowsTheBarWhileStdoutGoesToAFile() throws Exception {
        String terminal = onTerminal(damnit() + " restore --to out2 >stdout.txt");
        assertThat(terminal).contains("\rrestoring").contains("100%").contains("3.0 MiB / 3.0 MiB").endsWith("\n");
        String stdout = Files.readString(project.resolve("stdout.txt"));
        assertThat(stdout).startsWith("Restored 1 file(s)").doesNotContain("\r").doesNotContain("restoring");
        // each frame covers the one before it: nothing stale is left on the line
        for (String line : terminal.split("\n")) {
            List<String> frames = List.of(line.split("\r"));
            for (int i = 2; i < frames.size(); i++) {
                assertThat(frames.get(i).length()).as(line)
                    .isGreaterThanOrEqualTo(frames.get(i - 1).stripTrailing().length());
            }
        }
    }

    @Test
    void aTerminalOnStderrShowsTheBarWhileStdoutIsAPipe() throws Exception {
        String terminal = onTerminal(damnit() + " restore --to out3 | cat >stdout.txt");
        assertThat(terminal).contains("\rrestoring");
        assertThat(Files.readString(project.resolve("stdout.txt"))).startsWith("Restored").doesNotContain("\r");
    }

    @Test
    void quietShowsNoBarWhereOneWouldBe() throws Exception {
        System.setProperty("damnit.stderr.tty", "1"); // as bin/damnit tells on a terminal
        try {
            Cli.Run drawn = Cli.damnit(project, "restore", "--to", tmp.resolve("o4").toString());
            assertThat(drawn.err()).contains("\rrestoring");
            Cli.Run quiet = Cli.damnit(project, "restore", "-q", "--to", tmp.resolve("o5").toString());
            assertThat(quiet.err()).isEmpty();
            assertThat(quiet.out()).isEmpty();
            Cli.Run json = Cli.damnit(project, "restore", "--json", "--to", tmp.resolve("o6").toString());
            assertThat(json.err()).isEmpty();
            json.json();
        } finally {
            System.clearProperty("damnit.stderr.tty");
        }
    }

    @Test
    void cloneAndPushShowProgressWithTotalsThatHold() throws Exception {
        Cli.must(Cli.damnit(project, "remote", "add", "origin", tmp.resolve("store").toUri().toString()));
        String push = onTerminal(damnit() + " push >stdout.txt");
        assertThat(push).contains("\rcopying").contains("100%");
        assertThat(push).as("done never exceeds the total").doesNotContainPattern("\\] +1(0[1-9]|[1-9]\\d)% ");
        String clone = onTerminal(damnit() + " clone " + tmp.resolve("store").toUri() + " " + tmp.resolve("c")
            + " >stdout.txt");
        assertThat(clone).contains("\rcopying").contains("\rrestoring");
        assertThat(Files.readString(project.resolve("stdout.txt"))).matches("(?s)cloned .* at [0-9a-f]{64}\n");
    }
}
