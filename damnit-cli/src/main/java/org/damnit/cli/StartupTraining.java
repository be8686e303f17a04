package org.damnit.cli;

import htsjdk.samtools.SAMFileHeader;
import htsjdk.samtools.SAMFileWriter;
import htsjdk.samtools.SAMFileWriterFactory;
import htsjdk.samtools.SAMReadGroupRecord;
import htsjdk.samtools.SAMRecord;
import htsjdk.samtools.SAMSequenceRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The workload {@code bin/damnit} runs once per JVM and jar build to record what later commands start
 * from: a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}) or, on a JVM that has them, an
 * AOT cache ({@code -XX:AOTCacheOutput}: classes loaded and linked, and the profiles of the methods that
 * ran). It runs the everyday commands on a scratch repository, and a small sequencing project (a
 * reference, a BAM written by htsjdk, a SAM of its records, the reads as FASTQ.gz, a depth table)
 * committed with and without {@code deepOnCommit}, repacked, gc'd, restored and read with {@code cat}, so
 * the archive holds the classes, and the lambda and method-handle classes, that those commands load,
 * the content codecs' among them. Later commands map it instead of loading, verifying and generating
 * those classes again, which on a small machine halves the CPU time a short command spends before it
 * does any work.
 *
 * <p>Exits 0 only if every command succeeded; the launcher keeps the archive only then.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** Base pairs of each of the project's two chromosomes. */
    static final int CHROMOSOME = 60_000;
    /** Read pairs of its sample (about 7x over both chromosomes). */
    static final int PAIRS = 1_400;
    static final int READ = 150;
    private static final String AUTHOR = "Training <training@localhost>";

    /**
     * What a run did.
     *
     * @param failures how many of its commands failed
     * @param repack   what {@code repack --deep --json} printed for the project committed with {@code
     *                 deepOnCommit} (nothing left to convert: its gzip and BGZF files got their containers
     *                 as they were committed)
     */
    record Result(int failures, String repack) {
    }

    public static void main(String[] args) throws IOException {
        System.exit(train().failures() == 0 ? 0 : 1);
    }

    /** Runs the workload in a scratch directory that it removes. */
    static Result train() throws IOException {
        Path dir = Files.createTempDirectory("damnit-training");
        try {
            return train(dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs the workload in {@code dir} (empty), leaving what it made there. */
    static Result train(Path dir) throws IOException {
        int failures = everyday(dir.resolve("everyday"));
        Path project = dir.resolve("sequencing");
        writeProject(project);
        failures += sequencing(dir, project, false, null);
        StringWriter repack = new StringWriter();
        failures += sequencing(dir, project, true, repack);
        return new Result(failures, repack.toString());
    }

    /** The everyday commands on a binary file and a table. */
    private static int everyday(Path tree) throws IOException {
        int failures = 0;
        Files.createDirectories(tree.resolve("reads"));
        Random r = new Random(1);
        byte[] random = new byte[3 << 20];
        r.nextBytes(random);
        Files.write(tree.resolve("reads/sample.bin"), random);
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            tsv.append("gene").append(i).append('\t').append(r.nextInt(1000)).append('\t').append(r.nextDouble()).append('\n');
        }
        Files.writeString(tree.resolve("table.tsv"), tsv);
        String t = tree.toString();
        failures += run("init", t);
        failures += run("-C", t, "commit", "-m", "first", "--author", AUTHOR);
        Files.writeString(tree.resolve("table.tsv"), tsv.insert(100, "edited\t1\t0.5\n"));
        Files.copy(tree.resolve("table.tsv"), tree.resolve("copy.tsv"));
        failures += run("-C", t, "status");
        failures += run("-C", t, "diff");
        failures += run("-C", t, "meta", "set", "table.tsv", "sample=S1");
        failures += run("-C", t, "commit", "-m", "second", "--author", AUTHOR, "--meta", "run=1");
        failures += run("-C", t, "log", "--name-status");
        failures += run("-C", t, "log", "--json");
        failures += run("-C", t, "tag", "v1");
        failures += run("-C", t, "find", "sample=S1");
        failures += run("-C", t, "verify");
        failures += run("-C", t, "restore", "--rev", "HEAD~1", "--to", tree.resolveSibling("everyday-restored").toString());
        failures += run("-C", t, "gc", "--dry-run");
        return failures;
    }

    /**
     * The sequencing project copied into a repository of its own and committed as a user does: with
     * {@code deepOnCommit} the reference first and the rest in a second commit (the BAM coded against the
     * reference, the SAM against the BAM's records, the FASTQ against them too), then gc down to the deep
     * form; without it all at once. Then a restore and {@code cat} of the BAM and the SAM (through their
     * content codecs in the deep project). {@code repackJson}, if given, gets what a {@code repack --deep
     * --json} after the commits printed.
     */
    private static int sequencing(Path dir, Path project, boolean deepOnCommit, StringWriter repackJson) throws IOException {
        String name = deepOnCommit ? "deep" : "plain";
        Path tree = dir.resolve(name);
        String t = tree.toString();
        int failures = run("init", t);
        if (deepOnCommit) {
            Path config = tree.resolve(".damnit/config");
            Files.writeString(config, Files.readString(config).replaceFirst("\\{", "{\"deepOnCommit\":true,"));
        }
        copy(project.resolve("ref"), tree.resolve("ref"));
        if (deepOnCommit) {
            failures += run("-C", t, "commit", "-q", "-m", "reference", "--author", AUTHOR);
        }
        for (String d : List.of("aln", "export", "reads", "results")) {
            copy(project.resolve(d), tree.resolve(d));
        }
        failures += run("-C", t, "status");
        failures += run("-C", t, "commit", "-q", "-m", "sample S1", "--author", AUTHOR);
        if (repackJson != null) { // (the plain project's repack would repeat the deep commit's work)
            failures += run(repackJson, "-C", t, "repack", "--deep", "--json");
        }
        // the plain forms go (the first gc condemns them, the second deletes them), the deep forms stay
        failures += run("-C", t, "gc", "-q", "--grace", "0");
        failures += run("-C", t, "gc", "-q", "--grace", "0");
        failures += run("-C", t, "restore", "-q", "--to", dir.resolve(name + "-restored").toString());
        failures += run("-C", t, "cat", "aln/S1.bam");
        failures += run("-C", t, "cat", "export/S1.chr1.sam");
        failures += run("-C", t, "ls", "-l");
        return failures;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** One simulated read pair of the project: where its fragment lies, and its two reads as aligned. */
    private record Pair(int id, int chromosome, int[] start, boolean[] reverse, String[] cigar, byte[][] bases,
                        byte[][] qualities) {
    }

    /**
     * Writes the project under {@code p}: {@code ref/genome.fa}; {@code aln/S1.bam}, read pairs on it
     * (150 bases, a few substitutions and indels, binned qualities, the tags bwa writes) sorted by
     * position, written by htsjdk; {@code export/S1.chr1.sam}, its first chromosome's records as SAM
     * text; {@code reads/S1_R1.fastq.gz} and {@code S1_R2.fastq.gz}, the same reads in the order they were
     * simulated; {@code results/S1.depth.tsv}, the depth at every position.
     */
    static void writeProject(Path p) throws IOException {
        for (String d : List.of("ref", "aln", "export", "reads", "results")) {
            Files.createDirectories(p.resolve(d));
        }
        Random r = new Random(20);
        byte[][] genome = new byte[2][CHROMOSOME];
        byte[] acgt = "ACGT".getBytes(StandardCharsets.US_ASCII);
        StringBuilder fa = new StringBuilder();
        for (int c = 0; c < 2; c++) {
            fa.append(">chr").append(c + 1).append('\n');
            for (int i = 0; i < CHROMOSOME; i++) {
                genome[c][i] = acgt[r.nextInt(4)];
            }
            for (int i = 0; i < CHROMOSOME; i += 60) {
                fa.append(new String(genome[c], i, Math.min(60, CHROMOSOME - i), StandardCharsets.US_ASCII)).append('\n');
            }
        }
        Files.writeString(p.resolve("ref/genome.fa"), fa, StandardCharsets.US_ASCII);

        List<Pair> pairs = new ArrayList<>(PAIRS);
        for (int id = 0; id < PAIRS; id++) {
            pairs.add(simulate(id, r, genome));
        }
        SAMFileHeader header = new SAMFileHeader();
        header.setSortOrder(SAMFileHeader.SortOrder.coordinate);
        for (int c = 0; c < 2; c++) {
            header.addSequence(new SAMSequenceRecord("chr" + (c + 1), CHROMOSOME));
        }
        SAMReadGroupRecord group = new SAMReadGroupRecord("S1");
        group.setSample("S1");
        header.addReadGroup(group);
        List<SAMRecord> records = new ArrayList<>(2 * PAIRS);
        for (Pair pair : pairs) {
            for (int mate = 0; mate < 2; mate++) {
                records.add(record(header, pair, mate, genome));
            }
        }
        records.sort(Comparator.comparingInt(SAMRecord::getReferenceIndex).thenComparingInt(SAMRecord::getAlignmentStart)
            .thenComparing(SAMRecord::getReadName).thenComparingInt(SAMRecord::getFlags));
        SAMFileWriterFactory factory = new SAMFileWriterFactory();
        try (SAMFileWriter bam = factory.makeBAMWriter(header, true, p.resolve("aln/S1.bam"));
             SAMFileWriter sam = factory.makeSAMWriter(header, true, p.resolve("export/S1.chr1.sam"))) {
            for (SAMRecord rec : records) {
                bam.addAlignment(rec);
                if (rec.getReferenceIndex() == 0) {
                    sam.addAlignment(rec);
                }
            }
        }
        for (int mate = 0; mate < 2; mate++) {
            Path fq = p.resolve("reads/S1_R" + (mate + 1) + ".fastq.gz");
            try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(fq), 1 << 16),
                StandardCharsets.US_ASCII))) {
                for (Pair pair : pairs) {
                    byte[] b = pair.bases()[mate].clone();
                    byte[] q = pair.qualities()[mate].clone();
                    if (pair.reverse()[mate]) { // as sequenced: the other strand
                        reverse(b);
                        for (int i = 0; i < b.length; i++) {
                            b[i] = complement(b[i]);
                        }
                        reverse(q);
                    }
                    w.write("@chr" + (pair.chromosome() + 1) + "-" + pair.id() + "/" + (mate + 1) + "\n");
                    w.write(new String(b, StandardCharsets.US_ASCII) + "\n+\n" + new String(q, StandardCharsets.US_ASCII) + "\n");
                }
            }
        }
        int[][] depth = new int[2][CHROMOSOME];
        for (SAMRecord rec : records) {
            for (int i = rec.getAlignmentStart(); i <= rec.getAlignmentEnd(); i++) {
                depth[rec.getReferenceIndex()][i - 1]++;
            }
        }
        try (Writer w = Files.newBufferedWriter(p.resolve("results/S1.depth.tsv"), StandardCharsets.US_ASCII)) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < CHROMOSOME; i++) {
                    w.write("chr" + (c + 1) + "\t" + (i + 1) + "\t" + depth[c][i] + "\n");
                }
            }
        }
    }

    /** Qualities as Illumina's binned ones, most of them high. */
    private static final byte[] QUALITIES = "(18=CCGGGGGJJJJJJJ".getBytes(StandardCharsets.US_ASCII);

    private static Pair simulate(int id, Random r, byte[][] genome) {
        int chromosome = r.nextInt(2);
        int fragment = 250 + r.nextInt(200);
        int at = r.nextInt(CHROMOSOME - fragment - 10);
        boolean firstReverse = r.nextBoolean();
        int[] start = {firstReverse ? at + fragment - READ : at, firstReverse ? at : at + fragment - READ};
        boolean[] reverse = {firstReverse, !firstReverse};
        String[] cigar = new String[2];
        byte[][] bases = new byte[2][];
        byte[][] qualities = new byte[2][];
        for (int mate = 0; mate < 2; mate++) {
            byte[] ref = genome[chromosome];
            int s = start[mate];
            byte[] b = new byte[READ];
            byte[] q = new byte[READ];
            int kind = r.nextInt(40); // 0: a deletion, 1: an insertion, else none
            int cut = 40 + r.nextInt(70);
            int len = 1 + r.nextInt(3);
            int ri = s;
            for (int i = 0; i < READ; i++) {
                if (kind == 1 && i >= cut && i < cut + len) {
                    b[i] = "ACGT".getBytes(StandardCharsets.US_ASCII)[r.nextInt(4)];
                } else {
                    if (kind == 0 && i == cut) {
                        ri += len;
                    }
                    b[i] = ref[ri++];
                }
                q[i] = QUALITIES[Math.max(0, Math.min(QUALITIES.length - 1, QUALITIES.length - 1 - r.nextInt(6) - i / 40))];
                if (r.nextInt(400) == 0) {
                    b[i] = b[i] == 'A' ? (byte) 'C' : (byte) 'A';
                    q[i] = '1';
                }
            }
            cigar[mate] = kind == 0 ? cut + "M" + len + "D" + (READ - cut) + "M"
                : kind == 1 ? cut + "M" + len + "I" + (READ - cut - len) + "M" : READ + "M";
            bases[mate] = b;
            qualities[mate] = q;
        }
        return new Pair(id, chromosome, start, reverse, cigar, bases, qualities);
    }

    private static SAMRecord record(SAMFileHeader header, Pair pair, int mate, byte[][] genome) {
        int other = 1 - mate;
        SAMRecord rec = new SAMRecord(header);
        rec.setReadName("chr" + (pair.chromosome() + 1) + "-" + pair.id());
        rec.setReadPairedFlag(true);
        rec.setProperPairFlag(true);
        rec.setFirstOfPairFlag(mate == 0);
        rec.setSecondOfPairFlag(mate == 1);
        rec.setReadNegativeStrandFlag(pair.reverse()[mate]);
        rec.setMateNegativeStrandFlag(pair.reverse()[other]);
        rec.setReferenceIndex(pair.chromosome());
        rec.setAlignmentStart(pair.start()[mate] + 1);
        rec.setMappingQuality(60);
        rec.setCigarString(pair.cigar()[mate]);
        rec.setMateReferenceIndex(pair.chromosome());
        rec.setMateAlignmentStart(pair.start()[other] + 1);
        rec.setReadBases(pair.bases()[mate]);
        rec.setBaseQualities(phred(pair.qualities()[mate]));
        SAMRecord mateRec = new SAMRecord(header);
        mateRec.setReferenceIndex(pair.chromosome());
        mateRec.setAlignmentStart(pair.start()[other] + 1);
        mateRec.setCigarString(pair.cigar()[other]);
        int left = Math.min(rec.getAlignmentStart(), mateRec.getAlignmentStart());
        int right = Math.max(rec.getAlignmentEnd(), mateRec.getAlignmentEnd());
        int size = right - left + 1;
        rec.setInferredInsertSize(rec.getAlignmentStart() < mateRec.getAlignmentStart() ? size : -size);
        int[] nm = new int[1];
        String md = md(rec, genome[pair.chromosome()], nm);
        rec.setAttribute("NM", nm[0]);
        rec.setAttribute("MD", md);
        rec.setAttribute("MC", pair.cigar()[other]);
        rec.setAttribute("AS", READ - 5 * nm[0]);
        rec.setAttribute("XS", 0);
        rec.setAttribute("RG", "S1");
        return rec;
    }

    /** The MD tag of an aligned record (M, I and D only), and in {@code nm[0]} its edit distance. */
    private static String md(SAMRecord rec, byte[] ref, int[] nm) {
        StringBuilder md = new StringBuilder();
        byte[] b = rec.getReadBases();
        int ri = rec.getAlignmentStart() - 1;
        int bi = 0;
        int run = 0;
        for (htsjdk.samtools.CigarElement e : rec.getCigar().getCigarElements()) {
            switch (e.getOperator()) {
                case M -> {
                    for (int k = 0; k < e.getLength(); k++, ri++, bi++) {
                        if (b[bi] == ref[ri]) {
                            run++;
                        } else {
                            md.append(run).append((char) ref[ri]);
                            run = 0;
                            nm[0]++;
                        }
                    }
                }
                case I -> {
                    bi += e.getLength();
                    nm[0] += e.getLength();
                }
                case D -> {
                    md.append(run).append('^');
                    for (int k = 0; k < e.getLength(); k++) {
                        md.append((char) ref[ri++]);
                    }
                    run = 0;
                    nm[0] += e.getLength();
                }
                default -> throw new IllegalStateException("not simulated: " + e);
            }
        }
        return md.append(run).toString();
    }

    private static byte[] phred(byte[] ascii) {
        byte[] q = new byte[ascii.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (ascii[i] - 33);
        }
        return q;
    }

    private static byte complement(byte b) {
        return switch (b) {
            case 'A' -> 'T';
            case 'C' -> 'G';
            case 'G' -> 'C';
            case 'T' -> 'A';
            default -> b;
        };
    }

    private static void reverse(byte[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            byte t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int run(String... args) {
        return run(null, args);
    }

    /** Runs one command, its output discarded or, when {@code out} is given, kept there; 1 if it failed. */
    private static int run(StringWriter out, String... args) {
        PrintWriter o = new PrintWriter(out != null ? out : Writer.nullWriter());
        return Main.run(args, o, new PrintWriter(OutputStream.nullOutputStream(), true), OutputStream.nullOutputStream()) == 0
            ? 0 : 1;
    }
}
