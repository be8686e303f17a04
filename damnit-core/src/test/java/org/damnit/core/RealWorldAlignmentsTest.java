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
        assertThat(byCodec.keySet()).as(name + ": chunks by codec " + byCodec).containsExactly(codec);
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

    /**
     * Commits {@code name} of the fixtures with deepOnCommit after the reference, restores, reads and
     * verifies it byte for byte and gives the codecs of its (content) chunks, a count each.
     */
    private Map<Integer, Integer> commitDeepAndRestore(String name) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.createDirectories(p.resolve("ref"));
        Files.copy(fixtures.resolve("genome.fa"), p.resolve("ref/genome.fa"));
        Repository.init(p).close();
        if (name.startsWith("long")) {
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
            Files.copy(fixtures.resolve(name), p.resolve(name));
            Path original = DeepRepackTest.keep(tmp, p, name);
            assertThat(repo.commit().setMessage(name).call().warnings()).as(name).isEmpty();

            RepoContext ctx = ((LocalRepository) repo).context();
            Optional<Container> container = ctx.chunks().containers().find(DeepRepackTest.entry(repo, name).sha256());
            boolean compressed = name.endsWith(".bam") || name.endsWith(".gz");
            assertThat(container.isPresent()).as(name + ": a container").isEqualTo(compressed);
            container.ifPresent(c -> assertThat(c.counts().rawFallbacks()).as(name + ": raw regions").isZero());
            List<ChunkIndex.Location> chunks = compressed ? TreeFixture.contentLocations(repo, name)
                : TreeFixture.locations(repo, name);
            Map<Integer, Integer> byCodec = new TreeMap<>();
            long stored = 0;
            for (ChunkIndex.Location l : chunks) {
                byCodec.merge(l.codec(), 1, Integer::sum);
                stored += l.recordLength();
            }
            byte[] content = compressed ? GenomicsTools.content(original) : Files.readAllBytes(original);
            long zstd = Zstd.compress(content, 19).length;
            System.out.printf("%-18s %9d bytes content, chunks by codec %s, stored %d = %.3fx zstd -19%n", name,
                content.length, byCodec, stored, (double) stored / zstd);

            DeepRepackTest.readsBackExactly(repo, p, Map.of(name, original));
            return byCodec;
        } finally {
            Containerizer.smallest = Containerizer.SMALLEST;
        }
    }
}
