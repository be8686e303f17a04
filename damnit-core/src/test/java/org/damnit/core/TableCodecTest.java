package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;

/** The table codec: exact text back whatever the formatting, or a clean refusal; damage is named. */
class TableCodecTest {
    private final TableCodec codec = new TableCodec();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Encodes and decodes; the decoded bytes must be the input, or the codec must decline. */
    private byte[] roundTrip(byte[] data) throws CorruptObjectException {
        byte[] p = codec.encode(null, data, 3);
        if (p != null) {
            assertThat(codec.decode("chunk t", null, p, 0, p.length, data.length)).isEqualTo(data);
        }
        return p;
    }

    /** A per-base depth table as {@code samtools depth -a} writes it: depth drifting as reads start and end. */
    static byte[] depthTable(long seed, int lines) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(lines * 14);
        int depth = 0;
        for (int i = 1; i <= lines; i++) {
            if (r.nextInt(8) == 0) {
                depth = Math.max(0, depth + r.nextInt(-2, 3));
            }
            sb.append(i <= lines / 2 ? "chr1" : "chr2").append('\t').append(i <= lines / 2 ? i : i - lines / 2)
                .append('\t').append(depth).append('\n');
        }
        return ascii(sb.toString());
    }

    @Test
    void aDepthTableStoresInAFractionOfZstd19() throws Exception {
        byte[] d = depthTable(1, 80_000);
        assertThat(codec.recognises(d, 0, d.length)).isTrue();
        byte[] p = roundTrip(d);
        assertThat(p).isNotNull();
        assertThat((double) p.length).as("table codec vs zstd -19").isLessThan(0.5 * Delta.zstd(d, 19).length);
    }

    @Test
    void awkwardFormattingComesBackExactly() throws Exception {
        String[] tables = {
            // leading zeros, plus signs, exponents, trailing zeros, negative zero, empty fields, spaces
            "id\tvalue\tnote\n" + "007\t+1\t a\n" + "1\t1e5\tb \n" + "2\t1.50\t\n" + "3\t-0\tc\n" + "4\t-0.0\td\n"
                + "5\t.5\te\n" + "6\t5.\tf\n" + "7\t123456789012345678901234\tg\n" + "8\t-12.3400\th\n" + "9\t0\ti",
            // CRLF and LF mixed, a ragged row, comments, a blank line, no final newline
            "a,b,c\r\n1,2,3\r\n4,5\r\n# comment\n\n6,7,8,9\n10,11,12\r\n13,14,15",
            // a VCF-like body with a header
            "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                + "chr1\t100\t.\tA\tG\t50.1\tPASS\tDP=10;AF=0.5\n" + "chr1\t150\trs1\tAT\tA\t3e2\t.\tDP=8\n"
                + "chr2\t7\t.\tC\tT,G\t.\tq10\tDP=0;AF=1.00\n",
            // identifiers with zero-padded counters, one reaching a new width
            "ENSG00000000098\tS1\nENSG00000000099\tS2\nENSG00000000100\tS1\nENSG00000000101\tS10\nX9\tS9\nX10\tS1\n",
            // values of one shape with several numbers changing: padded, growing, shrinking, huge
            "k\tDP=9;X=007;Y=1,2\nk\tDP=10;X=008;Y=0,3\nk\tDP=10;X=1000;Y=0,3\nk\tDP=8;X=0999;Y=00,3\n"
                + "k\tDP=8;X=0999;Y=999999999999999999,3\nk\tDP=8;X=0999;Y=1000000000000000000,3\nk\tDP=-1;X=a\n"
                + "k\tDP=-2;X=b\n",
        };
        for (String t : tables) {
            byte[] d = ascii(t);
            for (int cut = 0; cut < d.length; cut++) { // every cut, as chunk boundaries fall
                roundTrip(Arrays.copyOfRange(d, 0, cut));
                roundTrip(Arrays.copyOfRange(d, cut, d.length));
            }
            assertThat(roundTrip(d)).as(t).isNotNull();
        }
    }

    @Test
    void recognisesTablesByContentAndNothingElse() {
        byte[] depth = depthTable(2, 100);
        assertThat(codec.recognises(depth, 0, depth.length)).isTrue();
        byte[] csv = ascii("a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n15,16\n");
        assertThat(codec.recognises(csv, 0, csv.length)).isTrue();
        byte[] fasta = ascii(">chr1\n" + "ACGTACGTAC\n".repeat(50));
        assertThat(codec.recognises(fasta, 0, fasta.length)).isFalse();
        byte[] prose = ascii("It was the best of times, it was the worst of times.\n".repeat(3) + "Tab\there\n");
        assertThat(codec.recognises(prose, 0, prose.length)).isFalse();
        byte[] binary = depthTable(3, 100);
        binary[50] = 0;
        assertThat(codec.recognises(binary, 0, binary.length)).isFalse();
        byte[] few = ascii("a\tb\n1\t2\n");
        assertThat(codec.recognises(few, 0, few.length)).isFalse();
    }

    @Test
    void whatItCannotModelItDeclines() throws Exception {
        assertThat(codec.encode(null, ascii("no newline at all"), 3)).isNull();
        assertThat(codec.encode(null, ascii("one line\n"), 3)).isNull();
        assertThat(codec.encode(null, ascii("x\nno separators\nat all\n"), 3)).isNull();
    }

    @Test
    void aDamagedPayloadIsNamedDamage() throws Exception {
        byte[] d = depthTable(4, 5000);
        byte[] p = codec.encode(null, d, 3);
        byte[] newer = p.clone();
        newer[0] = (byte) (TableCodec.VERSION + 1);
        assertThatThrownBy(() -> codec.decode("chunk 1234 in packs/x", null, newer, 0, newer.length, d.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk 1234 in packs/x")
            .hasMessageContaining("table payload version");
        assertThatThrownBy(() -> codec.decode("chunk 1234", null, p, 0, p.length / 2, d.length))
            .isInstanceOf(CorruptObjectException.class).hasMessageContaining("chunk 1234");
    }

    @Property(tries = 300)
    void damageNeverEscapesAsAnotherException(@ForAll("tables") byte[] table, @ForAll long seed) {
        damageIsNamed(table, seed);
    }

    @Property(tries = 300)
    void damageToSubColumnsNeverEscapesAsAnotherException(@ForAll("vcfLike") byte[] table, @ForAll long seed) {
        damageIsNamed(table, seed);
    }

    private void damageIsNamed(byte[] table, long seed) {
        byte[] p = codec.encode(null, table, 3);
        if (p == null) {
            return;
        }
        SplittableRandom r = new SplittableRandom(seed);
        byte[] bad = p.clone();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            bad[1 + r.nextInt(bad.length - 1)] ^= (byte) (1 + r.nextInt(255));
        }
        int len = r.nextInt(4) == 0 ? r.nextInt(bad.length + 1) : bad.length;
        try {
            byte[] out = codec.decode("chunk d", null, bad, 0, len, table.length);
            assertThat(out).hasSize(table.length); // wrong bytes are caught by the chunk's SHA-256
        } catch (CorruptObjectException e) {
            assertThat(e).hasMessageContaining("chunk d");
        }
    }

    @Property(tries = 400)
    void randomTablesComeBackExactlyOrAreDeclined(@ForAll("tables") byte[] table, @ForAll("cuts") int cut)
        throws Exception {
        roundTrip(table);
        int at = Math.min(cut, table.length);
        roundTrip(Arrays.copyOfRange(table, at, table.length)); // a chunk starting inside a line
    }

    @Property(tries = 300)
    void vcfLikeTablesComeBackExactly(@ForAll("vcfLike") byte[] table, @ForAll("cuts") int cut) throws Exception {
        roundTrip(table);
        roundTrip(Arrays.copyOfRange(table, Math.min(cut, table.length), table.length));
    }

    /**
     * Lines of INFO-like, FORMAT-like and sample-like cells, awkward ones included (empty items, keys
     * without values, values holding the separators, more parts than the FORMAT names, 40 parts).
     */
    @Provide
    Arbitrary<byte[]> vcfLike() {
        Arbitrary<String> info = Arbitraries.of("DP=3;AF=0.5", "DP=10;AF=1.00;INDEL", "INDEL;DP=7", ".", "", "DP=",
            "=5", ";;", "A=B=C;DP=2", "DP=3;DP=4", "DP=-1;X=a,b", "DP=8;AF=0.5,0.25;MQ=60");
        Arbitrary<String> format = Arbitraries.of("GT:AD:DP", "GT:AD:DP", "GT:PL", "GT", "GT:AD:DP:GQ:PL", "A::B",
            "1:2");
        Arbitrary<String> sample = Arbitraries.oneOf(List.of(
            Arbitraries.of("0/1:3,4:7", "./.", "0|0:.:0", "1/1:0,12:12:33:255,33,0", ":", "::", "0/0:1,2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20:21:22:23:24:25:26:27:28:29:30:31:32:33:34:35",
                "0/1:,:", "0/1:3,4,:7"),
            Arbitraries.integers().between(0, 99).map(i -> "0/1:" + i + "," + (99 - i) + ":" + 99)));
        Arbitrary<String> line = Combinators.combine(Arbitraries.integers().between(1, 9999), info, format,
            sample.list().ofMinSize(1).ofMaxSize(4)).as((pos, i, f, s) -> "chr1\t" + pos + "\t" + i + "\t" + f
                + "\t" + String.join("\t", s));
        return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(200), Arbitraries.of("\n", "\r\n", ""))
            .as((lines, last) -> ascii("#CHROM\tPOS\tINFO\tFORMAT\tS1\n" + String.join("\n", lines) + last));
    }

    @Test
    void writesVersion2AndStillReadsVersion1() throws Exception {
        byte[] table = ReadsFixture.resource("codecs/table-v1.tsv");
        byte[] v1 = ReadsFixture.resource("codecs/table-v1.payload"); // written by the version 1 encoder
        assertThat(v1[0]).isEqualTo((byte) 1);
        assertThat(codec.decode("v1", null, v1, 0, v1.length, table.length)).isEqualTo(table);
        byte[] v2 = roundTrip(table);
        assertThat(v2[0]).isEqualTo((byte) TableCodec.VERSION).isEqualTo((byte) 2);
        assertThat(v2.length).as("INFO and samples in sub-columns").isLessThan(v1.length);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 400);
    }

    /** Tables of random shape with awkward cells: numbers of every format, quotes, spaces, CR, ragged rows. */
    @Provide
    Arbitrary<byte[]> tables() {
        Arbitrary<String> cell = Arbitraries.oneOf(List.of(
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.integers().between(0, 1000).map(i -> String.format("%05d", i)),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.integers().between(-50, 50).map(i -> i + ".00"),
            Arbitraries.of("", " ", "-0", "+3", "1e-9", "NaN", ".", "\"a,b\"", "chr1", "chrX", "x\r", "é", "0.0",
                "-", "00", "1.", ".5"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12),
            Arbitraries.integers().between(0, 99).map(i -> "ENSG000" + i)));
        Arbitrary<String> sep = Arbitraries.of("\t", ",");
        Arbitrary<String> end = Arbitraries.of("\n", "\n", "\n", "\r\n", "");
        return Combinators.combine(sep, Arbitraries.integers().between(1, 6), cell.list().ofMinSize(1).ofMaxSize(400),
            end, Arbitraries.integers().between(0, 30)).as((s, k, cells, last, ragged) -> {
                StringBuilder sb = new StringBuilder();
                if (ragged % 7 == 0) {
                    sb.append("# header line\n");
                }
                for (int i = 0; i < cells.size(); i++) {
                    sb.append(cells.get(i));
                    boolean lineEnd = (i + 1) % k == 0 || (ragged > 0 && i % (ragged + 10) == 3);
                    sb.append(i + 1 == cells.size() ? last : lineEnd ? (i % 5 == 0 ? "\r\n" : "\n") : s);
                }
                return ascii(sb.toString());
            });
    }
}
