package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The damnit command end to end: real repositories in a temporary directory, output and exit codes. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private Run damnit(Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("-C", dir.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void noArgumentPrintsAGuide() {
        Run r = damnit(tmp);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("damnit init").contains("damnit commit");
    }

    @Test
    void aBamChangedWithoutItsIndexIsWarnedAbout() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("bam"));
        damnit(p, "init");
        Files.createDirectories(p.resolve("aln"));
        Files.write(p.resolve("aln/A.bam"), new byte[] {1, 2, 3});
        Files.write(p.resolve("aln/A.bam.bai"), new byte[] {4});
        damnit(p, "commit", "-m", "aligned");
        Files.write(p.resolve("aln/A.bam"), new byte[] {1, 2, 3, 4});
        Run st = damnit(p, "status");
        assertThat(st.err()).contains("warning: aln/A.bam changed but its companion aln/A.bam.bai did not");
        assertThat(damnit(p, "diff").err()).contains("aln/A.bam.bai");
        damnit(p, "commit", "-m", "bam only");
        Files.write(p.resolve("aln/A.bam.bai"), new byte[] {5});
        Files.write(p.resolve("aln/A.bam"), new byte[] {9, 9});
        Files.write(p.resolve("aln/A.bam.txt"), new byte[] {7}); // sorts between the BAM and its index
        Files.write(p.resolve("aln/A.bam.bai"), new byte[] {6});
        Run grouped = damnit(p, "status");
        assertThat(grouped.err()).doesNotContain("warning");
        assertThat(grouped.out()).containsSubsequence("aln/A.bam\n", "  aln/A.bam.bai  (index of A.bam)", "aln/A.bam.txt");
        damnit(p, "commit", "-m", "both");
        Run log = damnit(p, "log", "--name-status");
        assertThat(log.out()).containsSubsequence("both", "M  aln/A.bam\n", "M    aln/A.bam.bai  (index of A.bam)",
            "bam only", "M  aln/A.bam", "warning: aln/A.bam changed but its companion aln/A.bam.bai did not", "aligned",
            "A  aln/A.bam");
        assertThat(damnit(p, "diff", "HEAD~1", "HEAD").out()).containsSubsequence("aln/A.bam\n", "  aln/A.bam.bai");
        assertThat(damnit(p, "log", "--name-status", "--json").json().get(1).get("warnings").get(0).asText())
            .contains("aln/A.bam.bai");
    }

    @Test
    void aMetadataOnlyChangeIsReportedAsSuchWithoutACompanionWarning() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("meta-only"));
        damnit(p, "init");
        Files.createDirectories(p.resolve("aln"));
        Files.write(p.resolve("aln/A.bam"), new byte[] {1, 2, 3});
        Files.write(p.resolve("aln/A.bam.bai"), new byte[] {4});
        damnit(p, "commit", "-m", "aligned");
        damnit(p, "meta", "set", "aln/A.bam", "sample=NA12878");
        Run st = damnit(p, "status");
        assertThat(st.out()).contains("metadata:  aln/A.bam  (metadata only; the bytes are unchanged)")
            .doesNotContain("modified");
        assertThat(st.err()).doesNotContain("warning");
        JsonNode stj = damnit(p, "status", "--json").json().get("changes").get(0);
        assertThat(stj.get("state").asText()).isEqualTo("metadata");
        assertThat(stj.get("contentChanged").asBoolean()).isFalse();
        assertThat(damnit(p, "diff").out()).contains("metadata  aln/A.bam  (metadata only)");
        damnit(p, "commit", "-m", "annotated");
        Run diff = damnit(p, "diff", "HEAD~1", "HEAD", "--stat");
        assertThat(diff.out()).contains("metadata  aln/A.bam  (3 B, metadata only: bytes unchanged, stored 0 B)")
            .doesNotContain("modified");
        assertThat(diff.err()).doesNotContain("companion");
        JsonNode dj = damnit(p, "diff", "HEAD~1", "HEAD", "--json").json().get(0);
        assertThat(dj.get("change").asText()).isEqualTo("metadata");
        assertThat(dj.get("contentChanged").asBoolean()).isFalse();
        Run log = damnit(p, "log", "--name-status", "-n", "1");
        assertThat(log.out()).contains("m  aln/A.bam  (metadata only)").doesNotContain("warning");
        JsonNode lj = damnit(p, "log", "--name-status", "-n", "1", "--json").json().get(0);
        assertThat(lj.at("/changes/0/change").asText()).isEqualTo("metadata");
        assertThat(lj.get("warnings")).isEmpty();
    }

    @Test
    void aShellCompletionScriptIsGenerated() {
        Run r = damnit(tmp, "generate-completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete").contains("commit").contains("restore").contains("--rev");
    }

    @Test
    void onlyTheInvokedSubcommandIsBuiltButHelpAndMistakesSeeThemAll() {
        assertThat(Main.subcommandsFor(new String[] {"-C", "dir", "commit", "-m", "x"})).containsExactly(CommitCmd.class);
        assertThat(Main.subcommandsFor(new String[] {"--help"})).isEqualTo(DamnitCommand.SUBCOMMANDS);
        assertThat(Main.subcommandsFor(new String[] {"help", "commit"})).isEqualTo(DamnitCommand.SUBCOMMANDS);
        assertThat(Main.subcommandsFor(new String[] {"comit"})).isEqualTo(DamnitCommand.SUBCOMMANDS);
        Run help = damnit(tmp, "--help");
        assertThat(help.code()).isZero();
        for (String cmd : List.of("init", "commit", "restore", "gc", "serve", "clone")) {
            assertThat(help.out()).contains("  " + cmd + " ");
        }
        Run typo = damnit(tmp, "comit", "-m", "x");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("'comit'").contains("Did you mean: damnit commit");
        assertThat(damnit(tmp, "help", "restore").out()).contains("--rev");
    }

    @Test
    void everyCommandHasHelpWithExitCodes() {
        for (String cmd : List.of("init", "status", "commit", "log", "restore", "verify", "remote", "push", "fetch",
            "pull", "clone", "tag", "manifest", "diff", "revert", "meta", "find", "branch", "switch", "gc", "serve")) {
            Run r = damnit(tmp, cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: damnit " + cmd).contains("Exit codes").contains("Examples");
        }
    }

    @Test
    void fullSessionWithJson() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("proj"));
        assertThat(damnit(p, "init").code()).isZero();
        assertThat(damnit(p, "init").code()).isEqualTo(ExitCodes.REFUSED);
        Files.writeString(p.resolve("samples.tsv"), "A\tcontrol\n");
        Files.createDirectories(p.resolve("reads"));
        Files.writeString(p.resolve("reads/A.fastq"), "@r1\nACGT\n+\nIIII\n");

        Run status = damnit(p, "status", "--json");
        assertThat(status.code()).isZero();
        assertThat(status.json().get("changes")).hasSize(2);

        assertThat(damnit(p, "commit", "-m", "bad", "--meta", "novalue").code()).isEqualTo(ExitCodes.USAGE);
        Run c1 = damnit(p, "commit", "-m", "first", "--author", "Ada <ada@example.org>", "--meta", "run=42",
            "--meta", "sample=NA12878", "--json");
        assertThat(c1.code()).isZero();
        JsonNode j1 = c1.json();
        assertThat(j1.get("created").asBoolean()).isTrue();
        assertThat(j1.at("/commit/author").asText()).isEqualTo("Ada");
        assertThat(j1.at("/commit/metadata/run").asText()).isEqualTo("42");
        String first = j1.at("/commit/id").asText();

        Run again = damnit(p, "commit", "-m", "nothing");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("nothing to commit");

        Files.writeString(p.resolve("samples.tsv"), "A\tcontrol\nB\ttreated\n");
        assertThat(damnit(p, "status").out()).contains("modified:").contains("samples.tsv");
        assertThat(damnit(p, "commit", "-m", "second").code()).isZero();

        JsonNode log = damnit(p, "log", "--json").json();
        assertThat(log).hasSize(2);
        assertThat(log.get(1).get("id").asText()).isEqualTo(first);
        assertThat(damnit(p, "log", "--oneline", "-n", "1").out()).contains("second").doesNotContain("first");
        assertThat(damnit(p, "log").out()).contains("Meta:   sample=NA12878");

        Path out = tmp.resolve("v1");
        Run restore = damnit(p, "restore", "--rev", first.substring(0, 8), "--to", out.toString(), "--json");
        assertThat(restore.code()).isZero();
        assertThat(restore.json().get("files").asInt()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("samples.tsv"))).isEqualTo("A\tcontrol\n");

        Files.writeString(p.resolve("samples.tsv"), "local edit\n");
        Run refused = damnit(p, "restore", "--rev", "HEAD~1", "samples.tsv");
        assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("uncommitted").contains("samples.tsv");
        assertThat(Files.readString(p.resolve("samples.tsv"))).isEqualTo("local edit\n");
        assertThat(damnit(p, "restore", "--rev", "HEAD~1", "--force", "samples.tsv").code()).isZero();
        assertThat(Files.readString(p.resolve("samples.tsv"))).isEqualTo("A\tcontrol\n");

        Run verify = damnit(p, "verify", "--json");
        assertThat(verify.code()).isZero();
        assertThat(verify.json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void tagsAndAnMd5sumCompatibleManifest() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("m"));
        damnit(p, "init");
        Files.createDirectories(p.resolve("reads"));
        Files.writeString(p.resolve("reads/A_R1.fastq"), "@r1\nACGT\n+\nIIII\n");
        Files.writeString(p.resolve("samples.tsv"), "A\tcontrol\n");
        damnit(p, "commit", "-m", "submission");
        assertThat(damnit(p, "tag", "ena-1").code()).isZero();
        assertThat(damnit(p, "tag", "ena-1").code()).as("tags do not move").isNotZero();
        Files.writeString(p.resolve("samples.tsv"), "A\ttreated\n");
        damnit(p, "commit", "-m", "later");
        Run manifest = damnit(p, "manifest", "--rev", "ena-1");
        assertThat(manifest.code()).isZero();
        Files.writeString(p.resolve("samples.tsv"), "A\tcontrol\n"); // the tagged content again
        Path file = tmp.resolve("MANIFEST.md5");
        Files.writeString(file, manifest.out());
        Process check = new ProcessBuilder("md5sum", "-c", file.toString()).directory(p.toFile())
            .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(out).isZero();
        assertThat(out).contains("reads/A_R1.fastq: OK").contains("samples.tsv: OK");
        Files.writeString(p.resolve("samples.tsv"), "A\ttreated\n"); // back to HEAD's content
        assertThat(damnit(p, "manifest", "--sha256").out()).containsPattern("[0-9a-f]{64}  samples.tsv");
        assertThat(damnit(p, "tag").out()).contains("ena-1");
        assertThat(damnit(p, "meta", "set", "reads/A_R1.fastq", "sample=NA12878", "run=42").code()).isZero();
        assertThat(damnit(p, "meta", "set", "reads/A_R1.fastq", "novalue").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(damnit(p, "status").out()).contains("reads/A_R1.fastq");
        assertThat(damnit(p, "meta", "get", "reads/A_R1.fastq").out()).contains("run=42").contains("sample=NA12878");
        damnit(p, "commit", "-m", "annotated");
        assertThat(damnit(p, "meta", "rm", "reads/A_R1.fastq", "run").code()).isZero();
        damnit(p, "commit", "-m", "dropped run");
        assertThat(damnit(p, "meta", "get", "reads/A_R1.fastq").out()).doesNotContain("run=").contains("sample=NA12878");
        assertThat(damnit(p, "meta", "get", "--rev", "HEAD~1", "reads/A_R1.fastq").out()).contains("run=42");
        assertThat(damnit(p, "find", "sample=NA12878").out().strip()).isEqualTo("reads/A_R1.fastq");
        assertThat(damnit(p, "find", "run=42", "--all").out()).contains("reads/A_R1.fastq");
        assertThat(damnit(p, "find", "run=42").out()).isEmpty();
        assertThat(damnit(p, "find", "bogus").out()).isEmpty();
        assertThat(damnit(p, "find", "A_R1", "size<1K").out().strip()).isEqualTo("reads/A_R1.fastq");
        assertThat(damnit(p, "find", "size>1M").out()).isEmpty();
        assertThat(damnit(p, "find", "size>big").code()).isEqualTo(ExitCodes.USAGE);
        Run diff = damnit(p, "diff", "ena-1", "HEAD", "--stat");
        assertThat(diff.out()).contains("modified").contains("samples.tsv").contains("stored");
        Run revert = damnit(p, "revert", "ena-1", "samples.tsv", "--json");
        assertThat(revert.code()).as(revert.err()).isZero();
        assertThat(revert.json().get("paths").get(0).asText()).isEqualTo("samples.tsv");
        assertThat(revert.json().get("message").asText()).contains("samples.tsv");
        assertThat(Files.readString(p.resolve("samples.tsv"))).isEqualTo("A\tcontrol\n");
        Run pending = damnit(p, "meta", "set", "samples.tsv", "checked=yes", "--json");
        assertThat(pending.json().get("metadata").get("checked").asText()).isEqualTo("yes");
        assertThat(damnit(p, "meta", "rm", "samples.tsv", "checked", "--json").json().get("metadata").has("checked"))
            .isFalse();
        assertThat(damnit(p, "tag", "-d", "ena-1", "--json").json().get("deleted").asText()).isEqualTo("ena-1");
        assertThat(damnit(p, "tag").out()).doesNotContain("ena-1");
    }

    @Test
    void remotePushCloneAndPull() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path store = tmp.resolve("shared-store");
        damnit(a, "init");
        Files.writeString(a.resolve("s.tsv"), "one\n");
        damnit(a, "commit", "-m", "one");
        assertThat(damnit(a, "remote", "add", "origin", store.toUri().toString()).code()).isZero();
        assertThat(damnit(a, "remote", "list").out()).contains("origin");
        Run push = damnit(a, "push", "--json");
        assertThat(push.code()).isZero();
        assertThat(push.json().get("objects").asLong()).isPositive();
        Path b = tmp.resolve("b");
        assertThat(damnit(tmp, "clone", store.toUri().toString(), b.toString()).code()).isZero();
        assertThat(Files.readString(b.resolve("s.tsv"))).isEqualTo("one\n");
        Files.writeString(b.resolve("s.tsv"), "two\n");
        damnit(b, "commit", "-m", "two");
        assertThat(damnit(b, "push").code()).isZero();
        assertThat(damnit(a, "fetch").code()).isZero();
        assertThat(damnit(a, "log", "--oneline", "origin/main").out()).contains("two");
        assertThat(damnit(a, "pull").code()).isZero();
        assertThat(Files.readString(a.resolve("s.tsv"))).isEqualTo("two\n");
        Run unknown = damnit(a, "push", "nowhere");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no remote named 'nowhere'");
    }

    @Test
    void wrongInputGivesAClearMessageAndNonZeroExit() throws Exception {
        Path notRepo = Files.createDirectories(tmp.resolve("plain"));
        Run r = damnit(notRepo, "status");
        assertThat(r.code()).isEqualTo(ExitCodes.NOT_A_REPOSITORY);
        assertThat(r.err()).contains("not in a DAMNIT repository");

        Run missing = damnit(tmp.resolve("does-not-exist"), "log");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_A_REPOSITORY);
        assertThat(missing.err()).contains("does not exist");

        Path p = Files.createDirectories(tmp.resolve("proj"));
        damnit(p, "init");
        Files.writeString(p.resolve("a.txt"), "a");
        damnit(p, "commit", "-m", "one");

        Run badRev = damnit(p, "restore", "--rev", "no-such-tag", "--to", tmp.resolve("x").toString());
        assertThat(badRev.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRev.err()).contains("unknown revision 'no-such-tag'");

        Run outside = damnit(p, "restore", "../elsewhere.txt");
        assertThat(outside.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(outside.err()).contains("outside the project");

        Run noMessage = damnit(p, "commit");
        assertThat(noMessage.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noMessage.err()).contains("--message");

        Run unknown = damnit(p, "frobnicate");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);

        Files.writeString(p.resolve(".damnit/config"), "{ broken");
        Run badConfig = damnit(p, "status");
        assertThat(badConfig.code()).isEqualTo(ExitCodes.NOT_A_REPOSITORY);
        assertThat(badConfig.err()).contains("config").contains("not valid JSON").doesNotContain("Exception");
    }

    @Test
    void verifyExitsThreeAndNamesTheDamagedPath() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("proj"));
        damnit(p, "init");
        Files.writeString(p.resolve("precious.vcf"), "##fileformat=VCFv4.2\n".repeat(100));
        damnit(p, "commit", "-m", "one");
        try (var s = Files.walk(p.resolve(".damnit/store/objects/packs"))) {
            Path obj = s.filter(Files::isRegularFile).findFirst().orElseThrow();
            byte[] b = Files.readAllBytes(obj);
            b[90] ^= 0x40; // inside the first chunk record's payload
            Files.write(obj, b);
        }
        Run v = damnit(p, "verify", "--read-data");
        assertThat(v.code()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(v.out()).contains("DAMAGED").contains("affects precious.vcf");
        Run restore = damnit(p, "restore", "--to", tmp.resolve("out").toString());
        assertThat(restore.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(restore.err()).contains("damaged");
    }

    @Test
    void serveAnnouncesItsAddressFirstAndRefusesUnsafeSettings() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("served"));
        damnit(p, "init");
        Files.writeString(p.resolve("a.txt"), "a");
        damnit(p, "commit", "-m", "one");

        Run open = damnit(p, "serve", "--bind", "0.0.0.0", "--port", "0");
        assertThat(open.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(open.err()).contains("without a token").doesNotContain("Exception");
        Run size = damnit(p, "serve", "--max-upload", "lots");
        assertThat(size.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(size.err()).contains("--max-upload");
        assertThat(ServeCmd.parseSize("20G")).isEqualTo(20L << 30);
        assertThat(ServeCmd.parseSize("500m")).isEqualTo(500L << 20);
        assertThat(ServeCmd.parseSize("1KiB")).isEqualTo(1024);

        java.io.PipedReader lines = new java.io.PipedReader();
        PrintWriter out = new PrintWriter(new java.io.PipedWriter(lines), true);
        Thread serving = new Thread(() -> Main.run(new String[] {"-C", p.toString(), "serve", "--port", "0"}, out,
            new PrintWriter(new StringWriter())));
        serving.setDaemon(true);
        serving.start();
        String first = new java.io.BufferedReader(lines).readLine();
        assertThat(first).matches("Serving http://127\\.0\\.0\\.1:\\d+/");
        java.net.URI uri = java.net.URI.create(first.substring("Serving ".length()));
        var http = java.net.http.HttpClient.newHttpClient();
        var page = http.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/tree")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("a.txt");
        serving.interrupt();
    }

    @Test
    void gcReportsAndRefusesABadGracePeriod() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("gc"));
        damnit(p, "init");
        Files.writeString(p.resolve("a.txt"), "a");
        damnit(p, "commit", "-m", "one");
        Run r = damnit(p, "gc", "--grace", "0", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.json().get("liveCommits").asInt()).isEqualTo(1);
        assertThat(r.json().get("deleted").asInt()).isZero();
        Run text = damnit(p, "gc", "--dry-run");
        assertThat(text.out()).contains("(dry run)").contains("live commits");
        Run bad = damnit(p, "gc", "--grace", "soon");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--grace");
        assertThat(GcCmd.parseDuration("30m")).isEqualTo(java.time.Duration.ofMinutes(30));
    }

    @Test
    void deepRepackConvertsGzipAndRestoreGivesBackTheBytes() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("deep"));
        damnit(p, "init");
        StringBuilder reads = new StringBuilder();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            reads.append("@r").append(i).append('\n');
            for (int j = 0; j < 100; j++) {
                reads.append("ACGT".charAt(rnd.nextInt(4)));
            }
            reads.append("\n+\n").append("I".repeat(100)).append('\n');
        }
        byte[] gz;
        try (var bytes = new java.io.ByteArrayOutputStream();
             var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(reads.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.finish();
            gz = bytes.toByteArray();
        }
        Files.write(p.resolve("r.fq.gz"), gz);
        damnit(p, "commit", "-m", "reads");
        assertThat(damnit(p, "repack").code()).as("--deep is required").isEqualTo(ExitCodes.USAGE);
        Run r = damnit(p, "repack", "--deep", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.json().get("converted").asInt()).isEqualTo(1);
        assertThat(r.json().get("rawFallbacks").asInt()).isZero();
        assertThat(damnit(p, "gc", "--grace", "0").code()).isEqualTo(ExitCodes.OK);
        Run text = damnit(p, "repack", "--deep");
        assertThat(text.out()).contains("0 files converted (1 already were");
        Path to = tmp.resolve("deep-restored");
        Run restored = damnit(p, "restore", "--to", to.toString());
        assertThat(restored.code()).as(restored.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(to.resolve("r.fq.gz"))).isEqualTo(gz);
    }

    @Test
    void branchesSplitHistoryAndSwitchMovesTheWorkingTree() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("branches"));
        damnit(p, "init");
        Files.writeString(p.resolve("ref.fa"), ">chr1\nACGT\n");
        damnit(p, "commit", "-m", "hg19");
        assertThat(damnit(p, "branch", "hg38").code()).isZero();
        Run list = damnit(p, "branch");
        assertThat(list.out()).contains("* main").contains("  hg38");
        assertThat(damnit(p, "switch", "hg38").code()).isZero();
        Files.writeString(p.resolve("ref.fa"), ">chr1\nTTTT\n");
        Files.writeString(p.resolve("liftover.chain"), "chain\n");
        assertThat(damnit(p, "commit", "-m", "hg38").code()).isZero();

        assertThat(damnit(p, "switch", "main").code()).isZero();
        assertThat(Files.readString(p.resolve("ref.fa"))).contains("ACGT");
        assertThat(p.resolve("liftover.chain")).as("tracked on hg38 only").doesNotExist();
        assertThat(damnit(p, "log", "--oneline").out()).contains("hg19").doesNotContain("hg38");
        assertThat(damnit(p, "switch", "hg38").code()).isZero();
        assertThat(Files.readString(p.resolve("ref.fa"))).contains("TTTT");
        assertThat(damnit(p, "branch", "--json").json().toString()).contains("\"current\":true");

        Files.writeString(p.resolve("ref.fa"), "local edit\n");
        Run dirty = damnit(p, "switch", "main");
        assertThat(dirty.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(dirty.err()).contains("uncommitted");
        assertThat(Files.readString(p.resolve("ref.fa"))).isEqualTo("local edit\n");
        Files.writeString(p.resolve("ref.fa"), ">chr1\nTTTT\n");

        assertThat(damnit(p, "branch", "-d", "hg38").code()).as("the current branch").isEqualTo(ExitCodes.REFUSED);
        assertThat(damnit(p, "branch", "hg38").code()).as("exists").isEqualTo(ExitCodes.REFUSED);
        assertThat(damnit(p, "branch", "../x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(damnit(p, "switch", "nope").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(damnit(p, "switch", "main").code()).isZero();
        assertThat(damnit(p, "branch", "-d", "hg38").code()).isZero();
        assertThat(damnit(p, "branch").out()).doesNotContain("hg38");
        Run gc = damnit(p, "gc", "--grace", "0", "--json");
        assertThat(gc.json().get("deleted").asInt()).as("hg38's commit and objects").isPositive();
        assertThat(damnit(p, "verify", "--read-data").code()).isZero();
    }
}
