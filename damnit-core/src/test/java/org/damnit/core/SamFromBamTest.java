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
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAM text that samtools exported from a BAM stored by its content: printed like samtools, coded
 * against the BAM's records (codec 11) at next to no cost, restored, verified, kept by gc and carried by
 * push and clone; text of no stored BAM stays with the SAM codec.
 */
class SamFromBamTest {
    @TempDir
    Path tmp;

    /** SAM lines with what a BAM can hold beyond the fixture's: every aux type, unmapped reads, odd lengths. */
    private static final String ODD_RECORDS = String.join("\n",
        "odd1\t4\t*\t0\t0\t*\t*\t0\t0\tACGTN\tIIIII\tXA:A:x\tXF:f:1.5\tXH:H:1AE3\tXB:B:c,1,-2,3\tXS:B:S,1,65535",
        "odd2\t0\tchr1\t100\t0\t3=1X2I1M\t*\t0\t0\tACGTNNA\t*\tXI:i:-2000000000\tXU:i:4000000000\tXs:i:-300",
        "odd3\t16\tchr1\t200\t255\t2S3M\t*\t0\t0\tRYKMS\t!!!!!\tXZ:Z:\tXB:B:f,1.5,2,-0.000123456,1e+20,3.14159265",
        "odd4\t0\tchr1\t300\t30\t1M1D1N1P1H\t*\t0\t0\tA\t#\tXf:f:-7.25e-05\tXg:f:123456789\tXh:f:0.1",
        "odd5\t1\tchr1\t400\t7\t3M\tchr2\t9\t0\tACG\t*\tXB:B:i\tXc:i:-1\tXC:i:255\tXd:i:70000\n");

    /** A sorted, indexed BAM of the fixture's pairs (on chr1 and chr2) and the odd records, made by samtools. */
    private Path bam(Path dir, long seed, int pairs) throws Exception {
        return bam(dir, seed, pairs, "S1");
    }

    /** Such a BAM whose reads are of read group {@code group}. */
    private Path bam(Path dir, long seed, int pairs, String group) throws Exception {
        String text = new String(ReadsFixture.sam(seed, pairs, false), StandardCharsets.ISO_8859_1)
            .replace("@RG\tID:S1\tSM:S1", "@RG\tID:" + group + "\tSM:" + group).replace("\tRG:Z:S1", "\tRG:Z:" + group);
        int body = text.indexOf("\nchr1-") + 1;
        String header = text.substring(0, body).replace("@SQ\tSN:chr1\tLN:20000\n",
            "@SQ\tSN:chr1\tLN:20000\n@SQ\tSN:chr2\tLN:20000\n");
        String second = text.substring(body).replace("\tchr1\t", "\tchr2\t").replace("chr1-", "chr2-");
        Files.writeString(dir.resolve("in.sam"), header + ODD_RECORDS + text.substring(body) + second,
            StandardCharsets.ISO_8859_1);
        GenomicsTools.sh(dir, "samtools sort -o a.bam in.sam && samtools index a.bam && rm in.sam", "samtools");
        return dir.resolve("a.bam");
    }

    @Test
    void printsEveryRecordAsSamtoolsDoes() throws Exception {
        Path bam = bam(tmp, 3, 400);
        GenomicsTools.sh(tmp, "samtools view a.bam > a.sam", "samtools");
        byte[] content = GenomicsTools.content(bam);
        int p = 8 + SamText.int32(content, 4);
        int nRef = SamText.int32(content, p);
        p += 4;
        byte[][] names = new byte[nRef][];
        for (int i = 0; i < nRef; i++) {
            int l = SamText.int32(content, p);
            names[i] = java.util.Arrays.copyOfRange(content, p + 4, p + 3 + l);
            p += 8 + l;
        }
        SamText.Names dict = id -> id < names.length ? names[id] : null;
        List<String> want = Files.readAllLines(tmp.resolve("a.sam"), StandardCharsets.ISO_8859_1);
        SamText.Out out = new SamText.Out();
        int n = 0;
        for (int e; (e = SamText.recordEnd(content, p, content.length)) >= 0; p = e) {
            out.clear();
            assertThat(SamText.print(content, p, e, dict, out)).isTrue();
            String line = want.get(n);
            assertThat(new String(out.buf, 0, out.len, StandardCharsets.ISO_8859_1)).isEqualTo(line);
            byte[] l = line.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(SamText.key(content, p, dict)).as(line).isEqualTo(SamFromBam.lineKey(l, 0, l.length));
            n++;
        }
        assertThat(p).isEqualTo(content.length);
        assertThat(n).isEqualTo(want.size()).isGreaterThan(1600);
    }

    @Test
    void generalFormatIsPrintfs() {
        Map<Double, String> cases = new LinkedHashMap<>();
        cases.put(1.5, "1.5");
        cases.put(100000.0, "100000");
        cases.put(1000000.0, "1e+06");
        cases.put(0.0001, "0.0001");
        cases.put(0.00001234, "1.234e-05");
        cases.put(-2.5, "-2.5");
        cases.put(3.14159265, "3.14159");
        cases.put(1e100, "1e+100");
        cases.put(0.5, "0.5");
        cases.put(2.0, "2");
        cases.put(999999.5, "1e+06");
        for (Map.Entry<Double, String> c : cases.entrySet()) {
            SamText.Out out = new SamText.Out();
            SamText.general(c.getKey(), out);
            assertThat(new String(out.buf, 0, out.len, StandardCharsets.US_ASCII)).as("%s", c.getKey())
                .isEqualTo(c.getValue());
        }
    }

    private static Repository repository(Path p) throws Exception {
        return TreeFixture.codecRepository(p);
    }

    /** The chunks of a file stored through codec 11, and through any codec. */
    private static long[] fromBam(Repository repo, String path) throws Exception {
        List<ChunkIndex.Location> all = TreeFixture.locations(repo, path);
        return new long[] {all.stream().filter(l -> l.codec() == SamFromBam.ID).count(), all.size()};
    }

    /**
     * Commits the SAM that {@code samtools view -h VIEW} writes to {@code file} and checks that every chunk of
     * it is coded against the stored BAM's records (codec 11) and that it reads back exactly.
     */
    private void exportIsCodedAgainstTheBam(Repository repo, Path p, String view, String file) throws Exception {
        GenomicsTools.sh(p, "samtools view -h " + view + " > " + file, "samtools");
        Path kept = DeepRepackTest.keep(tmp, p, file);
        repo.commit().setMessage("an export: " + file).call();
        long[] c = fromBam(repo, file);
        assertThat(c[0]).as(file + ": chunks coded against the BAM").isEqualTo(c[1]);
        DeepRepackTest.readsBackExactly(repo, p, Map.of(file, kept));
    }

    @Test
    void samExportedFromAStoredBamCostsAlmostNothing() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(p, 7, 6_000);
        Path keepBam = DeepRepackTest.keep(tmp, p, "a.bam");
        String edit = "awk 'BEGIN{OFS=\"\\t\"} /^@/ {print; next} NR % 97 == 0 {$5 = 3} NR % 89 == 0 {$0 = $0 \"\\tXE:Z:edited\"}"
            + " NR % 131 == 0 {next} {print}'";
        Map<String, Path> expected = new LinkedHashMap<>();
        expected.put("a.bam", keepBam);
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            long before = DeepRepackTest.storeBytes(p);
            GenomicsTools.sh(p, String.join(" && ",
                "samtools view -h a.bam > full.sam",
                "samtools view -h a.bam chr1 > chr1.sam",
                "samtools view -h a.bam chr2:5000-12000 > region.sam",
                "(samtools view -H a.bam | sed 's/^@RG.*/&\\tPL:ILLUMINA/'; echo '@CO\tre-headed';"
                    + " samtools view a.bam) > header.sam",
                "samtools view -h a.bam | " + edit + " > edited.sam",
                "samtools view a.bam chr2 > noheader.sam"), "samtools");
            long samBytes = 0;
            for (String f : List.of("full.sam", "chr1.sam", "region.sam", "header.sam", "edited.sam", "noheader.sam")) {
                expected.put(f, DeepRepackTest.keep(tmp, p, f));
                samBytes += Files.size(p.resolve(f));
            }
            assertThat(repo.commit().setMessage("exports").call().warnings()).isEmpty();
            long added = DeepRepackTest.storeBytes(p) - before;
            for (String f : List.of("full.sam", "chr1.sam", "region.sam", "header.sam", "edited.sam", "noheader.sam")) {
                long[] c = fromBam(repo, f);
                assertThat(c[0]).as(f + ": chunks coded against the BAM").isEqualTo(c[1]);
            }
            // six SAM files of 1 to 5 MB, every line printed from the BAM's records but the edited ones
            assertThat(added).as("bytes the exports added to the store").isLessThan(samBytes / 200);
            DeepRepackTest.readsBackExactly(repo, p, expected);
        }
        // the BAM's index is kept for later processes; a damaged one is rebuilt
        Path index = p.resolve(".damnit/cache/alignments/" + ObjectId.of(sha256(keepBam)).toHex());
        assertThat(index).isRegularFile();
        byte[] good = Files.readAllBytes(index);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(index, bad);
        try (Repository repo = Repository.open(p)) {
            exportIsCodedAgainstTheBam(repo, p, "a.bam chr2", "chr2.sam");
            assertThat(Files.readAllBytes(index)).as("rebuilt").isEqualTo(good);
        }
        try (Repository repo = Repository.open(p)) {
            exportIsCodedAgainstTheBam(repo, p, "a.bam chr1:3000-9000", "late.sam"); // from the kept index
        }
    }

    @Test
    void anIndexIsKeptWhateverAnotherWriterLeftBeside() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(p, 13, 800);
        Path keepBam = DeepRepackTest.keep(tmp, p, "a.bam");
        Path index = p.resolve(".damnit/cache/alignments/" + ObjectId.of(sha256(keepBam)).toHex());
        // what this process's other writer of the same index (another repository of it) is writing
        Files.createDirectories(index.resolveSibling(index.getFileName() + "." + ProcessHandle.current().pid() + ".tmp"));
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            exportIsCodedAgainstTheBam(repo, p, "a.bam chr1", "chr1.sam");
        }
        assertThat(index).isRegularFile();
    }

    @Test
    void anIndexOfAGoodChecksumButImpossibleCountsIsRebuilt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(p, 11, 1_500);
        Path keepBam = DeepRepackTest.keep(tmp, p, "a.bam");
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            GenomicsTools.sh(p, "samtools view -h a.bam chr1 > chr1.sam", "samtools");
            repo.commit().setMessage("an export").call();
        }
        Path index = p.resolve(".damnit/cache/alignments/" + ObjectId.of(sha256(keepBam)).toHex());
        byte[] good = Files.readAllBytes(index);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(good.clone());
        int names = 12 + 44 * b.getInt(8); // the reference names' count, after the chunks
        for (int count : new int[] {Integer.MAX_VALUE - 8, -1}) {
            b.putInt(names, count);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(b.array(), 0, good.length - 4);
            b.putInt(good.length - 4, (int) crc.getValue());
            Files.write(index, b.array());
            try (Repository repo = Repository.open(p)) {
                String f = "export" + (count < 0 ? "-1" : "") + ".sam"; // chunks not stored yet, so indexed again
                exportIsCodedAgainstTheBam(repo, p, "a.bam " + (count < 0 ? "chr1:2000-15000" : "chr2"), f);
                assertThat(Files.readAllBytes(index)).as("rebuilt").isEqualTo(good);
            }
        }
        // one of version 1 (the keys of the 1/32 sample alone, none for spacing), intact, is rebuilt too
        assertThat(good[4]).as("the version written").isEqualTo((byte) 2);
        byte[] v1 = good.clone();
        v1[4] = 1;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(v1, 0, v1.length - 4);
        java.nio.ByteBuffer.wrap(v1).putInt(v1.length - 4, (int) crc.getValue());
        Files.write(index, v1);
        try (Repository repo = Repository.open(p)) {
            exportIsCodedAgainstTheBam(repo, p, "a.bam chr2:3000-9000", "v1.sam");
            assertThat(Files.readAllBytes(index)).as("rebuilt").isEqualTo(good);
        }
    }

    private static byte[] sha256(Path f) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
    }

    @Test
    void gcKeepsTheBamContentASamNeedsAndPushCarriesIt() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(p, 9, 3_000);
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            GenomicsTools.sh(p, "samtools view -h a.bam chr1 > chr1.sam && rm a.bam a.bam.bai", "samtools");
            Path sam = DeepRepackTest.keep(tmp, p, "chr1.sam");
            repo.commit().setMessage("the export, and the BAM gone").call();
            assertThat(fromBam(repo, "chr1.sam")[0]).isPositive();
            TreeFixture.squashToARoot(repo); // history without the BAM
            RepoContext ctx = ((LocalRepository) repo).context();
            repo.gc().setGracePeriod(Duration.ZERO).call();
            assertThat(ctx.chunks().containers().list()).as("the BAM's container is gone").isEmpty();
            DeepRepackTest.readsBackExactly(repo, p, Map.of("chr1.sam", sam));
            repo.addRemote("origin", tmp.resolve("remote").toUri());
            repo.push().call();
        }
        try (Repository clone = Repository.cloneFrom(tmp.resolve("remote").toUri(), tmp.resolve("clone"))) {
            assertThat(Files.readAllBytes(tmp.resolve("clone/chr1.sam"))).isEqualTo(Files.readAllBytes(sam(tmp)));
            assertThat(clone.verify().setReadData(true).call().problems()).isEmpty();
        }
    }

    private static Path sam(Path tmp) {
        return tmp.resolve("originals/chr1.sam");
    }

    @Test
    void samOfAnotherBamStaysWithTheSamCodec() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(p, 11, 2_000);
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            Path other = Files.createDirectories(tmp.resolve("other"));
            bam(other, 12, 2_000);
            GenomicsTools.sh(other, "samtools view -h a.bam > " + p.resolve("other.sam"), "samtools");
            Path keep = DeepRepackTest.keep(tmp, p, "other.sam");
            repo.commit().setMessage("another sample's SAM").call();
            long[] c = fromBam(repo, "other.sam");
            assertThat(c[0]).isZero();
            long sam = TreeFixture.locations(repo, "other.sam").stream()
                .filter(l -> l.codec() == ChunkCodecs.SAM.id()).count();
            assertThat(sam).as("chunks of the SAM codec").isPositive();
            DeepRepackTest.readsBackExactly(repo, p, Map.of("other.sam", keep));
        }
    }

    @Test
    void onlyTheBamOfTheSamsReadGroupIsIndexed() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(Files.createDirectories(p.resolve("s1")), 21, 1_500, "S1");
        bam(Files.createDirectories(p.resolve("s2")), 22, 1_500, "S2");
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("two samples").call();
            exportIsCodedAgainstTheBam(repo, p, "s2/a.bam chr1", "s2.sam");
            String s2 = ObjectId.of(sha256(p.resolve("s2/a.bam"))).toHex();
            try (var files = Files.list(p.resolve(".damnit/cache/alignments"))) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly(s2);
            }
        }
    }

    @Test
    void aDamagedPayloadIsCorruptionOrGarbageOfItsLength() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        bam(p, 31, 2_000);
        try (Repository repo = repository(p)) {
            repo.commit().setMessage("the BAM").call();
            GenomicsTools.sh(p, "samtools view -h a.bam > a.sam", "samtools");
            repo.commit().setMessage("the export").call();
            RepoContext ctx = ((LocalRepository) repo).context();
            java.util.Random r = new java.util.Random(3);
            int checked = 0;
            for (Node.Piece piece : DeepRepackTest.entry(repo, "a.sam").pieces()) {
                StoredRecords.Stored st = StoredRecords.read(ctx, piece.id());
                assertThat(st.parsed().codec()).isEqualTo(SamFromBam.ID);
                java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
                for (ObjectId b : st.parsed().bases()) {
                    joined.write(ctx.chunks().read(b));
                }
                byte[] base = joined.toByteArray();
                StoredRecords.decodesOrRefusesDamage(st, r, 200, (where, payload) ->
                    ChunkCodecs.SAM_FROM_BAM.decode(where, base, payload, 0, payload.length, st.rawLength()));
                checked++;
            }
            assertThat(checked).isPositive();
        }
    }

    @Test
    void aRecordWithoutBasesOrDamagedIsCorruption() {
        assertThatThrownBy(() -> ChunkCodecs.SAM_FROM_BAM.decode("chunk x", null, new byte[] {1, 0}, 0, 2, 10))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk x");
        assertThatThrownBy(() -> ChunkCodecs.SAM_FROM_BAM.decode("chunk y", new byte[100], new byte[] {1, 5, 9}, 0, 3, 10))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk y");
        assertThatThrownBy(() -> ChunkCodecs.SAM_FROM_BAM.decode("chunk z", new byte[100], new byte[] {2}, 0, 1, 10))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("version 2");
    }
}
