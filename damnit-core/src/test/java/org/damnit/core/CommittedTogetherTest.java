package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files committed together with {@code deepOnCommit} share: the BAM of a commit is coded against the FASTA
 * of the same commit, and the SAM that samtools exported from it against its records (codec 11), as when
 * they are committed one after another; a commit stopped at any step of it leaves a consistent repository
 * in which nothing names a chunk that is not stored, and a new commit completes it.
 */
class CommittedTogetherTest {
    @TempDir
    Path tmp;

    private static final long SEED = 5;
    private static final List<String> FILES = List.of("ref/genome.fa", "aln/a.bam", "export/a.sam", "reads/r.fq.gz");

    @AfterEach
    void noHook() {
        CommitOp.testHook = Containerizer.Hook.NONE;
    }

    /**
     * The fixture's genome as a FASTA file, the fixture's read pairs on it sorted into a BAM by samtools,
     * {@code samtools view -h} of that BAM, and a gzip -6 FASTQ; the originals kept aside under {@code tmp}.
     */
    private Map<String, Path> project(Path p) throws Exception {
        for (String d : List.of("ref", "aln", "export", "reads")) {
            Files.createDirectories(p.resolve(d));
        }
        String genome = ReadsFixture.bases(new Random(SEED), 20_000, false).replace('N', 'A'); // the SAM's
        StringBuilder fa = new StringBuilder(">chr1\n");
        for (int i = 0; i < genome.length(); i += 60) {
            fa.append(genome, i, Math.min(genome.length(), i + 60)).append('\n');
        }
        Files.writeString(p.resolve("ref/genome.fa"), fa, StandardCharsets.US_ASCII);
        Files.write(p.resolve("in.sam"), ReadsFixture.sam(SEED, 6_000, false));
        GenomicsTools.fastq(p.resolve("reads/r.fq"), SEED, 3_000);
        GenomicsTools.sh(p, "samtools sort -o aln/a.bam in.sam && rm in.sam && samtools view -h aln/a.bam > export/a.sam"
            + " && gzip -6 reads/r.fq", "samtools", "gzip");
        Map<String, Path> originals = new LinkedHashMap<>();
        for (String f : FILES) {
            Path copy = tmp.resolve("originals-" + p.getFileName()).resolve(f);
            Files.createDirectories(copy.getParent());
            Files.copy(p.resolve(f), copy);
            originals.put(f, copy);
        }
        return originals;
    }

    private static Repository repository(Path p) throws Exception {
        Repository.init(p).close();
        TreeFixture.setChunkSizes(p, 64 << 10, 256 << 10, 1 << 20);
        TreeFixture.setDeepOnCommit(p);
        TreeFixture.setFlag(p, "deltas", false); // every new chunk to its content codec
        return Repository.open(p);
    }

    /** How many of the committed file's chunks are stored through codec 11, of how many, and their records' bytes. */
    private static long[] fromBam(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        long[] n = new long[3];
        for (Node.Piece piece : DeepRepackTest.entry(repo, path).pieces()) {
            ChunkIndex.Location l = ctx.chunks().locate(piece.id()).orElseThrow();
            n[0] += l.codec() == SamFromBam.ID ? 1 : 0;
            n[1]++;
            n[2] += l.recordLength();
        }
        return n;
    }

    /** How many of the BAM's content chunks are coded against the reference (BAM codec, delta depth above 0). */
    private static int againstTheReference(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        Container c = ctx.chunks().containers().find(DeepRepackTest.entry(repo, path).sha256()).orElseThrow();
        int n = 0;
        for (Node.Piece piece : c.content().pieces()) {
            ChunkIndex.Location l = ctx.chunks().locate(piece.id()).orElseThrow();
            n += l.codec() == ChunkCodecs.BAM.id() && l.depth() > 0 ? 1 : 0;
        }
        return n;
    }

    /** Every chunk that a container in the store names is stored, whether a commit names the file or not. */
    private static void everyContainerIsComplete(Repository repo) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        ctx.chunks().containers().forget();
        for (ObjectId file : ctx.chunks().containers().list()) {
            Container c = ctx.chunks().containers().find(file).orElseThrow();
            for (Container.Stream s : List.of(c.content(), c.literals(), c.members())) {
                for (Node.Piece piece : s.pieces()) {
                    assertThat(ctx.chunks().locate(piece.id())).as("a chunk of the container of " + file).isPresent();
                }
            }
        }
    }

    @Test
    void aSamCommittedWithItsBamIsCodedAgainstItsRecordsAsInACommitOfItsOwn() throws Exception {
        Path together = tmp.resolve("together");
        Map<String, Path> originals = project(together);
        long samBytes = Files.size(together.resolve("export/a.sam"));
        long storedTogether;
        try (Repository repo = repository(together)) {
            assertThat(repo.commit().setMessage("reference, BAM, SAM export and reads").call().warnings()).isEmpty();
            long[] sam = fromBam(repo, "export/a.sam");
            assertThat(sam[0]).as("chunks of the SAM coded against the BAM's records").isEqualTo(sam[1]).isGreaterThan(3);
            assertThat(sam[2]).as("the SAM's records").isLessThan(samBytes / 200);
            assertThat(againstTheReference(repo, "aln/a.bam")).as("the BAM against the FASTA of its commit").isPositive();
            RepoContext ctx = ((LocalRepository) repo).context();
            assertThat(ctx.chunks().containers().list()).as("the BAM's and the FASTQ's containers")
                .contains(DeepRepackTest.entry(repo, "aln/a.bam").sha256(), DeepRepackTest.entry(repo, "reads/r.fq.gz").sha256());
            repo.gc().setGracePeriod(Duration.ZERO).call();
            DeepRepackTest.readsBackExactly(repo, together, originals);
            storedTogether = DeepRepackTest.storeBytes(together);
        }
        // the same files, the SAM committed after the others
        Path apart = tmp.resolve("apart");
        for (String f : FILES) {
            if (!f.endsWith(".sam")) {
                Files.createDirectories(apart.resolve(f).getParent());
                Files.copy(originals.get(f), apart.resolve(f));
            }
        }
        long storedApart;
        try (Repository repo = repository(apart)) {
            repo.commit().setMessage("reference, BAM and reads").call();
            Files.createDirectories(apart.resolve("export"));
            Files.copy(originals.get("export/a.sam"), apart.resolve("export/a.sam"));
            repo.commit().setMessage("SAM export").call();
            long[] sam = fromBam(repo, "export/a.sam");
            assertThat(sam[0]).isEqualTo(sam[1]);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            DeepRepackTest.readsBackExactly(repo, apart, originals);
            storedApart = DeepRepackTest.storeBytes(apart);
        }
        assertThat((double) storedTogether).as("one commit against two").isLessThan(storedApart * 1.02);
    }

    @Test
    void aSamCommittedWithItsReferenceAndNoBamIsCodedAgainstTheReference() throws Exception {
        Path p = tmp.resolve("p");
        Map<String, Path> originals = project(p);
        Files.delete(p.resolve("aln/a.bam"));
        Files.delete(p.resolve("reads/r.fq.gz"));
        try (Repository repo = repository(p)) {
            assertThat(repo.commit().setMessage("reference and SAM").call().warnings()).isEmpty();
            RepoContext ctx = ((LocalRepository) repo).context();
            int against = 0;
            int all = 0;
            for (Node.Piece piece : DeepRepackTest.entry(repo, "export/a.sam").pieces()) {
                ChunkIndex.Location l = ctx.chunks().locate(piece.id()).orElseThrow();
                against += l.codec() == ChunkCodecs.SAM.id() && l.depth() > 0 ? 1 : 0;
                all++;
            }
            assertThat(against).as("SAM chunks coded against the FASTA of their commit, of " + all).isGreaterThan(all / 2);
            DeepRepackTest.readsBackExactly(repo, p, Map.of("ref/genome.fa", originals.get("ref/genome.fa"),
                "export/a.sam", originals.get("export/a.sam")));
        }
    }

    @Test
    void aCommitStoppedAtAnyStepLeavesTheRepositoryConsistentAndANewOneCompletesIt() throws Exception {
        Path p = tmp.resolve("p");
        Map<String, Path> originals = project(p);
        Path aside = Files.createDirectories(tmp.resolve("aside"));
        for (String f : FILES.subList(1, FILES.size())) {
            Files.createDirectories(aside.resolve(f).getParent());
            Files.move(p.resolve(f), aside.resolve(f));
        }
        try (Repository repo = repository(p)) {
            ObjectId v1 = repo.commit().setMessage("the reference").call().commit().orElseThrow().id();
            for (String f : FILES.subList(1, FILES.size())) {
                Files.move(aside.resolve(f), p.resolve(f));
            }
            RepoContext ctx = ((LocalRepository) repo).context();
            // the first file given a container is the BAM, before the branch moves; the second the FASTQ, after
            for (int which = 1; which <= 2; which++) {
                for (Containerizer.Step step : Containerizer.Step.values()) {
                    resetTo(repo, v1);
                    AtomicInteger calls = new AtomicInteger();
                    int stopAt = which;
                    CommitOp.testHook = s -> {
                        if (s == step && calls.incrementAndGet() == stopAt) {
                            throw new IllegalStateException("stopped at " + s);
                        }
                    };
                    String what = "stopped at " + step + " of file " + which;
                    assertThatThrownBy(() -> repo.commit().setMessage("the rest").call()).as(what)
                        .hasMessageContaining("stopped at " + step);
                    CommitOp.testHook = Containerizer.Hook.NONE;
                    Optional<ObjectId> head = ctx.refs().head();
                    if (which == 1) {
                        assertThat(head).as(what + ": the branch has not moved").contains(v1);
                    } else {
                        assertThat(head).as(what + ": the branch has moved").isPresent().isNotEqualTo(Optional.of(v1));
                        long[] sam = fromBam(repo, "export/a.sam");
                        assertThat(sam[0]).as(what).isEqualTo(sam[1]);
                    }
                    everyContainerIsComplete(repo);
                    assertThat(repo.verify().setReadData(true).call().problems()).as(what).isEmpty();
                    repo.gc().setGracePeriod(Duration.ZERO).call(); // what the stopped commit left, nothing needed
                    everyContainerIsComplete(repo);
                    assertThat(repo.verify().setReadData(true).call().problems()).as(what).isEmpty();
                    if (which == 2) {
                        DeepRepackTest.readsBackExactly(repo, p, originals);
                    }
                }
            }
            resetTo(repo, v1);
            assertThat(repo.commit().setMessage("the rest").call().warnings()).isEmpty();
            long[] sam = fromBam(repo, "export/a.sam");
            assertThat(sam[0]).isEqualTo(sam[1]);
            assertThat(againstTheReference(repo, "aln/a.bam")).isPositive();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            DeepRepackTest.readsBackExactly(repo, p, originals);
        }
    }

    /** Commits in a child JVM; kills it with SIGKILL after {@code delayMs} (0: never); whether it finished. */
    private static boolean commitInChild(Path project, long delayMs) throws Exception {
        String jvm = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(jvm, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), "commit", project.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (delayMs > 0 && !child.waitFor(delayMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor();
            return false;
        }
        assertThat(child.waitFor()).as("an uninterrupted commit").isZero();
        return true;
    }

    @Test
    void sigkillDuringACommitOfABamAndItsSamLeavesTheRepositoryConsistentAndANewCommitCompletesIt() throws Exception {
        Path p = tmp.resolve("p");
        Map<String, Path> originals = project(p);
        Path aside = Files.createDirectories(tmp.resolve("aside"));
        for (String f : FILES.subList(1, FILES.size())) {
            Files.createDirectories(aside.resolve(f).getParent());
            Files.move(p.resolve(f), aside.resolve(f));
        }
        ObjectId v1;
        try (Repository repo = repository(p)) {
            v1 = repo.commit().setMessage("the reference").call().commit().orElseThrow().id();
        }
        for (String f : FILES.subList(1, FILES.size())) {
            Files.move(aside.resolve(f), p.resolve(f));
        }
        long t0 = System.nanoTime();
        commitInChild(TreeFixture.copyTree(p, tmp.resolve("timing")), 0);
        long whole = (System.nanoTime() - t0) / 1_000_000;
        Random r = new Random(23);
        int killed = 0;
        for (int i = 0; i < 3; i++) {
            Path run = TreeFixture.copyTree(p, tmp.resolve("run-" + i));
            long delay = 300 + r.nextInt((int) Math.max(1, whole - 300));
            killed += commitInChild(run, delay) ? 0 : 1;
            String what = "killed after " + delay + " ms of ~" + whole;
            try (Repository repo = Repository.open(run)) {
                RepoContext ctx = ((LocalRepository) repo).context();
                ObjectId head = ctx.refs().head().orElseThrow();
                everyContainerIsComplete(repo);
                assertThat(repo.verify().setReadData(true).call().problems()).as(what).isEmpty();
                repo.gc().setGracePeriod(Duration.ZERO).call(); // what the killed commit left, nothing needed
                everyContainerIsComplete(repo);
                repo.commit().setMessage("again").call();
                assertThat(head.equals(v1) || ctx.trees().readCommit(head).parents().contains(v1)).as(what).isTrue();
                long[] sam = fromBam(repo, "export/a.sam");
                assertThat(sam[0]).as(what).isEqualTo(sam[1]);
                repo.gc().setGracePeriod(Duration.ZERO).call();
                DeepRepackTest.readsBackExactly(repo, run, originals);
            }
        }
        assertThat(killed).as("commits killed before they finished").isPositive();
    }

    /**
     * Moves the branch back to {@code commit} (the work tree stays), forgets the stat cache and lets gc
     * delete what only later commits needed: the files are read and given their containers again.
     */
    private static void resetTo(Repository repo, ObjectId commit) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        Optional<ObjectId> head = ctx.refs().head();
        if (!head.orElseThrow().equals(commit)) {
            assertThat(ctx.refs().update("heads/" + ctx.refs().currentBranch(), head, commit)).isTrue();
        }
        Files.deleteIfExists(ctx.paths().statCache());
        repo.gc().setGracePeriod(Duration.ZERO).call();
        assertThat(ctx.chunks().containers().list()).isEmpty();
    }
}
