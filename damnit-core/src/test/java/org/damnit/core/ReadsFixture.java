package org.damnit.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Sequencing reads made up for tests: Illumina-like FASTQ and SAM, tidy or with awkward layouts. */
final class ReadsFixture {
    private ReadsFixture() {
    }

    static String bases(Random r, int n, boolean awkward) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int x = r.nextInt(1000);
            s.append(x < 3 ? 'N' : awkward && x < 6 ? "acgtRY".charAt(r.nextInt(6)) : "ACGT".charAt(x & 3));
        }
        return s.toString();
    }

    /** Phred+33 qualities that fall along the read, as an instrument's do. */
    static String qualities(Random r, int n) {
        StringBuilder s = new StringBuilder(n);
        int q = 30 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            q = Math.max(2, Math.min(41, q + r.nextInt(5) - 2 - (i > n * 3 / 4 && r.nextInt(4) == 0 ? 1 : 0)));
            s.append((char) (33 + (r.nextInt(20) == 0 ? 2 + r.nextInt(10) : q)));
        }
        return s.toString();
    }

    static String name(Random r, int i) {
        return "SIM:1:FCX:" + (1 + i / 5000) + ":" + (1101 + i / 1000) + ":" + (1000 + r.nextInt(20000)) + ":"
            + (1000 + i * 7 % 30000);
    }

    /** {@code records} FASTQ records; awkward ones mix line endings, '+' lines, junk and broken records. */
    static byte[] fastq(long seed, int records, boolean awkward) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < records; i++) {
            String nl = awkward && r.nextInt(10) == 0 ? "\r\n" : "\n";
            String name = name(r, i) + (r.nextBoolean() ? " 1:N:0:ATCACG" : "/1");
            int len = awkward ? r.nextInt(10) == 0 ? r.nextInt(3) : 1 + r.nextInt(300) : 150;
            String plus = !awkward ? "" : switch (r.nextInt(4)) {
                case 0 -> name;
                case 1 -> "x" + r.nextInt(9);
                default -> "";
            };
            String qual = qualities(r, len);
            if (awkward && r.nextInt(30) == 0) {
                qual = qual.substring(0, len / 2); // a broken record
            }
            s.append('@').append(name).append(nl).append(bases(r, len, awkward)).append(nl).append('+').append(plus)
                .append(nl).append(qual).append(nl);
            if (awkward && r.nextInt(40) == 0) {
                s.append(r.nextBoolean() ? "\n" : "# junk \u00e9\t\0line\n");
            }
        }
        if (awkward && s.length() > 0 && r.nextBoolean()) {
            s.setLength(s.length() - 1);
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A file under the test resources. */
    static byte[] resource(String name) throws java.io.IOException {
        try (java.io.InputStream in = ReadsFixture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new java.io.FileNotFoundException(name);
            }
            return in.readAllBytes();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * A coordinate-sorted SAM of read pairs over a made-up genome: header, mates with PNEXT/TLEN, soft
     * clips, indels, unmapped reads, tags; awkward ones add CRLF, numbers that do not print back the
     * same, short and odd lines, '*' fields and no final newline.
     */
    static byte[] sam(long seed, int pairs, boolean awkward) {
        Random r = new Random(seed);
        String genome = bases(r, 20_000, false).replace('N', 'A');
        StringBuilder s = new StringBuilder("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:20000\n@RG\tID:S1\tSM:S1\n");
        java.util.TreeMap<Long, String> lines = new java.util.TreeMap<>();
        for (int i = 0; i < pairs; i++) {
            String name = "chr1-" + r.nextInt(1_000_000);
            int len = awkward && r.nextInt(20) == 0 ? 1 + r.nextInt(200) : 150;
            int p1 = 1 + r.nextInt(20_000 - 700);
            int p2 = p1 + r.nextInt(400);
            int tlen = p2 + len - p1;
            for (int m = 0; m < 2; m++) {
                int pos = m == 0 ? p1 : p2;
                int flag = (m == 0 ? 99 : 147);
                String seq = mutate(r, genome.substring(pos - 1, pos - 1 + len));
                String cigar = len + "M";
                if (r.nextInt(8) == 0 && len > 20) {
                    cigar = "5S" + (len - 5) + "M";
                } else if (r.nextInt(10) == 0 && len > 20) {
                    cigar = "50M2I" + (len - 52) + "M";
                } else if (r.nextInt(10) == 0 && len > 20) {
                    cigar = "60M3D" + (len - 60) + "M";
                }
                String qual = qualities(r, len);
                String rname = "chr1";
                if (awkward && r.nextInt(30) == 0) {
                    flag = m == 0 ? 77 : 141;
                    cigar = "*";
                    rname = "*";
                }
                StringBuilder l = new StringBuilder();
                l.append(name).append('\t').append(flag).append('\t').append(rname).append('\t').append(pos)
                    .append('\t').append(60 - r.nextInt(3) * r.nextInt(20)).append('\t').append(cigar).append("\t=\t")
                    .append(m == 0 ? p2 : p1).append('\t').append(m == 0 ? tlen : -tlen).append('\t')
                    .append(awkward && r.nextInt(40) == 0 ? "*" : seq).append('\t')
                    .append(awkward && r.nextInt(40) == 0 ? "*" : qual).append("\tNM:i:").append(r.nextInt(3))
                    .append("\tMD:Z:").append(r.nextInt(150)).append('A').append(r.nextInt(100)).append("\tAS:i:")
                    .append(140 + r.nextInt(11));
                if (r.nextInt(5) == 0) {
                    l.append("\tXS:i:").append(r.nextInt(100) - 20);
                }
                l.append("\tRG:Z:S1");
                if (awkward) {
                    switch (r.nextInt(60)) {
                        case 0 -> l.replace(0, name.length(), name + "\t+5");
                        case 1 -> l.append("\tXF:f:1.5e3\tXB:B:c,1,2,3");
                        case 2 -> l.setLength(l.indexOf("\t", name.length() + 1) + 1);
                        case 3 -> l.insert(name.length() + 1, "0");
                        case 4 -> l.append("\tXZ:Z:");
                        case 5 -> l.append("\tYi:i:-0");
                        default -> {
                        }
                    }
                }
                l.append(awkward && r.nextInt(15) == 0 ? "\r\n" : "\n");
                if (awkward && r.nextInt(100) == 0) {
                    l.append("@CO\ta comment in the middle\n");
                }
                lines.put((long) pos << 32 | r.nextInt() >>> 1, l.toString());
            }
        }
        lines.values().forEach(s::append);
        if (awkward && r.nextBoolean()) {
            s.setLength(s.length() - 1);
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A read of the genome with an instrument's substitutions. */
    private static String mutate(Random r, String read) {
        char[] c = read.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (r.nextInt(100) == 0) {
                c[i] = "ACGTN".charAt(r.nextInt(5));
            }
        }
        return new String(c);
    }
}
