package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.codec.digest.DigestUtils;
import org.damnit.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code damnit cat} and {@code damnit ls}: exact bytes and listings of any revision. */
class CatLsTest {
    @TempDir
    Path tmp;
    Path p;
    byte[] v1;
    byte[] v2;

    record Run(int code, byte[] bytes, String out, String err) {
    }

    private Run damnit(Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("-C", dir.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), bytes);
        return new Run(code, bytes.toByteArray(), out.toString(), err.toString());
    }

    @BeforeEach
    void twoVersions() throws Exception {
        p = Files.createDirectories(tmp.resolve("p"));
        v1 = new byte[3_000_000];
        new Random(3).nextBytes(v1);
        v2 = v1.clone();
        v2[2_999_999] ^= 0x7f;
        try (Repository repo = Repository.init(p)) {
            Files.createDirectories(p.resolve("aln/sub"));
            Files.write(p.resolve("aln/A.bam"), v1);
            Files.writeString(p.resolve("notes.txt"), "first\r\nline\u00e9\n");
            Files.createSymbolicLink(p.resolve("latest"), Path.of("aln/A.bam"));
            repo.setMetadata("aln/A.bam", java.util.Map.of("sample", "NA12878"));
            repo.commit().setMessage("v1").call();
            repo.createTag("v1", "HEAD");
            Files.write(p.resolve("aln/A.bam"), v2);
            repo.commit().setMessage("v2").call();
        }
    }

    @Test
    void catWritesTheExactBytesOfAnyVersion() throws Exception {
        assertThat(damnit(p, "cat", "--rev", "v1", "aln/A.bam").bytes()).isEqualTo(v1);
        assertThat(damnit(p, "cat", "aln/A.bam").bytes()).isEqualTo(v2);
        assertThat(damnit(p.resolve("aln"), "cat", "A.bam").bytes()).as("relative to the current directory")
            .isEqualTo(v2);
        assertThat(damnit(p, "cat", "notes.txt").bytes()).isEqualTo(Files.readAllBytes(p.resolve("notes.txt")));
        Run missing = damnit(p, "cat", "nope.bam");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("nope.bam").doesNotContain("Exception");
        assertThat(damnit(p, "cat", "aln").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(damnit(p, "cat", "--rev", "nosuch", "notes.txt").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void lsListsNamesTypesAndSizes() throws Exception {
        Run root = damnit(p, "ls");
        assertThat(root.code()).isZero();
        assertThat(root.out()).isEqualTo(String.join("\n",
            "dir                -  aln/",
            "link               -  latest -> aln/A.bam",
            "file              14  notes.txt", ""));
        assertThat(damnit(p, "ls", "aln").out()).isEqualTo(String.join("\n",
            "file         3000000  A.bam",
            "dir                -  sub/", ""));
        assertThat(damnit(p.resolve("aln"), "ls").out()).isEqualTo(damnit(p, "ls", "aln").out());
        String l = damnit(p, "ls", "-l", "--rev", "v1", "aln/A.bam").out();
        assertThat(l).isEqualTo("file         3000000  " + DigestUtils.md5Hex(v1) + "  " + DigestUtils.sha256Hex(v1)
            + "  A.bam  sample=NA12878\n");
        assertThat(damnit(p, "ls", "nope").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void lsJson() throws Exception {
        JsonNode rows = new ObjectMapper().readTree(damnit(p, "ls", "-l", "--json", "--rev", "v1", "aln").out());
        assertThat(rows).hasSize(2);
        JsonNode bam = rows.get(0);
        assertThat(bam.get("path").asText()).isEqualTo("aln/A.bam");
        assertThat(bam.get("type").asText()).isEqualTo("file");
        assertThat(bam.get("size").asLong()).isEqualTo(3_000_000);
        assertThat(bam.get("md5").asText()).isEqualTo(DigestUtils.md5Hex(v1));
        assertThat(bam.get("sha256").asText()).isEqualTo(DigestUtils.sha256Hex(v1));
        assertThat(bam.get("metadata").get("sample").asText()).isEqualTo("NA12878");
        assertThat(rows.get(1).get("type").asText()).isEqualTo("directory");
        JsonNode plain = new ObjectMapper().readTree(damnit(p, "ls", "--json").out());
        assertThat(plain.get(1).get("target").asText()).isEqualTo("aln/A.bam");
        assertThat(plain.get(2).has("md5")).isFalse();
    }
}
