package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.damnit.GcResult;
import org.damnit.RepackResult;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config setting deepOnCommit gives gzip and BGZF files their container as they are committed. */
class DeepOnCommitTest {
    @TempDir
    Path tmp;

    @Test
    void deepOnCommitConvertsAsItCommitsAndIsOffByDefault() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.sam(p.resolve("a.sam"), 7, 3_000);
        GenomicsTools.sh(p, "samtools view -b -o a.bam a.sam && rm a.sam", "samtools");
        Path original = DeepRepackTest.keep(tmp, p, "a.bam");
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("plain").call();
            assertThat(((LocalRepository) repo).context().chunks().containers().list()).as("off by default").isEmpty();
        }
        Path cfg = p.resolve(".damnit/config");
        Files.writeString(cfg, Files.readString(cfg).replaceFirst("\\{", "{\"deepOnCommit\":true,"));
        GenomicsTools.sam(p.resolve("b.sam"), 8, 3_000);
        GenomicsTools.sh(p, "samtools view -b -o b.bam b.sam && rm b.sam", "samtools");
        Path second = DeepRepackTest.keep(tmp, p, "b.bam");
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.commit().setMessage("deep").call().warnings()).isEmpty();
            Node b = DeepRepackTest.entry(repo, "b.bam");
            assertThat(((LocalRepository) repo).context().chunks().containers().list()).containsExactly(b.sha256());
            RepackResult r = repo.repack().call();
            assertThat(r.alreadyDeep()).isEqualTo(1);
            assertThat(r.converted()).as("the file committed before").isEqualTo(1);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(DeepRepackTest.rawChunksStored(repo, "b.bam")).isFalse();
            DeepRepackTest.readsBackExactly(repo, p, Map.of("a.bam", original, "b.bam", second));
        }
    }

    @Test
    void gcDropsTheContainerisedFilesPlainChunksThoughOtherFilesWereCommittedWithThem() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.fastq(p.resolve("reads.fq"), 5, 3_000);
        GenomicsTools.sh(p, "pigz -6 reads.fq", "pigz");
        byte[] noise = new byte[3 << 20]; // incompressible: keeps a shared pack mostly live
        new Random(11).nextBytes(noise);
        Files.write(p.resolve("noise.bin"), noise);
        StringBuilder table = new StringBuilder("chrom\tpos\tdepth\n");
        for (int i = 0; i < 20_000; i++) {
            table.append("chr1\t").append(1000 + i).append('\t').append(i * 7 % 61).append('\n');
        }
        Files.writeString(p.resolve("depth.tsv"), table);
        Path reads = DeepRepackTest.keep(tmp, p, "reads.fq.gz");
        Path noiseCopy = DeepRepackTest.keep(tmp, p, "noise.bin");
        Path tableCopy = DeepRepackTest.keep(tmp, p, "depth.tsv");
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            TreeFixture.setDeepOnCommit(p);
        }
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.commit().setMessage("reads, noise, table").call().warnings()).isEmpty();
            Node gz = DeepRepackTest.entry(repo, "reads.fq.gz");
            assertThat(((LocalRepository) repo).context().chunks().containers().list()).containsExactly(gz.sha256());
            assertThat(DeepRepackTest.rawChunksStored(repo, "reads.fq.gz")).as("kept until gc").isTrue();
            GcResult r = repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(DeepRepackTest.rawChunksStored(repo, "reads.fq.gz"))
                .as("no plain chunk of the file given its container is left").isFalse();
            assertThat(r.packsRepacked()).as("their packs deleted whole, nothing copied").isZero();
            DeepRepackTest.readsBackExactly(repo, p,
                Map.of("reads.fq.gz", reads, "noise.bin", noiseCopy, "depth.tsv", tableCopy));
        }
    }
}
