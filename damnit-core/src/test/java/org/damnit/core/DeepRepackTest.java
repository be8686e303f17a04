package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.damnit.RepackResult;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made by the real tools are repacked deep, their original chunks dropped by gc, and read back byte
 * for byte by restore, openFile, openSeekable and verify.
 */
class DeepRepackTest {
    @TempDir
    Path tmp;

    static long storeBytes(Path project) throws Exception {
        try (var s = Files.walk(project.resolve(".damnit/store/objects"))) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** A repository whose small chunks make even small test files span several. */
    static Repository smallChunks(Path project) throws Exception {
        Repository.init(project).close();
        TreeFixture.setChunkSizes(project, 16 << 10, 64 << 10, 256 << 10);
        return Repository.open(project);
    }

    static Node entry(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        return ctx.trees().lookup(ctx.trees().readCommit(ctx.refs().head().orElseThrow()).tree(), path);
    }

    /** Whether the store still holds the file's own chunks (none of them, after a deep repack and gc). */
    static boolean rawChunksStored(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        for (Node.Piece p : entry(repo, path).pieces()) {
            if (ctx.chunks().locate(p.id()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Restore, openFile, openSeekable (random ranges) and verify give back exactly {@code expected}. */
    static void readsBackExactly(Repository repo, Path project, Map<String, Path> expected) throws Exception {
        Path to = project.resolveSibling(project.getFileName() + "-restored-" + System.nanoTime());
        repo.restore().setTarget(to).call();
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            String path = e.getKey();
            byte[] want = Files.readAllBytes(e.getValue());
            assertThat(Files.readAllBytes(to.resolve(path))).as("restored " + path).isEqualTo(want);
            assertThat(TreeFixture.md5sum(to.resolve(path))).isEqualTo(TreeFixture.md5sum(e.getValue()));
            try (InputStream in = repo.openFile("HEAD", path)) {
                assertThat(in.readAllBytes()).as("openFile " + path).isEqualTo(want);
            }
            Random r = new Random(path.hashCode());
            try (SeekableFile f = repo.openSeekable("HEAD", path)) {
                assertThat(f.size()).isEqualTo(want.length);
                for (int i = 0; i < 6 && want.length > 0; i++) {
                    int from = r.nextInt(want.length);
                    int len = Math.min(want.length - from, 1 + r.nextInt(100_000));
                    ByteBuffer b = ByteBuffer.allocate(len);
                    while (b.hasRemaining()) {
                        f.read(from + b.position(), b);
                    }
                    assertThat(b.array()).as("bytes " + from + "+" + len + " of " + path)
                        .isEqualTo(java.util.Arrays.copyOfRange(want, from, from + len));
                }
            }
        }
        VerifyResult v = repo.verify().setReadData(true).call();
        assertThat(v.problems()).isEmpty();
        assertThat(repo.verify().call().problems()).isEmpty();
    }

    /** Copies the project's file aside (under {@code tmp}), as the original to compare with. */
    static Path keep(Path tmp, Path project, String path) throws Exception {
        Path copy = tmp.resolve("originals").resolve(path);
        Files.createDirectories(copy.getParent());
        Files.copy(project.resolve(path), copy);
        return copy;
    }

    @Test
    void gzipSixIsStoredByContentAndRestoredExactly() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.fastq(p.resolve("reads.fq"), 1, 2_000);
        GenomicsTools.sh(p, "gzip -6 reads.fq", "gzip");
        Path original = keep(tmp, p, "reads.fq.gz");
        try (Repository repo = smallChunks(p)) {
            repo.commit().setMessage("reads").call();
            long plain = storeBytes(p);
            RepackResult r = repo.repack().call();
            assertThat(r.converted()).isEqualTo(1);
            assertThat(r.rawFallbacks()).isZero();
            assertThat(r.recreated()).isEqualTo(r.members()).isEqualTo(1);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(rawChunksStored(repo, "reads.fq.gz")).as("gc dropped the file's own chunks").isFalse();
            assertThat(storeBytes(p)).isLessThan(plain);
            readsBackExactly(repo, p, Map.of("reads.fq.gz", original));
            assertThat(repo.repack().call().alreadyDeep()).as("a second run has nothing to do").isEqualTo(1);
        }
    }

    @Test
    void theFileIsWalkedFromTheStoreWithoutACopyOfIt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.fastq(p.resolve("reads.fq"), 3, 3_000);
        GenomicsTools.sh(p, "pigz -6 reads.fq", "pigz");
        long size = Files.size(p.resolve("reads.fq.gz"));
        Path scratch = p.resolve(".damnit/tmp");
        long[] most = {0};
        try (Repository repo = smallChunks(p)) {
            repo.commit().setMessage("reads").call();
            RepackOp.testHook = step -> {
                try (var s = Files.walk(Files.createDirectories(scratch))) {
                    most[0] = Math.max(most[0], s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            };
            try {
                assertThat(repo.repack().call().converted()).isEqualTo(1);
            } finally {
                RepackOp.testHook = Containerizer.Hook.NONE;
            }
        }
        assertThat(most[0]).as("bytes under .damnit/tmp during the conversion").isLessThan(size);
    }

    @Test
    void bgzfFromBgzipSamtoolsAndBcftoolsRecreatesEveryBlock() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.sam(p.resolve("a.sam"), 2, 6_000);
        GenomicsTools.vcf(p.resolve("c.vcf"), 3, 20_000, "");
        GenomicsTools.sh(p, "samtools view -b -o a.bam a.sam && bcftools view -Oz -o c.vcf.gz c.vcf"
            + " && bcftools view -Ob -o c.bcf c.vcf && bgzip -c c.vcf > b.vcf.gz && rm a.sam c.vcf",
            "samtools", "bcftools", "bgzip");
        Map<String, Path> originals = new LinkedHashMap<>();
        for (String f : new String[] {"a.bam", "c.vcf.gz", "c.bcf", "b.vcf.gz"}) {
            originals.put(f, keep(tmp, p, f));
        }
        try (Repository repo = smallChunks(p)) {
            repo.commit().setMessage("bgzf").call();
            RepackResult r = repo.repack().call();
            assertThat(r.converted()).isEqualTo(4);
            assertThat(r.rawFallbacks()).as("every block, the EOF block too, re-creates").isZero();
            assertThat(r.recreated()).isEqualTo(r.members()).isGreaterThan(8);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            for (String f : originals.keySet()) {
                assertThat(rawChunksStored(repo, f)).as(f).isFalse();
            }
            readsBackExactly(repo, p, originals);
        }
        // a read inside the BAM re-creates the blocks its chunk spans, not the file (a fresh repository
        // object: nothing decoded in its cache yet)
        try (Repository repo = Repository.open(p)) {
            RepoContext ctx = ((LocalRepository) repo).context();
            Node bam = entry(repo, "a.bam");
            try (ChunkedFile f = new ChunkedFile(ctx.chunks(), bam, "a.bam")) {
                f.read(bam.size() / 2, ByteBuffer.allocate(100));
                long blocks = ctx.chunks().containers().find(bam.sha256()).orElseThrow().memberCount();
                assertThat(f.membersRecreated()).isPositive().isLessThan(blocks / 2);
            }
        }
    }

    @Test
    void aSecondDeepRepackWritesNothing() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.sam(p.resolve("a.sam"), 4, 12_000);
        GenomicsTools.fastq(p.resolve("reads.fq"), 5, 6_000);
        GenomicsTools.sh(p, "samtools view -b -o a.bam a.sam && pigz -6 -c reads.fq > reads.fq.gz && rm reads.fq",
            "samtools", "pigz");
        try (Repository repo = smallChunks(p)) {
            repo.commit().setMessage("v1").call();
            repo.repack().call();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            // v2: the BAM re-made with a header of 400 KB (its first chunks, which the BAM codec does not win)
            // before its records (which it does), and a second alignment
            GenomicsTools.sam(p.resolve("b.sam"), 6, 12_000);
            GenomicsTools.sh(p, "(grep '^@' a.sam; seq 1 6000 | sed 's/^/@CO\\tprocessing step /;s/$/ of a long pipeline, logged/';"
                + " grep -v '^@' a.sam) | samtools view -b -o a.bam - && samtools view -b -o b.bam b.sam"
                + " && rm a.sam b.sam", "samtools");
            repo.commit().setMessage("v2").call();
            RepackResult first = repo.repack().call();
            assertThat(first.converted()).isEqualTo(2);
            assertThat(first.rawFallbacks()).isZero();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            long after = storeBytes(p);
            RepackResult second = repo.repack().call();
            assertThat(second.converted()).isZero();
            assertThat(second.recoded()).as("chunks the first run left to a later one").isZero();
            assertThat(second.bytesStored()).isZero();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(storeBytes(p)).isEqualTo(after);
        }
    }
}
