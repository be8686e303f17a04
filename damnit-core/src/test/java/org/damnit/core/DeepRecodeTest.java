package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.damnit.RepackResult;
import org.damnit.Repository;
import org.damnit.testkit.Samtools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deep repack of files no container holds: a plain commit stores tables and reads with zstd; the
 * repack stores their chunks again through their content codec (same chunk ids), gc keeps only the
 * shorter record, the files read back byte for byte, and a second run writes nothing. A gzip'd FASTQ's
 * decompressed content goes through the FASTQ codec too.
 */
class DeepRecodeTest {
    @TempDir
    Path tmp;

    /** How many records each codec has in the pack indexes on disk. */
    static Map<Integer, Integer> codecsInPackIndexes(Path project) throws Exception {
        Map<Integer, Integer> counts = new HashMap<>();
        try (Stream<Path> files = Files.walk(project.resolve(".damnit/store/objects/index"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] b = Files.readAllBytes(f);
                int n = ByteBuffer.wrap(b, 40, 4).getInt();
                for (int i = 0; i < n; i++) {
                    counts.merge(b[44 + 84 * i + 48] & 0xFF, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void plainTablesAndReadsAreStoredAgainThroughTheirCodecsAndGcKeepsOnlyThatForm() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.write(p.resolve("depth.tsv"), TableCodecTest.depthTable(5, 300_000));
        Files.write(p.resolve("reads.fq"), ReadsFixture.fastq(3, 3_000, false));
        Files.write(p.resolve("aln.sam"), ReadsFixture.sam(4, 1_500, false));
        TreeFixture.writeRandom(p, "noise.bin", 20_000, 9); // a raw record the old pack keeps: it is repacked
        Map<String, Path> originals = new LinkedHashMap<>();
        for (String f : List.of("depth.tsv", "reads.fq", "aln.sam", "noise.bin")) {
            originals.put(f, DeepRepackTest.keep(tmp, p, f));
        }
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("plain").call();
            Map<Integer, Integer> before = codecsInPackIndexes(p);
            assertThat(before.keySet()).as("a plain commit uses no content codec")
                .doesNotContain(ChunkCodecs.TABLE.id(), ChunkCodecs.FASTQ.id(), ChunkCodecs.SAM.id());
            long plainBytes = DeepRepackTest.storeBytes(p);

            RepackResult r = repo.repack().call();
            assertThat(r.recoded()).isPositive();
            assertThat(r.converted()).isZero();
            Map<Integer, Integer> after = codecsInPackIndexes(p);
            for (ContentCodec c : List.of(ChunkCodecs.TABLE, ChunkCodecs.FASTQ, ChunkCodecs.SAM)) {
                assertThat(after.getOrDefault(c.id(), 0)).as(c.name()).isPositive();
            }
            DeepRepackTest.readsBackExactly(repo, p, originals); // both records stored: either serves

            assertThat(repo.gc().setGracePeriod(Duration.ZERO).call().packsRepacked()).as("the old records' pack")
                .isEqualTo(1);
            Map<Integer, Integer> collected = codecsInPackIndexes(p);
            int records = collected.values().stream().mapToInt(Integer::intValue).sum();
            int chunks = distinctChunks(repo);
            assertThat(records).as("one record per chunk after gc: the old ones' pack went").isEqualTo(chunks);
            RepoContext ctx = ((LocalRepository) repo).context();
            for (Node n : ctx.trees().flatten(ctx.trees().readCommit(ctx.refs().head().orElseThrow()).tree()).values()) {
                for (Node.Piece piece : n.name().equals("noise.bin") ? List.<Node.Piece>of() : n.pieces()) {
                    assertThat(ChunkCodecs.byId(ctx.chunks().locate(piece.id()).orElseThrow().codec()))
                        .as("a chunk of " + n.name()).isInstanceOf(ContentCodec.class);
                }
            }
            assertThat(DeepRepackTest.storeBytes(p)).isLessThan(plainBytes);
            DeepRepackTest.readsBackExactly(repo, p, originals);

            RepackResult again = repo.repack().call();
            assertThat(again.recoded()).as("a second run").isZero();
            assertThat(again.bytesStored()).isZero();
        }
        // a new process, with the chunk index rebuilt from the store, reads the codec records
        deleteRecursively(p.resolve(".damnit/cache"));
        try (Repository repo = Repository.open(p)) {
            DeepRepackTest.readsBackExactly(repo, p, originals);
            assertThat(repo.repack().call().recoded()).isZero();
        }
    }

    @Test
    void aGzipFastqsContentGoesThroughTheFastqCodec() throws Exception {
        Samtools.require();
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.write(p.resolve("reads.fq"), ReadsFixture.fastq(5, 6_000, false));
        GenomicsTools.sh(p, "gzip -6 reads.fq", "gzip");
        Path original = DeepRepackTest.keep(tmp, p, "reads.fq.gz");
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("reads").call();
            RepackResult r = repo.repack().call();
            assertThat(r.converted()).isEqualTo(1);
            assertThat(r.rawFallbacks()).isZero();
            assertThat(codecsInPackIndexes(p).getOrDefault(ChunkCodecs.FASTQ.id(), 0)).isPositive();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            DeepRepackTest.readsBackExactly(repo, p, Map.of("reads.fq.gz", original));
            RepackResult again = repo.repack().call();
            assertThat(again.recoded()).isZero();
            assertThat(again.bytesStored()).isZero();
        }
    }

    @Test
    void withContentCodecsOffTheRepackLeavesPlainFilesAsTheyAre() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.write(p.resolve("depth.tsv"), TableCodecTest.depthTable(5, 100_000));
        Repository.init(p).close();
        TreeFixture.setFlag(p, "contentCodecs", false);
        try (Repository repo = Repository.open(p)) {
            repo.commit().setMessage("plain").call();
            assertThat(repo.repack().call().recoded()).isZero();
            assertThat(codecsInPackIndexes(p)).doesNotContainKey(ChunkCodecs.TABLE.id());
        }
    }

    private static int distinctChunks(Repository repo) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        java.util.Set<org.damnit.ObjectId> ids = new java.util.HashSet<>();
        for (Node n : ctx.trees().flatten(ctx.trees().readCommit(ctx.refs().head().orElseThrow()).tree()).values()) {
            if (n.type() == org.damnit.EntryType.FILE) {
                n.pieces().forEach(x -> ids.add(x.id()));
            }
        }
        return ids.size();
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
