package org.damnit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.damnit.Repository;
import org.damnit.testkit.Samtools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htsjdk reads a region of a BAM as of an earlier tag through SeekableStreams over the store. */
class RegionAsOfTagTest {
    @TempDir
    Path tmp;

    @Test
    void theRegionMatchesSamtoolsOnTheOriginalAndReadsFewChunks() throws Exception {
        Samtools.require();
        Path orig = Files.createDirectories(tmp.resolve("orig"));
        Path p = Files.createDirectories(tmp.resolve("p"));
        Repository.init(p).close();
        Path cfg = p.resolve(".damnit/config"); // ~64 KiB chunks, so the BAM spans many
        String c = Files.readString(cfg);
        for (String[] kv : new String[][] {{"chunkMin", "16384"}, {"chunkAvg", "65536"}, {"chunkMax", "262144"}}) {
            c = c.replaceFirst("\"" + kv[0] + "\"\\s*:\\s*\\d+", "\"" + kv[0] + "\" : " + kv[1]);
        }
        Files.writeString(cfg, c);
        assertThat(c).contains("\"chunkAvg\" : 65536");
        Path v1 = Samtools.bam(orig, "A", 4, 60_000);
        Files.createDirectories(p.resolve("aln"));
        Files.copy(v1, p.resolve("aln/A.bam"));
        Files.copy(orig.resolve("A.bam.bai"), p.resolve("aln/A.bam.bai"));
        try (Repository repo = Repository.open(p)) {
            repo.commit().setMessage("v1").call();
            repo.createTag("v1.0", "HEAD");
            Path other = Files.createDirectories(tmp.resolve("other"));
            Samtools.bam(other, "A", 5, 30_000);
            Files.copy(other.resolve("A.bam"), p.resolve("aln/A.bam"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(other.resolve("A.bam.bai"), p.resolve("aln/A.bam.bai"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            repo.commit().setMessage("v2").call();

            List<String> expected = Samtools.run(orig, "samtools", "view", v1.toString(), "chr1:1000000-1010000")
                .lines().toList();
            assertThat(expected).hasSizeGreaterThan(20);
            assertThat(RegionAsOfTag.query(repo, "v1.0", "aln/A.bam", "chr1", 1_000_000, 1_010_000))
                .containsExactlyElementsOf(expected);
            assertThat(RegionAsOfTag.query(repo, "HEAD", "aln/A.bam", "chr1", 1_000_000, 1_010_000))
                .as("the latest version is another BAM").isNotEqualTo(expected);

            try (var data = new RegionAsOfTag.StoredStream(repo.openSeekable("v1.0", "aln/A.bam"))) {
                long chunks = Files.size(v1) / (64 << 10);
                var reader = htsjdk.samtools.SamReaderFactory.makeDefault()
                    .open(htsjdk.samtools.SamInputResource.of(data)
                        .index(new RegionAsOfTag.StoredStream(repo.openSeekable("v1.0", "aln/A.bam.bai"))));
                try (reader; var it = reader.queryOverlapping("chr2", 4_000_000, 4_010_000)) {
                    assertThat(it.hasNext()).isTrue();
                    it.forEachRemaining(r -> { });
                }
                assertThat(data.chunksRead()).as("header and region only, of about %d chunks", chunks)
                    .isBetween(1L, chunks / 5);
            }
        }
    }
}
