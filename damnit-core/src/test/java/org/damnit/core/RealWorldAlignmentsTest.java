package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.damnit.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alignments and reads as real projects hold them (trimmed, unmapped, chimeric, secondary, long and
 * noisy, without qualities, odd tags, read groups, duplicates, of a CRAM, in name order, empty, CRLF,
 * wrapped FASTQ; see {@link RealWorldReads}), each committed with deepOnCommit after its reference:
 * restored, read and verified byte for byte, and its chunks taken by the codec of its kind.
 */
class RealWorldAlignmentsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path fixtures;

    @BeforeAll
    static void makeFixtures() throws Exception {
        fixtures = Files.createDirectories(shared.resolve("fixtures"));
        RealWorldReads.make(fixtures, 20);
    }

    static Stream<Arguments> files() {
        List<Arguments> out = new ArrayList<>();
        for (String f : RealWorldReads.BAMS) {
            // a header and no record is not worth modelling: zstd
            out.add(Arguments.of(f, f.equals("empty.bam") ? ChunkCodecs.ZSTD.id() : ChunkCodecs.BAM.id()));
        }
        for (String f : RealWorldReads.SAMS) {
            out.add(Arguments.of(f, ChunkCodecs.SAM.id()));
        }
        for (String f : RealWorldReads.FASTQS) {
            if (!f.equals("wrapped.fq")) {
                out.add(Arguments.of(f, ChunkCodecs.FASTQ.id()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void committedDeepAfterItsReferenceRestoresByteExactThroughItsCodec(String name, int codec) throws Exception {
        Map<Integer, Integer> byCodec = commitDeepAndRestore(name);
        if (name.equals("scaffolds.bam")) {
            // its header (400 KB) is the first chunks' bytes, which zstd takes; the records the BAM codec
            assertThat(byCodec.keySet()).as(name + ": chunks by codec " + byCodec)
                .containsExactly(ChunkCodecs.ZSTD.id(), codec);
            assertThat(byCodec.get(codec)).as(name + ": chunks by codec " + byCodec).isGreaterThan(4 * byCodec.get(1));
        } else {
            assertThat(byCodec.keySet()).as(name + ": chunks by codec " + byCodec).containsExactly(codec);
        }
    }

    /**
     * FASTQ whose sequence and quality lines are wrapped at 60 (as old tools wrote it) comes back byte for
     * byte, but the FASTQ codec models records of four lines only: its chunks are stored by zstd.
     */
    @Test
    void wrappedFastqRestoresByteExactThroughZstd() throws Exception {
        Map<Integer, Integer> byCodec = commitDeepAndRestore("wrapped.fq");
        assertThat(byCodec.keySet()).as("chunks by codec " + byCodec).containsExactly(ChunkCodecs.ZSTD.id());
    }

    /** A BAM, then a file made of it: SAM text samtools view printed (codec 11), the reads it was aligned from (codec 12). */
    static Stream<Arguments> ofStoredBams() {
        int sam = SamFromBam.ID;
        int fastq = FastqFromBam.ID;
        return Stream.of(
            Arguments.of("pe.bam", "pe.sam", sam),
            Arguments.of("tags.bam", "tags.sam", sam),
            Arguments.of("unmapped.bam", "unmapped.sam", sam),
            Arguments.of("chimeric.bam", "chimeric.sam", sam),
            Arguments.of("secondary.bam", "secondary.sam", sam),
            Arguments.of("groups.bam", "groups.sam", sam),
            Arguments.of("markdup.bam", "markdup.sam", sam),
            Arguments.of("fromcram.bam", "fromcram.sam", sam),
            Arguments.of("namesorted.bam", "namesorted.sam", sam),
            Arguments.of("pe.bam", "a1.fq.gz", fastq),
            Arguments.of("pe.bam", "a2.fq.gz", fastq),
            Arguments.of("trimmed.bam", "t1.fq.gz", fastq),
            Arguments.of("unmapped.bam", "p2.fq.gz", fastq),
            Arguments.of("chimeric.bam", "c1.fq.gz", fastq),
            Arguments.of("secondary.bam", "a1.fq.gz", fastq),
            Arguments.of("long.bam", "long.fq.gz", fastq),
            Arguments.of("markdup.bam", "d1.fq.gz", fastq),
            Arguments.of("namesorted.bam", "a1.fq.gz", fastq),
            Arguments.of("fromcram.bam", "a1.fq.gz", fastq),
            Arguments.of("illumina18.bam", "illumina18.fq.gz", fastq),
            Arguments.of("scaffolds.bam", "s1.fq.gz", fastq),
            Arguments.of("pe.bam", "noheader.sam", sam));
    }

    @ParameterizedTest(name = "{1} after {0}")
    @MethodSource("ofStoredBams")
    void aFileMadeOfAStoredBamIsCodedAgainstItsRecords(String bam, String name, int codec) throws Exception {
        Map<Integer, Integer> byCodec = commitDeepAndRestore(bam, name);
        if (codec == SamFromBam.ID) {
            // codec 11 finds the BAM by the keys of a chunk's lines its index keeps, one in 32 and a record
            // at least every 32 KiB of BAM content: a small chunk (these are of 16 KiB and more, 60 lines)
            // may have none and go to the SAM codec
            assertThat(byCodec.getOrDefault(SamFromBam.ID, 0)).as(name + ": chunks by codec " + byCodec)
                .isGreaterThanOrEqualTo(byCodec.values().stream().mapToInt(Integer::intValue).sum() - 1);
            assertThat(byCodec.keySet()).as(name + ": chunks by codec " + byCodec)
                .isSubsetOf(SamFromBam.ID, ChunkCodecs.SAM.id());
        } else {
            assertThat(byCodec.keySet()).as(name + ": chunks by codec " + byCodec).containsExactly(codec);
        }
    }

    /**
     * Long reads' SAM printed from a stored BAM: a line of a 5-30 kb read is 10-60 KB, so a chunk holds a
     * few dozen lines, often none of them among the one in 32 the BAM's index keeps. It also keeps a record
     * at least every 32 KiB of BAM content (so every record that long), so each of these chunks holds a kept
     * one's line.
     */
    @Test
    void longReadsSamMadeOfAStoredBamIsCodedAgainstItsRecords() throws Exception {
        Map<Integer, Integer> byCodec = commitDeepAndRestore("long.bam", "long.sam");
        assertThat(byCodec.keySet()).as("chunks by codec " + byCodec).containsExactly(SamFromBam.ID);
    }

    /**
     * R1 aligned alone (bwa mem of one FASTQ): bwa drops the names' {@code /1} and the records are not
     * flagged first of a pair (0x40); codec 12 still codes the reads against them.
     */
    @Test
    void readsAlignedAsSingleReadsAreCodedAgainstTheirRecords() throws Exception {
        Map<Integer, Integer> byCodec = commitDeepAndRestore("single.bam", "a1.fq.gz");
        assertThat(byCodec.keySet()).as("chunks by codec " + byCodec).containsExactly(FastqFromBam.ID);
    }

    /**
     * A BAM of a draft assembly's 8,000 scaffolds: its header (400 KB) is not whole in the file's first
     * chunk; the BAM codec reads it on over the chunks after, so the records' chunks are coded against the
     * reference: stored in well under what they take without it.
     */
    @Test
    void aBamWhoseHeaderSpansChunksIsCodedAgainstItsReference() throws Exception {
        long with = storedContent("scaffolds.fa", "scaffolds.bam", false);
        long without = storedContent("genome.fa", "scaffolds.bam", false);
        System.out.printf("scaffolds.bam content stored in %d bytes after its reference, %d after another%n", with, without);
        assertThat(with).as("stored with the reference, without it " + without).isLessThan(without * 9 / 10);
    }

    /**
     * The same BAM's decompressed content as a file of its own (no container): its chunks are read as a
     * plain file's, and the header's chunks, which the BAM codec declines, do not make it give up the file.
     */
    @Test
    void bamContentWhoseHeaderSpansChunksIsCodedAgainstItsReference() throws Exception {
        Path raw = fixtures.resolve("scaffolds.content");
        if (!Files.exists(raw)) {
            Files.write(raw, GenomicsTools.content(fixtures.resolve("scaffolds.bam")));
        }
        long with = storedContent("scaffolds.fa", "scaffolds.content", true);
        long without = storedContent("genome.fa", "scaffolds.content", true);
        System.out.printf("scaffolds.bam's content as a file stored in %d bytes after its reference, %d after another%n",
            with, without);
        assertThat(with).as("stored with the reference, without it " + without).isLessThan(without * 9 / 10);
    }

    /**
     * The SAM text of that BAM: its header (640 KB of @SQ lines) is not whole in the first chunk either; the
     * SAM codec reads the lines on over the chunks after, and the records' chunks are coded against the
     * reference.
     */
    @Test
    void aSamWhoseHeaderSpansChunksIsCodedAgainstItsReference() throws Exception {
        long with = storedContent("scaffolds.fa", "scaffolds.sam", true, ChunkCodecs.SAM.id());
        long without = storedContent("genome.fa", "scaffolds.sam", true, ChunkCodecs.SAM.id());
        System.out.printf("scaffolds.sam stored in %d bytes after its reference, %d after another%n", with, without);
        assertThat(with).as("stored with the reference, without it " + without).isLessThan(without * 9 / 10);
    }

    private long storedContent(String reference, String bam, boolean plain) throws Exception {
        return storedContent(reference, bam, plain, ChunkCodecs.BAM.id());
    }

    /**
     * The same BAM committed plain and given its deep form by {@code repack} (the container's content read
     * from the store, not from the file): its records' chunks are coded against the reference too.
     */
    @Test
    void aRepackOfABamWhoseHeaderSpansChunksCodesItAgainstItsReference() throws Exception {
        long with = repackedContent("scaffolds.fa");
        long without = repackedContent("genome.fa");
        System.out.printf("scaffolds.bam content repacked deep in %d bytes after its reference, %d after another%n",
            with, without);
        assertThat(with).as("stored with the reference, without it " + without).isLessThan(without * 9 / 10);
    }

    /** The bytes of scaffolds.bam's content chunks after a plain commit after {@code reference} and a deep repack. */
    private long repackedContent(String reference) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("r-" + reference));
        Files.createDirectories(p.resolve("ref"));
        Files.copy(fixtures.resolve(reference), p.resolve("ref").resolve(reference));
        Repository.init(p).close();
        TreeFixture.setChunkSizes(p, 16 << 10, 64 << 10, 256 << 10);
        TreeFixture.setFlag(p, "deltas", false);
        try (Repository repo = Repository.open(p)) {
            repo.commit().setMessage("the reference").call();
            Files.copy(fixtures.resolve("scaffolds.bam"), p.resolve("scaffolds.bam"));
            repo.commit().setMessage("the BAM").call();
            assertThat(repo.repack().call().converted()).isEqualTo(1);
            List<ChunkIndex.Location> chunks = TreeFixture.contentLocations(repo, "scaffolds.bam");
            assertThat(chunks).anyMatch(l -> l.codec() == ChunkCodecs.BAM.id());
            DeepRepackTest.readsBackExactly(repo, p, Map.of("scaffolds.bam", fixtures.resolve("scaffolds.bam")));
            return chunks.stream().mapToLong(ChunkIndex.Location::recordLength).sum();
        }
    }

    /**
     * The bytes of {@code file}'s content chunks (its chunks, if {@code plain}: a file of BAM content or SAM)
     * committed deep (16 to 256 KiB chunks) after {@code reference}; some of them of {@code codec}.
     */
    private long storedContent(String reference, String bam, boolean plain, int codec) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("s-" + reference));
        Files.createDirectories(p.resolve("ref"));
        Files.copy(fixtures.resolve(reference), p.resolve("ref").resolve(reference));
        Repository.init(p).close();
        TreeFixture.setChunkSizes(p, 16 << 10, 64 << 10, 256 << 10);
        TreeFixture.setDeepOnCommit(p);
        TreeFixture.setFlag(p, "deltas", false);
        try (Repository repo = Repository.open(p)) {
            repo.commit().setMessage("the reference").call();
            Files.copy(fixtures.resolve(bam), p.resolve(bam));
            repo.commit().setMessage(bam).call();
            List<ChunkIndex.Location> chunks = plain ? TreeFixture.locations(repo, bam)
                : TreeFixture.contentLocations(repo, bam);
            assertThat(chunks).as(bam + ": chunks of codec " + codec).anyMatch(l -> l.codec() == codec);
            return chunks.stream().mapToLong(ChunkIndex.Location::recordLength).sum();
        }
    }

    /**
     * Commits {@code names} of the fixtures with deepOnCommit after the reference, one commit each, restores,
     * reads and verifies them byte for byte and gives the codecs of the last one's (content) chunks, a count each.
     */
    private Map<Integer, Integer> commitDeepAndRestore(String... names) throws Exception {
        String name = names[names.length - 1];
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.createDirectories(p.resolve("ref"));
        String reference = names[0].startsWith("scaffolds") ? "scaffolds.fa" : "genome.fa";
        Files.copy(fixtures.resolve(reference), p.resolve("ref").resolve(reference));
        Repository.init(p).close();
        if (names[0].startsWith("long")) {
            // records of up to 30 kb (60 KB in a BAM): chunks that hold whole ones
            TreeFixture.setChunkSizes(p, 64 << 10, 256 << 10, 1 << 20);
        } else {
            TreeFixture.setChunkSizes(p, 16 << 10, 64 << 10, 256 << 10);
        }
        TreeFixture.setDeepOnCommit(p);
        TreeFixture.setFlag(p, "deltas", false);
        Containerizer.smallest = 0; // the empty BAM too
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.commit().setMessage("the reference").call().warnings()).isEmpty();
            Map<String, Path> originals = new java.util.LinkedHashMap<>();
            for (String n : names) {
                Files.copy(fixtures.resolve(n), p.resolve(n));
                originals.put(n, DeepRepackTest.keep(tmp, p, n));
                assertThat(repo.commit().setMessage(n).call().warnings()).as(n).isEmpty();
            }
            Path original = originals.get(name);

            RepoContext ctx = ((LocalRepository) repo).context();
            Optional<Container> container = ctx.chunks().containers().find(DeepRepackTest.entry(repo, name).sha256());
            boolean compressed = name.endsWith(".bam") || name.endsWith(".gz");
            assertThat(container.isPresent()).as(name + ": a container").isEqualTo(compressed);
            container.ifPresent(c -> assertThat(c.counts().rawFallbacks()).as(name + ": raw regions").isZero());
            List<ChunkIndex.Location> chunks = compressed ? TreeFixture.contentLocations(repo, name)
                : TreeFixture.locations(repo, name);
            Map<Integer, Integer> byCodec = new TreeMap<>();
            StringBuilder order = new StringBuilder();
            long stored = 0;
            for (ChunkIndex.Location l : chunks) {
                byCodec.merge(l.codec(), 1, Integer::sum);
                order.append(' ').append(l.codec()).append(':').append(l.rawLength());
                stored += l.recordLength();
            }
            byte[] content = compressed ? GenomicsTools.content(original) : Files.readAllBytes(original);
            long zstd = Zstd.compress(content, 19).length;
            System.out.printf("%-18s %9d bytes content, chunks by codec %s, stored %d = %.3fx zstd -19;%s%n", name,
                content.length, byCodec, stored, (double) stored / zstd, order);

            DeepRepackTest.readsBackExactly(repo, p, originals);
            return byCodec;
        } finally {
            Containerizer.smallest = Containerizer.SMALLEST;
        }
    }
}
