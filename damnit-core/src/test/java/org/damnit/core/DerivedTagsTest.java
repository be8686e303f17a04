package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** MD and NM as htslib's calmd computes them from the bases, the CIGAR and the reference. */
class DerivedTagsTest {
    /** A span of reference positions [10, 10 + ref.length()) with these bases. */
    private static ReferenceSpans.Span span(String ref) {
        byte[] codes = new byte[ref.length()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = ReadModels.BASE_CODE[ref.charAt(i)];
        }
        return new ReferenceSpans.Span(0, 10, 10 + codes.length, 0, 60, 61, codes);
    }

    /** The read's bases as BAM packs them. */
    private static byte[] nibbles(String read) {
        byte[] d = new byte[(read.length() + 1) / 2];
        for (int i = 0; i < read.length(); i++) {
            int nib = "=ACMGRSVTWYHKDBN".indexOf(read.charAt(i));
            d[i >> 1] |= (byte) ((i & 1) == 0 ? nib << 4 : nib);
        }
        return d;
    }

    private static String md(DerivedTags t) {
        byte[] b = new byte[t.mdLength()];
        t.mdInto(b, 0);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void mismatchesDeletionsInsertionsAndClipsAsCalmdWritesThem() {
        //                  ref  ACGTACGTACGTACGTACGT (positions 10-29)
        ReferenceSpans.Span span = span("ACGTACGTACGTACGTACGT");
        DerivedTags t = new DerivedTags();
        // 2S at the read's start, 4M from position 12 with a mismatch (A for T at 13), 2D (positions
        // 16-17), 1I, 3M from position 18, the last a read N
        String read = "TT" + "GAAC" + "G" + "ACN";
        byte[] ops = {'S', 'M', 'D', 'I', 'M'};
        int[] lens = {2, 4, 2, 1, 3};
        assertThat(t.compute(span, 12, ops, lens, 5, nibbles(read), 0, read.length())).isTrue();
        // position 12 G = G, 13 T vs A, 14 A = A, 15 C = C; ^GT; 18 A = A, 19 C = C, 20 G vs N
        assertThat(md(t)).isEqualTo("1T2^GT2G0");
        assertThat(t.nm()).isEqualTo(1 + 2 + 1 + 1);
        assertThat(t.mdEquals("1T2^GT2G0".getBytes(StandardCharsets.US_ASCII), 0, 9)).isTrue();
    }

    @Test
    void aReadOfTheReferenceAndTheEqualsSign() {
        DerivedTags t = new DerivedTags();
        String read = "ACGT=CGTACGT";
        assertThat(t.compute(span("ACGTACGTACGTACGTACGT"), 10, new byte[] {'M'}, new int[] {12}, 1, nibbles(read), 0,
            12)).isTrue();
        assertThat(md(t)).isEqualTo("12");
        assertThat(t.nm()).isZero();
        DerivedTags p = new DerivedTags();
        p.perfect(12);
        assertThat(md(p)).as("a read that matches over one operation").isEqualTo("12");
        assertThat(p.nm()).isZero();
    }

    @Test
    void notDerivableOutsideTheSpanOverAnUnknownBaseOrPastTheRead() {
        DerivedTags t = new DerivedTags();
        byte[] read = nibbles("ACGTACGT");
        byte[] m = {'M'};
        assertThat(t.compute(span("ACGTACGTACGTACGTACGT"), 25, m, new int[] {8}, 1, read, 0, 8)).isFalse();
        assertThat(t.compute(span("ACGTNCGTACGTACGTACGT"), 10, m, new int[] {8}, 1, read, 0, 8)).isFalse();
        assertThat(t.compute(span("ACGTACGTACGTACGTACGT"), 10, m, new int[] {9}, 1, read, 0, 8)).isFalse();
        assertThat(t.compute(null, 10, m, new int[] {8}, 1, read, 0, 8)).isFalse();
    }
}
