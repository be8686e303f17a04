package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.damnit.RepackResult;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concatenated members, an empty member, BGZF without its EOF block, a truncated gzip, a flipped byte,
 * trailing bytes and an unknown compressor: each comes back byte for byte after a deep repack and gc,
 * with what does not re-create kept as it is and counted.
 */
class DeepRepackFallbackTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void defaultSmallest() {
        Containerizer.smallest = Containerizer.SMALLEST;
    }

    @Test
    void gzipFilesUnder64KiBStayAsTheyAre() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.fastq(p.resolve("small.fq"), 4, 40);
        GenomicsTools.sh(p, "gzip -6 small.fq", "gzip");
        Path original = DeepRepackTest.keep(tmp, p, "small.fq.gz");
        assertThat(Files.size(original)).isLessThan(Containerizer.SMALLEST);
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("small").call();
            RepackResult r = repo.repack().call();
            assertThat(r.converted()).isZero();
            assertThat(r.notConverted()).isEqualTo(1);
            assertThat(r.members()).as("not even walked").isZero();
            assertThat(((LocalRepository) repo).context().chunks().containers().list()).isEmpty();
            DeepRepackTest.readsBackExactly(repo, p, Map.of("small.fq.gz", original));
        }
    }

    @Test
    void oddFilesComeBackExactlyWithTheirFallbacksCounted() throws Exception {
        Containerizer.smallest = 0; // the odd files are small
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.fastq(p.resolve("x.fq"), 4, 1_500);
        GenomicsTools.fastq(p.resolve("y.fq"), 5, 1_500);
        GenomicsTools.sam(p.resolve("s.sam"), 6, 1_000);
        GenomicsTools.sh(p, String.join(" && ",
            "gzip -6 -c x.fq > cat.gz && gzip -1 -c y.fq >> cat.gz && gzip -c < /dev/null >> cat.gz", // + empty member
            "gzip -c < /dev/null > empty.gz",
            "pigz -6 -c y.fq > pigz.gz",
            "samtools view -b -o s.bam s.sam && head -c $(($(stat -c %s s.bam) - 28)) s.bam > noeof.bam",
            "gzip -6 -c x.fq > t.gz && head -c $(($(stat -c %s t.gz) / 2)) t.gz > truncated.gz && rm t.gz",
            "gzip -6 -c y.fq > flipped.gz && printf '\\x55' | dd of=flipped.gz bs=1 seek=5000 conv=notrunc 2>/dev/null",
            "gzip -6 -c y.fq > tail.gz && printf 'trailing' >> tail.gz",
            "rm x.fq y.fq s.sam s.bam"), "gzip", "pigz", "samtools");
        // a compressor no recipe knows: deflate with Huffman codes only
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p.resolve("huffman.gz"))) {
            {
                def.setStrategy(java.util.zip.Deflater.HUFFMAN_ONLY);
            }
        }) {
            out.write(Files.readAllBytes(p.resolve("cat.gz")));
        }
        Map<String, Path> originals = new LinkedHashMap<>();
        for (String f : new String[] {"cat.gz", "empty.gz", "pigz.gz", "noeof.bam", "truncated.gz", "flipped.gz",
            "tail.gz", "huffman.gz"}) {
            originals.put(f, DeepRepackTest.keep(tmp, p, f));
        }
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("odd").call();
            RepackResult r = repo.repack().call();
            // cat (3 members), empty, pigz, noeof and tail (one raw region each) are converted; truncated,
            // flipped and huffman have no member that re-creates and stay as they are
            assertThat(r.converted()).isEqualTo(5);
            assertThat(r.notConverted()).isEqualTo(3);
            assertThat(r.rawFallbacks()).as("tail's trailing bytes, and the three unconverted files")
                .isEqualTo(4);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            // (cat.gz shares its first chunks with truncated.gz, which stays as it is, so those are kept)
            assertThat(DeepRepackTest.rawChunksStored(repo, "pigz.gz")).isFalse();
            assertThat(DeepRepackTest.rawChunksStored(repo, "huffman.gz")).isTrue();
            DeepRepackTest.readsBackExactly(repo, p, originals);
        }
    }
}
