package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.testkit.Samtools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** samtools reads a region of an earlier version of a BAM straight from {@code damnit serve}, index and all. */
class SamtoolsHttpTest {
    private static final String REGION = "chr1:2000000-2010000";

    @TempDir
    Path tmp;

    @Test
    void aRegionOfAnEarlierVersionReadsOnlyAFewChunks() throws Exception {
        Samtools.require();
        Path orig = Files.createDirectories(tmp.resolve("orig"));
        Path p = Files.createDirectories(tmp.resolve("p"));
        Repository.init(p).close();
        FileResponseTest.smallChunks(p);
        Path v1 = Samtools.bam(orig, "A", 1, 150_000);
        Files.createDirectories(p.resolve("aln"));
        try (Repository repo = Repository.open(p)) {
            Files.copy(v1, p.resolve("aln/A.bam"));
            Files.copy(orig.resolve("A.bam.bai"), p.resolve("aln/A.bam.bai"));
            ObjectId c1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            repo.createTag("v1", c1.toString());
            Path other = Files.createDirectories(tmp.resolve("other"));
            Samtools.bam(other, "A", 2, 20_000);
            Files.copy(other.resolve("A.bam"), p.resolve("aln/A.bam"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(other.resolve("A.bam.bai"), p.resolve("aln/A.bam.bai"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            repo.commit().setMessage("v2").call();

            long size = Files.size(v1);
            long chunks = size / (64 << 10);
            String expected = Samtools.run(orig, "samtools", "view", v1.toString(), REGION);
            assertThat(expected.lines().count()).as("the region has reads").isGreaterThan(20);

            try (WebServer web = WebServer.builder(repo).setPort(0).start()) {
                Path cwd = Files.createDirectories(tmp.resolve("cwd")); // htslib keeps a copy of a remote index here
                String url = web.uri().resolve("/v/" + c1 + "/aln/A.bam").toString();
                String got = Samtools.run(cwd, "samtools", "view", url, REGION);
                assertThat(got).isEqualTo(expected);
                long read = web.chunksRead();
                System.out.printf("samtools view over HTTP: %d chunk reads of a %d-byte BAM in about %d chunks%n",
                    read, size, chunks);
                // htslib opens with a GET of the whole file and abandons it (and a second one, after checking
                // the end-of-file marker) when it seeks: what the server reads ahead of such a response is
                // bounded by the TCP buffers, a few MB on loopback, not by the file's size
                assertThat(read).as("a region read must not read the whole file").isLessThan(chunks);

                // the header alone, and by tag name: the same bytes
                String header = Samtools.run(cwd, "samtools", "view", "--no-PG", "-H", web.uri().resolve("/v/v1/aln/A.bam").toString());
                assertThat(header).isEqualTo(Samtools.run(orig, "samtools", "view", "--no-PG", "-H", v1.toString()));
            }
            try (WebServer web = WebServer.builder(repo).setPort(0).setToken("t0ken").start()) {
                Path cwd = Files.createDirectories(tmp.resolve("cwd2"));
                Path auth = Files.writeString(tmp.resolve("auth"), "t0ken");
                String url = web.uri().resolve("/v/" + c1 + "/aln/A.bam").toString();
                String got = Samtools.run(cwd, Map.of("HTS_AUTH_LOCATION", auth.toString(),
                    "HTS_ALLOW_UNENCRYPTED_AUTHORIZATION_HEADER", "I understand the risks"), "samtools", "view", url, REGION);
                assertThat(got).as("htslib sends the token as a bearer token").isEqualTo(expected);
            }
        }
    }
}
