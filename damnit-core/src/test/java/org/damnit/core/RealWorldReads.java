package org.damnit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Alignments and reads unlike a tidy simulated series, made by the real tools (art_illumina, bwa mem,
 * samtools, pigz) from a small made-up genome: trimmed reads, reads with N, unmapped reads, chimeric
 * reads (supplementary alignments, SA tags, hard clips), secondary alignments, long noisy reads, reads
 * without qualities, array and float tags, several read groups, marked duplicates, a BAM of a CRAM, name
 * order, an empty body, SAM with CRLF or odd spacing, FASTQ with Illumina 1.8 names, wrapped lines and
 * empty lines.
 */
final class RealWorldReads {
    /** Every file {@link #make} writes, by name. */
    static final String[] BAMS = {"pe.bam", "trimmed.bam", "unmapped.bam", "chimeric.bam", "secondary.bam",
        "long.bam", "long-noqual.bam", "tags.bam", "groups.bam", "markdup.bam", "fromcram.bam", "namesorted.bam",
        "empty.bam", "unmapped-only.bam", "illumina18.bam", "single.bam", "scaffolds.bam"};
    static final String[] SAMS = {"pe.sam", "crlf.sam", "odd.sam", "long.sam", "chimeric.sam", "namesorted.sam", "noheader.sam"};
    static final String[] FASTQS = {"illumina18.fq", "trimmed.fq", "wrapped.fq", "emptylines.fq", "long.fq",
        "illumina18.fq.gz"};

    private RealWorldReads() {
    }

    /** A genome of two contigs with a repeated stretch (reads there align twice) and a run of N. */
    static void genome(Path fa, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder fasta = new StringBuilder();
        String repeat = random(r, 1500);
        int[] lengths = {90_000, 50_000};
        for (int c = 0; c < lengths.length; c++) {
            StringBuilder s = new StringBuilder(random(r, lengths[c]));
            s.replace(20_000 + c * 7_000, 20_000 + c * 7_000 + repeat.length(), repeat);
            if (c == 0) {
                s.replace(60_000, 60_200, "N".repeat(200));
            }
            fasta.append(">chr").append(c + 1).append(" made up\n");
            for (int i = 0; i < s.length(); i += 60) {
                fasta.append(s, i, Math.min(s.length(), i + 60)).append('\n');
            }
        }
        Files.writeString(fa, fasta, StandardCharsets.US_ASCII);
    }

    /** A draft assembly: {@code n} scaffolds of 300 to 900 bases. */
    static void scaffolds(Path fa, long seed, int n) throws IOException {
        Random r = new Random(seed + 5);
        StringBuilder fasta = new StringBuilder();
        for (int i = 0; i < n; i++) {
            fasta.append(">scaffold_").append(i + 1).append('\n').append(random(r, 300 + r.nextInt(601))).append('\n');
        }
        Files.writeString(fa, fasta, StandardCharsets.US_ASCII);
    }

    private static String random(Random r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = "ACGT".charAt(r.nextInt(4));
        }
        return new String(c);
    }

    /** Long reads of the genome with a nanopore-like error rate (about 12%: substitutions, insertions, deletions). */
    static void longReads(Path fa, Path fq, long seed, int reads) throws IOException {
        String g = Files.readAllLines(fa).stream().filter(l -> !l.startsWith(">")).reduce("", String::concat)
            .substring(0, 90_000).replace('N', 'A');
        Random r = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < reads; i++) {
            int len = 5_000 + r.nextInt(25_000);
            int at = r.nextInt(g.length() - len);
            StringBuilder s = new StringBuilder();
            StringBuilder q = new StringBuilder();
            for (int j = at; j < at + len; j++) {
                int e = r.nextInt(100);
                if (e < 4) {
                    continue; // a deletion
                }
                char b = g.charAt(j);
                s.append(e < 9 ? "ACGT".charAt(r.nextInt(4)) : b);
                q.append((char) (33 + (e < 9 ? 2 + r.nextInt(6) : 5 + r.nextInt(20))));
                if (e >= 97) {
                    s.append("ACGT".charAt(r.nextInt(4))); // an insertion
                    q.append((char) (33 + 3 + r.nextInt(5)));
                }
            }
            if (r.nextBoolean()) {
                reverseComplement(s);
                q.reverse();
            }
            out.append('@').append(String.format("%08x-%04x-long", r.nextInt(), i)).append(" runid=ab12 read=")
                .append(i).append(" ch=").append(1 + r.nextInt(512)).append('\n').append(s).append("\n+\n").append(q)
                .append('\n');
        }
        Files.writeString(fq, out, StandardCharsets.US_ASCII);
    }

    private static void reverseComplement(StringBuilder s) {
        s.reverse();
        for (int i = 0; i < s.length(); i++) {
            s.setCharAt(i, switch (s.charAt(i)) {
                case 'A' -> 'T';
                case 'C' -> 'G';
                case 'G' -> 'C';
                default -> 'A';
            });
        }
    }

    /** Writes every file of {@link #BAMS}, {@link #SAMS} and {@link #FASTQS} and {@code genome.fa} into {@code dir}. */
    static void make(Path dir, long seed) throws Exception {
        genome(dir.resolve("genome.fa"), seed);
        scaffolds(dir.resolve("scaffolds.fa"), seed, 8_000);
        longReads(dir.resolve("genome.fa"), dir.resolve("long.fq"), seed, 12);
        String awkTrim = "awk -v seed=" + seed + " 'BEGIN{srand(seed)} NR%4==1{n=$0} NR%4==2{L=length($0);"
            + " if (rand()<0.4) L=20+int(rand()*(L-20)); s=substr($0,1,L);"
            + " if (rand()<0.1) {p=1+int(rand()*L); s=substr(s,1,p-1) \"N\" substr(s,p+1)} }"
            + " NR%4==0{print n; print s; print \"+\"; print substr($0,1,L)}'";
        // 9 read pairs in 10 as they are, every tenth pair twice more under another name (duplicates)
        String awkDup = "awk 'NR%4==1{n=$0} NR%4==2{s=$0} NR%4==0{print n; print s; print \"+\"; print $0;"
            + " if (NR%40==0) {sub(/^@/,\"@dup\",n); print n; print s; print \"+\"; print $0}}'";
        // pairs of sequence found nowhere in the genome (both unmapped), and R2s of them with placed R1s
        String awkJunk = "awk -v seed=" + (seed + 1) + " 'BEGIN{srand(seed); for (i=0;i<800;i++) {s=\"\"; q=\"\";"
            + " for (j=0;j<150;j++) {s=s substr(\"ACGT\",1+int(rand()*4),1); q=q \"F\"} print \"@junk\" i; print s;"
            + " print \"+\"; print q}}'";
        // chimeric reads: the first 80 bases of one read, the last 70 of a read 600 records later
        String awkChimera = "awk 'NR%4==2{s[int(NR/4)]=$0} NR%4==0{q[int((NR-1)/4)]=$0} END{for (i=0;i+600 in s;i+=3)"
            + " {print \"@chim\" i; print substr(s[i],1,80) substr(s[i+600],81); print \"+\";"
            + " print substr(q[i],1,80) substr(q[i+600],81)}}'";
        String awkTags = "awk 'BEGIN{OFS=\"\\t\"} /^@/{print; next} {x=NR%7;"
            + " $0=$0 \"\\tXF:f:\" (NR/7) \"\\tZB:B:f,0.5,\" x \".25,-1e-3\\tZS:B:S,\" NR%65536 \",7\\tZC:B:c,-\" x \",1\";"
            + " if (x==0) $0=$0 \"\\tZI:B:i,-2147483648,2147483647\\tZH:H:0A1B\\tZA:A:q\"; print}'";
        String awkIllumina = "awk -v r=1 'NR%4==1{i++; printf \"@M04512:87:000000000-AR7KD:1:%d:%d:%d %d:N:0:ATCACG+TTAGGC\\n\","
            + " 1101+int(i/700), 10000+(i*37)%15000, 1000+(i*101)%20000, r; next} {print}'";
        String awkWrap = "awk 'NR%4==1||NR%4==3{print; next} {for (i=1;i<=length($0);i+=60) print substr($0,i,60)}'";
        String awkEmpty = "awk '{print} NR%4==0 && NR%28==0{print \"\"}'";
        String awkRandomise = "awk -v seed=" + (seed + 3) + " 'BEGIN{srand(seed)} NR%4==2{s=\"\";"
            + " for (j=0;j<length($0);j++) s=s substr(\"ACGT\",1+int(rand()*4),1); print s; next} {print}'";
        String bwa = "bwa mem -t 1 -v 1";
        String[] steps = {
            "art_illumina -ss HS25 -i genome.fa -p -l 150 -f 6 -m 350 -s 30 -rs " + seed + " -na -q -o a > /dev/null",
            "bwa index genome.fa 2>/dev/null",
            "samtools faidx genome.fa",
            bwa + " -R '@RG\\tID:A\\tSM:s1\\tPL:ILLUMINA' genome.fa a1.fq a2.fq 2>/dev/null | samtools sort -o pe.bam -",
            "samtools view -h -o pe.sam pe.bam",
            awkTrim + " a1.fq > t1.fq && " + awkTrim.replace("seed=" + seed, "seed=" + (seed + 7)) + " a2.fq > t2.fq",
            bwa + " genome.fa t1.fq t2.fq 2>/dev/null | samtools sort -o trimmed.bam -",
            "cat t1.fq > trimmed.fq",
            // 100 placed pairs, then 800 pairs found nowhere in the genome (both mates unmapped)
            awkJunk + " > j.fq && " + awkJunk.replace("seed=" + (seed + 1), "seed=" + (seed + 2)) + " > j2.fq",
            "head -n 400 a1.fq > p1.fq && cat j.fq >> p1.fq && head -n 400 a2.fq > p2.fq && cat j2.fq >> p2.fq",
            // 500 pairs whose R2 is junk: placed R1s with an unmapped mate placed beside them
            "sed -n '401,2400p' a1.fq > m1.fq && sed -n '401,2400p' a2.fq | " + awkRandomise + " > m2.fq",
            bwa + " genome.fa p1.fq p2.fq 2>/dev/null > u.sam && " + bwa + " genome.fa m1.fq m2.fq 2>/dev/null"
                + " | grep -v '^@' >> u.sam && samtools sort -o unmapped.bam u.sam",
            "samtools view -b -f 12 -o unmapped-only.bam unmapped.bam",
            awkChimera + " a1.fq > c1.fq && " + bwa + " genome.fa c1.fq 2>/dev/null | samtools sort -o chimeric.bam -"
                + " && samtools view -h -o chimeric.sam chimeric.bam",
            bwa + " -a genome.fa a1.fq a2.fq 2>/dev/null | samtools sort -o secondary.bam -",
            // R1 alone aligned as single reads: bwa drops the /1 of the names
            bwa + " genome.fa a1.fq 2>/dev/null | samtools sort -o single.bam -",
            bwa + " -x ont2d genome.fa long.fq 2>/dev/null | samtools sort -o long.bam - && samtools view -h -o long.sam long.bam",
            "awk 'NR%4==1{sub(/^@/,\">\"); print} NR%4==2{print}' long.fq > long.fa && " + bwa
                + " -x ont2d genome.fa long.fa 2>/dev/null | samtools sort -o long-noqual.bam -",
            "samtools view -h pe.bam | " + awkTags + " | samtools view -b -o tags.bam -",
            "samtools view -b -s 1.5 pe.bam > g1.bam && samtools view -b -s 2.5 pe.bam > g2.bam"
                + " && samtools addreplacerg -r 'ID:B\\tSM:s2\\tLB:lib2' -o g2b.bam g2.bam"
                + " && samtools merge -f groups.bam g1.bam g2b.bam",
            awkDup + " a1.fq > d1.fq && " + awkDup + " a2.fq > d2.fq && " + bwa + " genome.fa d1.fq d2.fq 2>/dev/null"
                + " | samtools collate -O -u - | samtools fixmate -m -u - - | samtools sort -u - "
                + " | samtools markdup - markdup.bam 2>/dev/null",
            "samtools view -C -T genome.fa -o pe.cram pe.bam && samtools view -b -T genome.fa -o fromcram.bam pe.cram",
            "samtools sort -n -o namesorted.bam pe.bam && samtools view -h -o namesorted.sam namesorted.bam",
            "samtools view -H -b -o empty.bam pe.bam",
            "sed 's/$/\\r/' pe.sam > crlf.sam",
            // odd spacing: spaces in header text, a trailing tab on some records, a comment line of blanks
            "awk 'NR==2{print \"@CO\\t  a comment   with  spaces  \"; print \"@CO\\t\"} /^@/{print; next}"
                + " NR%5==0{print $0 \"\\t\"; next} {print}' pe.sam > odd.sam",
            awkIllumina + " a1.fq > illumina18.fq && pigz -p 1 -k illumina18.fq",
            awkIllumina.replace("r=1", "r=2") + " a2.fq > illumina18_2.fq && " + bwa + " genome.fa illumina18.fq"
                + " illumina18_2.fq 2>/dev/null | samtools sort -o illumina18.bam -",
            // what samtools view prints of the BAMs, and the reads they were made of, for the codecs coded against a stored BAM
            "for b in tags unmapped groups markdup secondary fromcram; do samtools view -h -o $b.sam $b.bam; done",
            "samtools view -o noheader.sam pe.bam",
            // a draft assembly of 8,000 scaffolds: a BAM header of about 400 KB, larger than a chunk
            "wgsim -S " + seed + " -N 6000 -1 100 -2 100 -d 250 -s 20 -e 0.005 scaffolds.fa s1.fq s2.fq > /dev/null 2>&1",
            "bwa index scaffolds.fa 2>/dev/null && " + bwa
                + " scaffolds.fa s1.fq s2.fq 2>/dev/null | samtools sort -o scaffolds.bam -"
                + " && samtools view -h -o scaffolds.sam scaffolds.bam",
            "pigz -p 1 -k a1.fq a2.fq t1.fq p2.fq c1.fq d1.fq long.fq s1.fq",
            awkWrap + " a1.fq > wrapped.fq",
            awkEmpty + " a2.fq > emptylines.fq",
        };
        GenomicsTools.sh(dir, "set -e; " + String.join(" && ", steps), "art_illumina", "bwa", "samtools", "pigz");
    }
}
