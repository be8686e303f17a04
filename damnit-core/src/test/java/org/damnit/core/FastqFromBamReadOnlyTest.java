package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading never needs writing (GUARANTEES): a hand-built payload of FASTQ from BAM records (codec 12)
 * decodes to the reads it names where the record cache cannot be written.
 */
class FastqFromBamReadOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void aPayloadDecodesWhereTheRecordCacheCannotBeWritten() throws Exception {
        FastqFromBamPayloads.OneChunk c = FastqFromBamPayloads.OneChunk.everyReadLastFirst(tmp);
        Files.writeString(tmp.resolve("ro"), "a file where the cache directory would be");
        BamRecords records = new BamRecords(tmp.resolve("ro").resolve("fqbam")); // nothing can be written there
        byte[] fastq = c.decode("good", records, c.payload());
        assertThat(new String(fastq, StandardCharsets.US_ASCII)).isEqualTo(c.expected());
    }
}
