package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads of FASTQ from BAM records (codec 12) built by hand as docs/FORMAT.md describes them, against
 * the records of one BAM content chunk samtools made: the reads they name, and damaged ones (truncated,
 * huge lengths, varints that never end, flipped bytes) refused as damage or decoded to garbage of the
 * chunk's length, allocating at most a few times what the good one does.
 */
class FastqFromBamReadOnlyTest {
    // reading never needs writing (GUARANTEES): a record cache that cannot be written
    @TempDir
    Path tmp;

    @Test
    void handBuiltPayloadsAndDamagedOnes() throws Exception {
        byte[] d = GenomicsTools.bamContent(tmp, new String(ReadsFixture.sam(8, 100, false), StandardCharsets.ISO_8859_1));
        int first = 12 + BamCodec.le32(d, 4);
        first += 4 + BamCodec.le32(d, first) + 4;
        List<Integer> starts = new ArrayList<>();
        for (int p = first, e; (e = SamText.recordEnd(d, p, d.length)) >= 0; p = e) {
            starts.add(p);
        }
        int n = starts.size();
        int width = 32 - Integer.numberOfLeadingZeros(n);
        Columns.Sink ops = new Columns.Sink();
        long raw = 0;
        long acc = 0;
        int held = 0;
        Columns.Sink bits = new Columns.Sink();
        for (int g = n - 1; g >= 0; g--) { // every read, last record first, each as its own four lines
            ops.put(1);
            int r = starts.get(g);
            raw += (d[r + 12] & 0xFF) + 2L * BamCodec.le32(d, r + 20) + 5;
            for (int b = width - 1; b >= 0; b--) {
                acc = acc << 1 | (g >>> b & 1);
                if (++held == 8) {
                    bits.put((int) acc);
                    acc = 0;
                    held = 0;
                }
            }
        }
        if (held > 0) {
            bits.put((int) (acc << (8 - held)));
        }
        Columns.Sink s = new Columns.Sink();
        s.put(1);
        s.varint(1);
        s.varint(first + 1);
        s.varint(n);
        s.put(0);
        s.varint(n);
        s.block(Columns.pack(ops));
        s.block(Columns.pack(new Columns.Sink()));
        s.block(Columns.pack(new Columns.Sink()));
        s.varint(width);
        s.block(bits.bytes());
        s.varint(0);
        s.put(0);
        byte[] payload = s.bytes();
        ObjectId chunk = ObjectDb.sha256(d, 0, d.length);
        java.nio.file.Files.writeString(tmp.resolve("ro"), "a file where the cache directory would be");
        BamRecords records = new BamRecords(tmp.resolve("ro").resolve("fqbam")); // nothing can be written there
        BamRecords.Chunks reader = id -> {
            if (!id.equals(chunk)) {
                throw new CorruptObjectException("no chunk " + id);
            }
            return d;
        };
        byte[] fastq = FastqFromBam.decode("good", List.of(chunk), records, reader, payload, 0, payload.length, (int) raw);
        // as samtools prints the reads (no /1 /2, reversed records reverse-complemented), in the payload's order
        GenomicsTools.sh(tmp, "samtools fastq -n out.bam > out.fq 2>/dev/null", "samtools");
        List<String> lines = java.nio.file.Files.readAllLines(tmp.resolve("out.fq"));
        StringBuilder expected = new StringBuilder();
        for (int i = lines.size() - 4; i >= 0; i -= 4) {
            expected.append(String.join("\n", lines.subList(i, i + 4))).append('\n');
        }
        assertThat(new String(fastq, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }
}
