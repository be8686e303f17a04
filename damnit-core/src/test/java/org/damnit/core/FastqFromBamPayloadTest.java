package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.damnit.CorruptObjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads of FASTQ from BAM records (codec 12) built by hand as docs/FORMAT.md describes them, against
 * the records of one BAM content chunk samtools made: the reads they name, and damaged ones (truncated,
 * huge lengths, varints that never end, flipped bytes) refused as damage or decoded to garbage of the
 * chunk's length, allocating at most a few times what the good one does.
 */
class FastqFromBamPayloadTest {
    @TempDir
    Path tmp;

    @Test
    void handBuiltPayloadsAndDamagedOnes() throws Exception {
        FastqFromBamPayloads.OneChunk c = FastqFromBamPayloads.OneChunk.everyReadLastFirst(tmp);
        byte[] payload = c.payload();
        int raw = c.rawLength();
        BamRecords records = new BamRecords(tmp.resolve("cache"));
        byte[] fastq = c.decode("good", records, payload);
        assertThat(new String(fastq, StandardCharsets.US_ASCII)).isEqualTo(c.expected());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long a0 = threads.getThreadAllocatedBytes(me);
        c.decode("good", records, payload);
        long good = threads.getThreadAllocatedBytes(me) - a0;
        long most = 0;
        String worst = null;
        for (Map.Entry<String, byte[]> e : HostilePayloads.damaged(payload, 12).entrySet()) {
            byte[] bad = e.getValue();
            long a = threads.getThreadAllocatedBytes(me);
            try {
                assertThat(c.decode("pack 1", records, bad)).as(e.getKey()).hasSize(raw);
            } catch (CorruptObjectException x) {
                assertThat(x.getMessage()).as(e.getKey()).startsWith("pack 1 ");
            }
            long used = threads.getThreadAllocatedBytes(me) - a;
            if (used > most) {
                most = used;
                worst = e.getKey();
            }
        }
        System.out.println("codec 12: the good payload allocated " + good + ", a damaged one at most " + most + " (" + worst + ")");
        assertThat(most).as(worst).isLessThanOrEqualTo(4 * good + (1 << 20));
    }
}
