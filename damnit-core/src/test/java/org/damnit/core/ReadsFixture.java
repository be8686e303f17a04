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

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
