package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
}
