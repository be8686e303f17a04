package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/** Genomics files made by the real tools (gzip, pigz, bgzip, samtools, bcftools); a missing tool skips, except on CI. */
final class GenomicsTools {
    private GenomicsTools() {
    }

    static void require(String tool) {
        boolean found = List.of("/usr/bin/", "/bin/", "/usr/local/bin/").stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
        if (!found) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(tool + " is not installed (.ci/run installs it)");
            }
            Assumptions.abort(tool + " is not installed");
        }
    }

    /** Runs a shell command line in {@code dir} after checking that {@code tools} are installed. */
    static void sh(Path dir, String commandLine, String... tools) throws IOException, InterruptedException {
        for (String t : tools) {
            require(t);
        }
        Process p = new ProcessBuilder("sh", "-c", commandLine).directory(dir.toFile())
            .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(commandLine + "\n" + out).isZero();
    }

    /** The decompressed content of a gzip or BGZF file. */
    static byte[] content(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** The decompressed content of the BAM that {@code samtools view -b} makes of {@code sam} (in {@code dir}). */
    static byte[] bamContent(Path dir, String sam) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("in.sam"), sam, StandardCharsets.ISO_8859_1);
        sh(dir, "samtools view -b -o out.bam in.sam", "samtools");
        return content(dir.resolve("out.bam"));
    }

    /** FASTQ text: reads of a small random genome. */
    static void fastq(Path file, long seed, int reads) throws IOException {
        Random r = new Random(seed);
        char[] genome = new char[50_000];
        for (int i = 0; i < genome.length; i++) {
            genome[i] = "ACGT".charAt(r.nextInt(4));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < reads; i++) {
            int p = r.nextInt(genome.length - 150);
            sb.append("@read").append(seed).append('.').append(i).append('\n');
            for (int j = 0; j < 150; j++) {
                sb.append(r.nextInt(100) == 0 ? 'N' : genome[p + j]);
            }
            sb.append("\n+\n");
            for (int j = 0; j < 150; j++) {
                sb.append((char) (33 + Math.min(41, Math.max(2, (int) (r.nextGaussian() * 6 + 32)))));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }

    /** SAM text of reads on one contig, sorted by position; {@code seed} varies the reads. */
    static void sam(Path file, long seed, int reads) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:1000000\n");
        int pos = 1;
        for (int i = 0; i < reads; i++) {
            pos += r.nextInt(20);
            sb.append("r").append(i).append("\t0\tchr1\t").append(pos).append("\t60\t100M\t*\t0\t0\t");
            for (int j = 0; j < 100; j++) {
                sb.append("ACGT".charAt(r.nextInt(4)));
            }
            sb.append('\t');
            for (int j = 0; j < 100; j++) {
                sb.append((char) (35 + r.nextInt(38)));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }

    /** VCF text of SNVs on one contig. */
    static void vcf(Path file, long seed, int records, String extraHeader) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=10000000>\n"
            + "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n" + extraHeader
            + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        int pos = 1;
        for (int i = 0; i < records; i++) {
            pos += 1 + r.nextInt(30);
            int ref = r.nextInt(4);
            sb.append("chr1\t").append(pos).append("\t.\t").append("ACGT".charAt(ref)).append('\t')
                .append("ACGT".charAt((ref + 1 + r.nextInt(3)) % 4)).append('\t').append(20 + r.nextInt(60))
                .append("\tPASS\tDP=").append(r.nextInt(200)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }
}
