package org.damnit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompanionsTest {
    @Test
    void pairsAreRecognisedBothWays() {
        assertThat(Companions.of("aln/A.bam")).contains("aln/A.bam.bai", "aln/A.bai");
        assertThat(Companions.of("aln/A.bam.bai")).containsExactly("aln/A.bam");
        assertThat(Companions.of("aln/A.bai")).containsExactly("aln/A.bam");
        assertThat(Companions.of("x.cram")).contains("x.cram.crai");
        assertThat(Companions.of("calls/c.vcf.gz")).contains("calls/c.vcf.gz.tbi", "calls/c.vcf.gz.csi");
        assertThat(Companions.of("calls/c.vcf.gz.tbi")).containsExactly("calls/c.vcf.gz");
        assertThat(Companions.of("ref/genome.fa")).containsExactly("ref/genome.fa.fai");
        assertThat(Companions.of("notes.txt")).isEmpty();
    }

    @Test
    void aDataFileChangedWithoutItsIndexIsWarnedAbout() {
        List<Companions.Stale> w = Companions.stale(List.of("aln/A.bam", "calls/c.vcf.gz", "calls/c.vcf.gz.tbi"),
            List.of("aln/A.bam", "aln/A.bam.bai", "calls/c.vcf.gz", "calls/c.vcf.gz.tbi"));
        assertThat(w).containsExactly(new Companions.Stale("aln/A.bam", "aln/A.bam.bai"));
    }
}
