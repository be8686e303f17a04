package org.damnit.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * Payloads of FASTQ from BAM records (codec 12) built by hand as docs/FORMAT.md describes them: every read
 * a record's, each as its own four lines, no own bytes; for tests of the decoder that must not depend on
 * the encoder.
 */
final class FastqFromBamPayloads {
    private FastqFromBamPayloads() {
    }

    /** Where the first record of BAM content {@code d} starts (after the header and its references). */
    static int firstRecord(byte[] d) {
        int first = 12 + BamCodec.le32(d, 4);
        return first + 4 + BamCodec.le32(d, first) + 4;
    }

    /** The starts of the records of BAM content {@code d}, in order, then the end of the last. */
    static List<Integer> records(byte[] d) {
        List<Integer> starts = new ArrayList<>();
        int end = firstRecord(d);
        for (int p = end, e; (e = SamText.recordEnd(d, p, d.length)) >= 0; p = e) {
            starts.add(p);
            end = e;
        }
        starts.add(end);
        return starts;
    }

    /** The FASTQ bytes of the read of the record at {@code r} of {@code d}: name, bases, "+", qualities, 4 LFs. */
    static long fastqBytes(byte[] d, int r) {
        return (d[r + 12] & 0xFF) + 2L * BamCodec.le32(d, r + 20) + 5;
    }

    /**
     * A payload whose bases' records start at {@code firstOffsets} of each base chunk (-1: none) and
     * number {@code counts}, naming the records at {@code places} (ordinals across the bases) in order.
     */
    static byte[] payload(int[] firstOffsets, int[] counts, long[] places) {
        Columns.Sink s = new Columns.Sink();
        s.put(1);
        s.varint(firstOffsets.length);
        long total = 0;
        for (int i = 0; i < firstOffsets.length; i++) {
            s.varint(firstOffsets[i] + 1);
            s.varint(counts[i]);
            s.put(0); // no record spills into the next base
            total += counts[i];
        }
        int width = 64 - Long.numberOfLeadingZeros(total);
        Columns.Sink ops = new Columns.Sink();
        Columns.Sink bits = new Columns.Sink();
        long acc = 0;
        int held = 0;
        for (long g : places) {
            ops.put(1); // a read of a record
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
        s.varint(places.length);
        s.block(Columns.pack(ops));
        s.block(Columns.pack(new Columns.Sink())); // no own lines
        s.block(Columns.pack(new Columns.Sink())); // no comments
        s.varint(width);
        s.block(bits.bytes());
        s.varint(0); // no residual
        s.put(0);
        return s.bytes();
    }

    /**
     * One BAM content chunk that samtools made of 100 reads on 8 references ({@code out.bam} in its
     * directory) and the payload naming every read of it, last record first.
     */
    record OneChunk(Path dir, byte[] content, ObjectId chunk, byte[] payload, int rawLength) {
        static OneChunk everyReadLastFirst(Path dir) throws Exception {
            byte[] d = GenomicsTools.bamContent(dir, new String(ReadsFixture.sam(8, 100, false), StandardCharsets.ISO_8859_1));
            List<Integer> starts = records(d);
            int n = starts.size() - 1;
            long[] places = new long[n];
            long raw = 0;
            for (int g = n - 1; g >= 0; g--) {
                places[n - 1 - g] = g;
                raw += fastqBytes(d, starts.get(g));
            }
            byte[] payload = FastqFromBamPayloads.payload(new int[] {firstRecord(d)}, new int[] {n}, places);
            return new OneChunk(dir, d, ObjectDb.sha256(d, 0, d.length), payload, Math.toIntExact(raw));
        }

        /** Reads this chunk and no other. */
        BamRecords.Chunks reader() {
            return id -> {
                if (!id.equals(chunk)) {
                    throw new CorruptObjectException("no chunk " + id);
                }
                return content;
            };
        }

        /** {@code p} decoded against this chunk through {@code records}. */
        byte[] decode(String where, BamRecords records, byte[] p) throws DamnitException {
            return FastqFromBam.decode(where, List.of(chunk), records, reader(), p, 0, p.length, rawLength);
        }

        /** The reads as samtools prints them (no /1 /2, reversed records reverse-complemented), in the payload's order. */
        String expected() throws Exception {
            GenomicsTools.sh(dir, "samtools fastq -n out.bam > out.fq 2>/dev/null", "samtools");
            List<String> lines = Files.readAllLines(dir.resolve("out.fq"));
            StringBuilder expected = new StringBuilder();
            for (int i = lines.size() - 4; i >= 0; i -= 4) {
                expected.append(String.join("\n", lines.subList(i, i + 4))).append('\n');
            }
            return expected.toString();
        }
    }
}
