package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BAM records and SAM text coded against a FASTA stored in the same repository: reads aligned by bwa
 * mem and sorted by samtools, their BAM's decompressed content and their SAM text (samtools view -h)
 * committed with the content codecs (deepOnCommit).
 */
class ReferenceCodingTest {
    @TempDir
    Path tmp;

    private static final int CONTIG = 40_000;

    /** A random two-contig genome, reads of it with substitutions, aligned and sorted by the real tools. */
    private static void align(Path dir) throws IOException, InterruptedException {
        Random r = new Random(42);
        StringBuilder fa = new StringBuilder();
        String[] contigs = new String[2];
        for (int c = 0; c < 2; c++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < CONTIG; i++) {
                s.append("ACGT".charAt(r.nextInt(4)));
            }
            contigs[c] = s.toString();
            fa.append(">chr").append(c + 1).append(" random\n");
            for (int i = 0; i < CONTIG; i += 60) {
                fa.append(contigs[c], i, Math.min(CONTIG, i + 60)).append('\n');
            }
        }
        Files.writeString(dir.resolve("genome.fa"), fa, StandardCharsets.US_ASCII);
        StringBuilder r1 = new StringBuilder();
        StringBuilder r2 = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            String g = contigs[r.nextInt(2)];
            int p = r.nextInt(CONTIG - 400);
            int insert = 250 + r.nextInt(100);
            read(r1, r, i, g.substring(p, p + 150), 1);
            read(r2, r, i, reverseComplement(g.substring(p + insert - 150, p + insert)), 2);
        }
        Files.writeString(dir.resolve("r1.fq"), r1, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("r2.fq"), r2, StandardCharsets.US_ASCII);
        GenomicsTools.sh(dir, "bwa index genome.fa 2>/dev/null && bwa mem -R '@RG\\tID:S1\\tSM:S1' genome.fa r1.fq r2.fq"
            + " 2>/dev/null | samtools sort -o aln.bam - && rm r1.fq r2.fq genome.fa.*", "bwa", "samtools");
        Files.write(dir.resolve("aln.content"), GenomicsTools.content(dir.resolve("aln.bam")));
        GenomicsTools.sh(dir, "samtools view -h -o aln.sam aln.bam && rm aln.bam", "samtools");
    }

    private static void read(StringBuilder out, Random r, int i, String bases, int mate) {
        char[] c = bases.toCharArray();
        StringBuilder q = new StringBuilder();
        for (int k = 0; k < c.length; k++) {
            if (r.nextInt(100) == 0) {
                c[k] = "ACGT".charAt(r.nextInt(4));
            }
            q.append(r.nextInt(10) == 0 ? '#' : 'F'); // binned qualities, as recent instruments write them
        }
        out.append("@pair").append(i).append('/').append(mate).append('\n').append(c).append("\n+\n").append(q).append('\n');
    }

    private static String reverseComplement(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = s.length() - 1; i >= 0; i--) {
            b.append("TGCA".charAt("ACGT".indexOf(s.charAt(i))));
        }
        return b.toString();
    }

    /**
     * A repository of {@code files} from {@code made} committed one by one with the content codecs; the
     * last one's stored bytes.
     */
    private long commit(Path project, Path made, String... files) throws Exception {
        Files.createDirectories(project);
        DeepRepackTest.smallChunks(project).close();
        TreeFixture.setDeepOnCommit(project);
        try (Repository repo = Repository.open(project)) {
            for (String f : files) { // the reference first: codecs look in the branch's commit
                Files.copy(made.resolve(f), project.resolve(f));
                repo.commit().setMessage(f).call();
            }
            RepoContext ctx = ((LocalRepository) repo).context();
            long stored = 0;
            int withReference = 0;
            String last = files[files.length - 1];
            for (Node.Piece p : DeepRepackTest.entry(repo, last).pieces()) {
                ChunkIndex.Location l = ctx.chunks().locate(p.id()).orElseThrow();
                stored += l.recordLength();
                if (l.codec() == (last.endsWith(".sam") ? ChunkCodecs.SAM : ChunkCodecs.BAM).id() && l.depth() > 0) {
                    withReference++;
                }
            }
            assertThat(withReference > 0).as("records coded against the reference").isEqualTo(files.length > 1);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
            DeepRepackTest.readsBackExactly(repo, project, Map.of(last, made.resolve(last)));
            return stored;
        }
    }

    @Test
    void basesAreCodedAgainstAStoredFastaThatMatchesTheHeader() throws Exception {
        Path made = Files.createDirectories(tmp.resolve("made"));
        align(made);
        long alone = commit(tmp.resolve("alone"), made, "aln.content");
        long withFasta = commit(tmp.resolve("with"), made, "genome.fa", "aln.content");
        assertThat(withFasta).as("against the reference vs alone").isLessThan(alone * 9 / 10);
        long samAlone = commit(tmp.resolve("sam-alone"), made, "aln.sam");
        long samWithFasta = commit(tmp.resolve("sam-with"), made, "genome.fa", "aln.sam");
        assertThat(samWithFasta).as("the SAM text of the same records").isLessThan(samAlone * 9 / 10);
    }
}
