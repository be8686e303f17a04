package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.damnit.CommitResult;
import org.damnit.CorruptObjectException;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.VerifyResult;
import org.damnit.testkit.Samtools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables made by the real tools ({@code samtools depth -a}, {@code bcftools call}) through the public
 * API: stored by the table codec, restored, verified and read at random positions byte for byte; a
 * damaged table payload is reported as damage of its chunk.
 */
class TableFilesTest {
    private static final int CONTIG = 100_000;

    @TempDir
    Path tmp;

    /** A reference of two random contigs and a sorted, indexed BAM of reads from it with a few SNPs. */
    private Path bam(Path dir, int reads) throws Exception {
        Random r = new Random(17);
        char[][] contigs = new char[2][CONTIG];
        try (BufferedWriter fa = Files.newBufferedWriter(dir.resolve("ref.fa"), StandardCharsets.US_ASCII)) {
            for (int c = 0; c < 2; c++) {
                fa.write(">chr" + (c + 1) + "\n");
                for (int i = 0; i < CONTIG; i++) {
                    contigs[c][i] = "ACGT".charAt(r.nextInt(4));
                    fa.write(contigs[c][i]);
                    if (i % 60 == 59) {
                        fa.write('\n');
                    }
                }
                fa.write('\n');
            }
        }
        Path sam = dir.resolve("reads.sam");
        try (BufferedWriter w = Files.newBufferedWriter(sam, StandardCharsets.US_ASCII)) {
            w.write("@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:chr1\tLN:" + CONTIG + "\n@SQ\tSN:chr2\tLN:" + CONTIG + "\n");
            for (int i = 0; i < reads; i++) {
                int c = r.nextInt(2);
                int pos = r.nextInt(CONTIG - 100);
                char[] seq = java.util.Arrays.copyOfRange(contigs[c], pos, pos + 100);
                for (int j = 0; j < 100; j++) {
                    if ((pos + j) % 997 == 0) {
                        seq[j] = seq[j] == 'A' ? 'C' : 'A'; // a homozygous SNP every 997 bases
                    }
                }
                w.write("r" + i + "\t" + (r.nextBoolean() ? 0 : 16) + "\tchr" + (c + 1) + "\t" + (pos + 1)
                    + "\t60\t100M\t*\t0\t0\t" + new String(seq) + "\t" + "I".repeat(100) + "\n");
            }
        }
        Path bam = dir.resolve("reads.bam");
        Samtools.run(dir, "samtools", "sort", "-o", bam.toString(), sam.toString());
        Samtools.run(dir, "samtools", "index", bam.toString());
        Files.delete(sam);
        return bam;
    }

    private static ChunkEncoder.ContentStats stats(Repository repo) {
        return ((LocalRepository) repo).chunks().contentStats();
    }

    /** A repository whose commits make the deep form, content codecs included. */
    private static Repository deep(Path project) throws Exception {
        Repository.init(project).close();
        TreeFixture.setDeepOnCommit(project);
        return Repository.open(project);
    }

    @Test
    void aPlainCommitDoesNotTryTheTableCodec() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("p"));
        Files.write(project.resolve("depth.tsv"), TableCodecTest.depthTable(5, 200_000));
        try (Repository repo = Repository.init(project)) {
            repo.commit().setMessage("depth").call();
            assertThat(stats(repo).tried()).as("content codecs are the deep form's").isZero();
        }
    }

    @Test
    void aSamtoolsDepthTableStoresInUnderHalfOfZstd19AndComesBackExactly() throws Exception {
        Samtools.require();
        Path project = Files.createDirectories(tmp.resolve("p"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path bam = bam(work, 5_000); // 2.5x
        String depth = Samtools.run(work, "samtools", "depth", "-a", bam.toString());
        byte[] table = depth.getBytes(StandardCharsets.US_ASCII);
        assertThat(table.length).isGreaterThan(2 << 20);
        Files.write(project.resolve("S1.depth.tsv"), table);
        try (Repository repo = deep(project)) {
            CommitResult c = repo.commit().setMessage("depth").call();
            ChunkEncoder.ContentStats s = stats(repo);
            assertThat(s.won()).as("chunks stored by the table codec").isEqualTo(s.tried()).isPositive();
            long zstd19 = Delta.zstd(table, 19).length;
            assertThat((double) c.bytesStored()).as("stored bytes against zstd -19 of the table")
                .isLessThan(0.5 * zstd19);

            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.mismatch(out.resolve("S1.depth.tsv"), project.resolve("S1.depth.tsv"))).isEqualTo(-1);
            VerifyResult v = repo.verify().setReadData(true).call();
            assertThat(v.problems()).isEmpty();
            try (SeekableFile f = repo.openSeekable("HEAD", "S1.depth.tsv")) {
                Random r = new Random(3);
                for (int i = 0; i < 20; i++) {
                    int at = r.nextInt(table.length - 5000);
                    ByteBuffer b = ByteBuffer.allocate(5000);
                    f.position(at);
                    while (b.hasRemaining() && f.read(b) > 0) {
                        // until full
                    }
                    assertThat(b.array()).isEqualTo(java.util.Arrays.copyOfRange(table, at, at + 5000));
                }
            }
        }
    }

    @Test
    void aBcftoolsVcfComesBackExactly() throws Exception {
        Samtools.require();
        Path project = Files.createDirectories(tmp.resolve("p"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path bam = bam(work, 4_000);
        Samtools.run(work, "samtools", "faidx", "ref.fa");
        Path pileup = work.resolve("pileup.bcf");
        Samtools.run(work, "bcftools", "mpileup", "-Ou", "-f", "ref.fa", "-o", pileup.toString(), bam.toString());
        String vcf = Samtools.run(work, "bcftools", "call", "-m", "-Ov", pileup.toString());
        byte[] bytes = vcf.getBytes(StandardCharsets.UTF_8);
        assertThat(vcf).contains("#CHROM").contains("chr2\t");
        Files.write(project.resolve("calls.vcf"), bytes);
        try (Repository repo = deep(project)) {
            repo.commit().setMessage("calls").call();
            assertThat(stats(repo).tried()).as("the VCF was recognised as a table").isPositive();
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.readAllBytes(out.resolve("calls.vcf"))).isEqualTo(bytes);
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, vcf.indexOf("\n#CHROM") + 1, bytes.length);
        byte[] p = ChunkCodecs.TABLE.encode(null, body, 3);
        assertThat(p).isNotNull();
        assertThat(ChunkCodecs.TABLE.decode("vcf", null, p, 0, p.length, body.length)).isEqualTo(body);
    }

    /**
     * Three samples called together at every site ({@code bcftools mpileup -a AD,DP | bcftools call -m})
     * and the per-sample calls merged ({@code bcftools merge}): INFO by key and the samples by their
     * FORMAT keys in sub-columns, back byte for byte, in well under what zstd -19 stores.
     */
    @Test
    void multiSampleVcfsFromBcftoolsSplitIntoSubColumnsAndComeBackExactly() throws Exception {
        Samtools.require();
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path[] bams = new Path[3];
        for (int i = 0; i < 3; i++) {
            bams[i] = bam(Files.createDirectories(work.resolve("s" + i)), 3_000 + 1_000 * i);
        }
        Files.copy(work.resolve("s0/ref.fa"), work.resolve("ref.fa"));
        Samtools.run(work, "samtools", "faidx", "ref.fa");
        String all = Samtools.run(work, "bash", "-c", "bcftools mpileup -a AD,DP -r chr1:1-20000 -Ou -f ref.fa " + bams[0] + " "
            + bams[1] + " " + bams[2] + " | bcftools call -m -Ov");
        StringBuilder merge = new StringBuilder("bcftools merge -Ov");
        for (int i = 0; i < 3; i++) {
            Samtools.run(work, "bash", "-c", "bcftools mpileup -a AD,DP -r chr2 -Ou -f ref.fa " + bams[i]
                + " | bcftools call -mv -Oz -o c" + i + ".vcf.gz && bcftools index c" + i + ".vcf.gz");
            merge.append(" c").append(i).append(".vcf.gz");
        }
        String merged = Samtools.run(work, "bash", "-c", merge.toString());
        assertThat(all).contains("GT:PL:DP:AD").hasSizeGreaterThan(1 << 20);
        assertThat(merged).contains("\t./.:");
        for (String vcf : new String[] {all, merged}) {
            byte[] body = vcf.substring(vcf.indexOf("\n#CHROM") + 1).getBytes(StandardCharsets.UTF_8);
            for (int off = 0; off < body.length; off += 1 << 20) { // the chunks a commit would make
                byte[] chunk = java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + (1 << 20)));
                byte[] p = ChunkCodecs.TABLE.encode(null, chunk, 3);
                assertThat(p).isNotNull();
                assertThat(ChunkCodecs.TABLE.decode("vcf", null, p, 0, p.length, chunk.length)).isEqualTo(chunk);
                if (chunk.length > 1 << 19) {
                    assertThat((double) p.length).as("table codec against zstd -19 of a 1 MiB VCF chunk")
                        .isLessThan(0.65 * Delta.zstd(chunk, 19).length);
                }
            }
        }
        Path project = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(project.resolve("all.vcf"), all);
        Files.writeString(project.resolve("merged.vcf"), merged);
        try (Repository repo = deep(project)) {
            repo.commit().setMessage("calls").call();
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.readString(out.resolve("all.vcf"))).isEqualTo(all);
            assertThat(Files.readString(out.resolve("merged.vcf"))).isEqualTo(merged);
        }
    }

    @Test
    void aDamagedTablePayloadIsReportedAsDamageOfItsChunk() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("p"));
        Files.write(project.resolve("depth.tsv"), TableCodecTest.depthTable(5, 200_000));
        try (Repository repo = deep(project)) {
            repo.commit().setMessage("depth").call();
            assertThat(stats(repo).won()).isPositive();
            damageFirstTableRecord(project.resolve(".damnit/store/objects/packs"));
            assertThatThrownBy(() -> repo.restore().setTarget(tmp.resolve("out")).call())
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk ")
                .hasMessageContaining("table payload version 99");
            VerifyResult v = repo.verify().setReadData(true).call();
            assertThat(v.problems()).anySatisfy(p -> assertThat(p.reason()).contains("table payload version 99"));
        }
    }

    /** Sets the payload version of the first record of the table codec to 99, with its CRC made right. */
    private static void damageFirstTableRecord(Path packs) throws Exception {
        try (Stream<Path> files = Files.walk(packs)) {
            for (Path pack : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(pack);
                ByteBuffer bb = ByteBuffer.wrap(b);
                for (int at = 8; at + 44 <= b.length - 12; ) {
                    int bases = b[at + 2];
                    int payloadLength = bb.getInt(at + 40);
                    int payload = at + 44 + 32 * bases;
                    int crcAt = payload + payloadLength;
                    if (b[at] == TableCodec.ID) {
                        b[payload] = 99;
                        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                        crc.update(b, at, crcAt - at);
                        bb.putInt(crcAt, (int) crc.getValue());
                        pack.toFile().setWritable(true);
                        Files.write(pack, b);
                        return;
                    }
                    at = crcAt + 4;
                }
            }
        }
        throw new AssertionError("no table record found");
    }
}
