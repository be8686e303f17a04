package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.damnit.CorruptObjectException;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FASTQ.gz reads that bwa mem and samtools sort made a stored BAM of, coded against that BAM's records
 * (codec 12) at a few bytes a read: R1 and R2, reads no BAM holds, restore, verify, gc, push and clone,
 * a damaged payload and a damaged record cache.
 */
class FastqFromBamTest {
    @TempDir
    Path tmp;

    /**
     * In {@code dir}: a random genome, wgsim pairs of it gzipped by pigz ({@code r1.fastq.gz}, {@code
     * r2.fastq.gz}), and {@code a.bam} of them by bwa mem and samtools sort.
     */
    private static void reads(Path dir, long seed, int pairs) throws Exception {
        Random r = new Random(seed);
        StringBuilder g = new StringBuilder(">chr1\n");
        for (int i = 0; i < 80_000; i++) {
            g.append("ACGT".charAt(r.nextInt(4)));
            if (i % 60 == 59) {
                g.append('\n');
            }
        }
        Path work = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-work"));
        Files.writeString(work.resolve("g.fa"), g.append('\n').toString());
        GenomicsTools.sh(work, String.join(" && ",
            "wgsim -S " + seed + " -N " + pairs + " -1 150 -2 150 -e 0.005 g.fa r1.fq r2.fq > /dev/null 2>&1",
            "bwa index g.fa 2>/dev/null",
            "bwa mem -t 1 g.fa r1.fq r2.fq 2>/dev/null | samtools sort -o " + dir.resolve("a.bam") + " - 2>/dev/null"),
            "wgsim", "bwa", "samtools");
        // R1 as the sequencer gave it; R2 with reads of another genome (no BAM holds them) in the middle
        Random o = new Random(seed + 1);
        StringBuilder other = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            other.append("@other").append(i).append("/2\n");
            StringBuilder q = new StringBuilder();
            for (int j = 0; j < 150; j++) {
                other.append("ACGT".charAt(o.nextInt(4)));
                q.append((char) ('5' + o.nextInt(9)));
            }
            other.append("\n+\n").append(q).append('\n');
        }
        List<String> r2 = Files.readAllLines(work.resolve("r2.fq"));
        int half = r2.size() / 8 * 4;
        Files.writeString(work.resolve("r2x.fq"), String.join("\n", r2.subList(0, half)) + "\n" + other
            + String.join("\n", r2.subList(half, r2.size())) + "\n");
        GenomicsTools.sh(work, "pigz -6 -n -c r1.fq > " + dir.resolve("r1.fastq.gz") + " && pigz -6 -n -c r2x.fq > "
            + dir.resolve("r2.fastq.gz"), "pigz");
    }

    private static Repository repository(Path p) throws Exception {
        return TreeFixture.codecRepository(p);
    }

    /** The content chunks of a file's container coded by codec 12, and all of them. */
    private static long[] fromBam(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        Node n = DeepRepackTest.entry(repo, path);
        Container c = ctx.chunks().containers().find(n.sha256()).orElseThrow();
        long k = 0;
        long all = 0;
        for (Node.Piece piece : c.content().pieces()) {
            k += ctx.chunks().locate(piece.id()).orElseThrow().codec() == FastqFromBam.ID ? 1 : 0;
            all++;
        }
        return new long[] {k, all};
    }

    @Test
    void readsOfAStoredBamCostAFewBytesEach() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 5, 6_000);
        Map<String, Path> expected = new LinkedHashMap<>();
        expected.put("a.bam", DeepRepackTest.keep(tmp, p, "a.bam"));
        Path gzs = Files.createDirectories(tmp.resolve("later"));
        Files.move(p.resolve("r1.fastq.gz"), gzs.resolve("r1.fastq.gz"));
        Files.move(p.resolve("r2.fastq.gz"), gzs.resolve("r2.fastq.gz"));
        long fastqOnly;
        try (Repository repo = repository(Files.createDirectories(tmp.resolve("q")))) {
            // the FASTQ codec alone: the same files in a repository without the BAM
            Files.copy(gzs.resolve("r1.fastq.gz"), tmp.resolve("q/r1.fastq.gz"));
            Files.copy(gzs.resolve("r2.fastq.gz"), tmp.resolve("q/r2.fastq.gz"));
            long before = DeepRepackTest.storeBytes(tmp.resolve("q"));
            repo.commit().setMessage("the reads").call();
            repo.gc().setGracePeriod(Duration.ZERO).call(); // the gzip files' own chunks, stored before their content
            fastqOnly = DeepRepackTest.storeBytes(tmp.resolve("q")) - before;
            assertThat(fromBam(repo, "r1.fastq.gz")[0]).isZero();
        }
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            long before = DeepRepackTest.storeBytes(p);
            Files.copy(gzs.resolve("r1.fastq.gz"), p.resolve("r1.fastq.gz"));
            Files.copy(gzs.resolve("r2.fastq.gz"), p.resolve("r2.fastq.gz"));
            expected.put("r1.fastq.gz", DeepRepackTest.keep(tmp, p, "r1.fastq.gz"));
            expected.put("r2.fastq.gz", DeepRepackTest.keep(tmp, p, "r2.fastq.gz"));
            assertThat(repo.commit().setMessage("the reads").call().warnings()).isEmpty();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            long added = DeepRepackTest.storeBytes(p) - before;
            long[] c1 = fromBam(repo, "r1.fastq.gz");
            assertThat(c1[0]).as("R1: chunks coded against the BAM").isEqualTo(c1[1]).isGreaterThan(3);
            long[] c2 = fromBam(repo, "r2.fastq.gz"); // but where the reads of another genome are most of a chunk
            assertThat(c2[0]).as("R2: chunks coded against the BAM").isGreaterThanOrEqualTo(c2[1] - 1).isGreaterThan(3);
            // 12,300 reads: a few bytes each (with the gzip members' container) against ~69 through the FASTQ codec
            assertThat(added).as("bytes the reads added").isLessThan(fastqOnly / 5);
            System.out.println("FASTQ from BAM: " + added + " bytes added, the FASTQ codec alone " + fastqOnly);
            DeepRepackTest.readsBackExactly(repo, p, expected);
        }
        // another process, with the record cache gone, then damaged: rebuilt, the reads still come back
        Path records = p.resolve(".damnit/cache/fqbam/records");
        assertThat(records).isDirectory();
        deleteAll(records);
        try (Repository repo = Repository.open(p)) {
            try (InputStream in = repo.openFile("HEAD", "r1.fastq.gz")) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(expected.get("r1.fastq.gz")));
            }
        }
        int damaged = 0;
        try (var files = Files.list(records)) {
            for (Path f : files.toList()) {
                byte[] b = Files.readAllBytes(f);
                if (b.length > 4000) {
                    b[b.length - 1000] ^= 0x5A; // a base or a quality of some record
                    Files.write(f, b);
                    damaged++;
                }
            }
        }
        assertThat(damaged).isPositive();
        try (Repository repo = Repository.open(p)) {
            Path to = tmp.resolve("restored");
            repo.restore().setTarget(to).call();
            for (String f : List.of("r1.fastq.gz", "r2.fastq.gz")) {
                assertThat(Files.readAllBytes(to.resolve(f))).isEqualTo(Files.readAllBytes(expected.get(f)));
            }
        }
        // a damaged name index is rebuilt: a later commit of the reads still finds the BAM
        Path index;
        try (var files = Files.list(p.resolve(".damnit/cache/fqbam/index"))) {
            index = files.filter(f -> !f.toString().endsWith(".tmp")).findFirst().orElseThrow();
        }
        byte[] good = Files.readAllBytes(index);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(index, bad);
        try (Repository repo = Repository.open(p)) {
            GenomicsTools.sh(p, "zcat r1.fastq.gz | head -4000 | gzip -1 -n > part.fastq.gz", "gzip");
            Path part = DeepRepackTest.keep(tmp, p, "part.fastq.gz");
            repo.commit().setMessage("a part").call();
            long[] c = fromBam(repo, "part.fastq.gz");
            assertThat(c[0]).isEqualTo(c[1]);
            assertThat(Files.readAllBytes(index)).as("rebuilt").isEqualTo(good);
            DeepRepackTest.readsBackExactly(repo, p, Map.of("part.fastq.gz", part));
        }
    }

    @Test
    void aChunkWhoseCheckByDecodeFailsIsCodedByTheFastqCodec() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 11, 3_000);
        Path r1 = tmp.resolve("r1.fastq.gz");
        Files.move(p.resolve("r1.fastq.gz"), r1);
        Files.delete(p.resolve("r2.fastq.gz"));
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            Files.copy(r1, p.resolve("r1.fastq.gz"));
            Path kept = DeepRepackTest.keep(tmp, p, "r1.fastq.gz");
            FastqFromBam.failChecks = true; // every codec 12 encoding fails its check by decode
            try {
                repo.commit().setMessage("the reads").call();
            } finally {
                FastqFromBam.failChecks = false;
            }
            RepoContext ctx = ((LocalRepository) repo).context();
            Container c = ctx.chunks().containers().find(DeepRepackTest.entry(repo, "r1.fastq.gz").sha256()).orElseThrow();
            assertThat(c.content().pieces()).isNotEmpty();
            for (Node.Piece piece : c.content().pieces()) {
                assertThat(ctx.chunks().locate(piece.id()).orElseThrow().codec()).as("the FASTQ codec")
                    .isEqualTo(ChunkCodecs.FASTQ.id());
            }
            DeepRepackTest.readsBackExactly(repo, p, Map.of("r1.fastq.gz", kept));
        }
    }

    private static void deleteAll(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void gcKeepsTheBamContentTheReadsNeedAndPushAndCloneCarryIt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 9, 3_000);
        Path r1 = tmp.resolve("r1.fastq.gz");
        Files.move(p.resolve("r1.fastq.gz"), r1);
        Files.delete(p.resolve("r2.fastq.gz"));
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            Files.copy(r1, p.resolve("r1.fastq.gz"));
            repo.commit().setMessage("the reads").call();
            assertThat(fromBam(repo, "r1.fastq.gz")[0]).isPositive();
            Files.delete(p.resolve("a.bam"));
            repo.commit().setMessage("the BAM gone").call();
            TreeFixture.squashToARoot(repo);
            repo.gc().setGracePeriod(Duration.ZERO).call();
            deleteAll(p.resolve(".damnit/cache/fqbam/records")); // read back from the BAM chunks gc kept
            DeepRepackTest.readsBackExactly(repo, p, Map.of("r1.fastq.gz", r1));
            repo.addRemote("origin", tmp.resolve("remote").toUri());
            repo.push().call();
        }
        try (Repository clone = Repository.cloneFrom(tmp.resolve("remote").toUri(), tmp.resolve("clone"))) {
            assertThat(Files.readAllBytes(tmp.resolve("clone/r1.fastq.gz"))).isEqualTo(Files.readAllBytes(r1));
            assertThat(clone.verify().setReadData(true).call().problems()).isEmpty();
        }
    }

    @Test
    void readsCommittedWithTheirBamAreCodedAgainstIt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 17, 3_000);
        GenomicsTools.sh(p, "zcat r2.fastq.gz > r2.fq", "gzip"); // a plain FASTQ too
        Map<String, Path> expected = new LinkedHashMap<>();
        for (String f : List.of("a.bam", "r1.fastq.gz", "r2.fastq.gz", "r2.fq")) {
            expected.put(f, DeepRepackTest.keep(tmp, p, f));
        }
        try (Repository repo = repository(p)) {
            assertThat(repo.commit().setMessage("the reads and their BAM").call().warnings()).isEmpty();
            long[] c = fromBam(repo, "r1.fastq.gz");
            assertThat(c[0]).as("R1: chunks coded against the BAM of the same commit").isEqualTo(c[1]).isPositive();
            RepoContext ctx = ((LocalRepository) repo).context();
            long plain = 0;
            for (Node.Piece piece : DeepRepackTest.entry(repo, "r2.fq").pieces()) {
                plain += ctx.chunks().locate(piece.id()).orElseThrow().codec() == FastqFromBam.ID ? 1 : 0;
            }
            assertThat(plain).as("chunks of the plain FASTQ coded against the BAM").isPositive();
            DeepRepackTest.readsBackExactly(repo, p, expected);
        }
    }

    @Test
    void readsOfABamOfMoreRecordsThanARunAreCodedAgainstItWhole() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 19, 3_000);
        Map<String, Path> expected = new LinkedHashMap<>();
        for (String f : List.of("a.bam", "r1.fastq.gz", "r2.fastq.gz")) {
            expected.put(f, DeepRepackTest.keep(tmp, p, f));
        }
        System.setProperty("damnit.fqbam.runEntries", "500"); // 6,000 primary records: 12 runs merged
        try (Repository repo = repository(p)) {
            assertThat(repo.commit().setMessage("the reads and their BAM").call().warnings()).isEmpty();
            for (String f : List.of("r1.fastq.gz", "r2.fastq.gz")) {
                long[] c = fromBam(repo, f);
                assertThat(c[0]).as(f + ": every chunk coded against the BAM").isEqualTo(c[1]).isPositive();
            }
            try (var index = Files.list(p.resolve(".damnit/cache/fqbam/index"))) {
                List<Path> files = index.toList();
                assertThat(files).hasSize(1);
                long entries = (Files.size(files.get(0)) - 16 - 41L * fromBam(repo, "a.bam")[1] - 4) / 16;
                assertThat(entries).as("every primary record of the BAM indexed").isEqualTo(6_000);
            }
            DeepRepackTest.readsBackExactly(repo, p, expected);
        } finally {
            System.clearProperty("damnit.fqbam.runEntries");
        }
    }

    @Test
    void readsOfABamLargerThanHalfTheRecordCacheStayWithTheFastqCodec() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 23, 1_500);
        Map<String, Path> expected = new LinkedHashMap<>();
        for (String f : List.of("a.bam", "r1.fastq.gz")) {
            expected.put(f, DeepRepackTest.keep(tmp, p, f));
        }
        Files.delete(p.resolve("r2.fastq.gz"));
        System.setProperty("damnit.fqbam.cacheBytes", "600000"); // the BAM's content is about 1 MB
        try (Repository repo = repository(p)) {
            assertThat(repo.commit().setMessage("the reads and their BAM").call().warnings()).isEmpty();
            assertThat(fromBam(repo, "r1.fastq.gz")[0]).as("chunks coded against the BAM").isZero();
            assertThat(p.resolve(".damnit/cache/fqbam/index")).as("no index built").doesNotExist();
            assertThat(p.resolve(".damnit/cache/fqbam/records")).as("no records cached").doesNotExist();
            DeepRepackTest.readsBackExactly(repo, p, expected);
        } finally {
            System.clearProperty("damnit.fqbam.cacheBytes");
        }
    }

    @Test
    void readsNamedLikeAnotherSamplesAreCodedAgainstTheirOwnBam() throws Exception {
        // two samples of one genome whose reads are numbered alike, as simulators name them: a read's
        // name and mate are in both BAMs, its bases and qualities only in its own
        Path p = Files.createDirectories(tmp.resolve("p"));
        Random r = new Random(31);
        StringBuilder g = new StringBuilder(">chr1\n");
        for (int i = 0; i < 80_000; i++) {
            g.append("ACGT".charAt(r.nextInt(4)));
            if (i % 60 == 59) {
                g.append('\n');
            }
        }
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("g.fa"), g.append('\n').toString());
        List<String> steps = new ArrayList<>(List.of("bwa index g.fa 2>/dev/null"));
        for (String s : List.of("a", "b")) {
            steps.add("wgsim -S " + (s.equals("a") ? 32 : 33) + " -N 2500 -1 150 -2 150 -e 0.005 g.fa " + s + "1.fq "
                + s + "2.fq > /dev/null 2>&1");
            for (int m = 1; m <= 2; m++) {
                steps.add("awk '{ if (NR % 4 == 1) { n++; print \"@read\" n \"/" + m + "\" } else print }' " + s + m
                    + ".fq > " + s + m + "n.fq");
                steps.add("pigz -6 -n -c " + s + m + "n.fq > " + p.resolve(s + "_" + m + ".fastq.gz"));
            }
            steps.add("bwa mem -t 1 g.fa " + s + "1n.fq " + s + "2n.fq 2>/dev/null | samtools sort -o "
                + p.resolve(s + ".bam") + " - 2>/dev/null");
        }
        GenomicsTools.sh(work, String.join(" && ", steps), "wgsim", "bwa", "samtools", "pigz");
        Map<String, Path> expected = new LinkedHashMap<>();
        for (String f : List.of("a.bam", "b.bam", "a_1.fastq.gz", "a_2.fastq.gz", "b_1.fastq.gz", "b_2.fastq.gz")) {
            expected.put(f, DeepRepackTest.keep(tmp, p, f));
        }
        try (Repository repo = repository(p)) {
            assertThat(repo.commit().setMessage("two samples").call().warnings()).isEmpty();
            for (String f : List.of("a_1.fastq.gz", "a_2.fastq.gz", "b_1.fastq.gz", "b_2.fastq.gz")) {
                long[] c = fromBam(repo, f);
                assertThat(c[0]).as(f + ": chunks coded against its own sample's BAM").isEqualTo(c[1]).isPositive();
            }
            DeepRepackTest.readsBackExactly(repo, p, expected);
        }
    }

    @Test
    void readsOfNoStoredBamStayWithTheFastqCodec() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 11, 2_000);
        Path other = Files.createDirectories(tmp.resolve("other"));
        reads(other, 12, 2_000);
        Files.delete(p.resolve("r1.fastq.gz"));
        Files.delete(p.resolve("r2.fastq.gz"));
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            Files.copy(other.resolve("r1.fastq.gz"), p.resolve("o.fastq.gz"));
            Path keep = DeepRepackTest.keep(tmp, p, "o.fastq.gz");
            repo.commit().setMessage("another sample's reads").call();
            assertThat(fromBam(repo, "o.fastq.gz")[0]).isZero();
            DeepRepackTest.readsBackExactly(repo, p, Map.of("o.fastq.gz", keep));
        }
    }

    @Test
    void aDamagedPayloadIsCorruptionOrGarbageOfItsLength() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        reads(p, 31, 2_000);
        Path r1 = tmp.resolve("r1.fastq.gz");
        Files.move(p.resolve("r1.fastq.gz"), r1);
        Files.delete(p.resolve("r2.fastq.gz"));
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            Files.copy(r1, p.resolve("r1.fastq.gz"));
            repo.commit().setMessage("the reads").call();
            RepoContext ctx = ((LocalRepository) repo).context();
            Node n = DeepRepackTest.entry(repo, "r1.fastq.gz");
            Container ct = ctx.chunks().containers().find(n.sha256()).orElseThrow();
            BamRecords br = ctx.chunks().bamRecords();
            Random r = new Random(3);
            int checked = 0;
            for (Node.Piece piece : ct.content().pieces()) {
                StoredRecords.Stored st = StoredRecords.read(ctx, piece.id());
                assertThat(st.parsed().codec()).isEqualTo(FastqFromBam.ID);
                assertThat(st.parsed().bases().size()).isGreaterThan(Pack.MAX_BASES);
                BamRecords.Chunks chunks = id -> ctx.chunks().read(id);
                StoredRecords.decodesOrRefusesDamage(st, r, 100, (where, payload) -> FastqFromBam.decode(where,
                    st.parsed().bases(), br, chunks, payload, 0, payload.length, st.rawLength()));
                checked++;
            }
            assertThat(checked).isPositive();
        }
        assertThatThrownBy(() -> ChunkCodecs.FASTQ_FROM_BAM.decode("chunk x", null, new byte[] {1, 0}, 0, 2, 10))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk x");
        assertThatThrownBy(() -> ChunkCodecs.FASTQ_FROM_BAM.decode("chunk z", null, new byte[] {2}, 0, 1, 10))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("version 2");
    }

    @Test
    void aReadIsTheRecordsBasesReverseComplementedWhenReversed() {
        // name "r", flag 0x10, 4 bases ACGN stored as reverse: the read is their reverse complement
        byte[] rec = new byte[36 + 2 + 2 + 4];
        rec[12] = 2;
        rec[18] = 0x10;
        rec[20] = 4;
        rec[36] = 'r';
        rec[38] = 0x12; // A C
        rec[39] = 0x4F; // G N
        rec[40] = 10;
        rec[41] = 20;
        rec[42] = 30;
        rec[43] = 40;
        byte[] out = new byte[8];
        assertThat(FastqFromBam.readOf(rec, out, 0, 4)).isTrue();
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("NCGTI?5+");
        assertThat(FastqFromBam.readOf(rec, out, 0, 5)).isFalse();
    }
}
