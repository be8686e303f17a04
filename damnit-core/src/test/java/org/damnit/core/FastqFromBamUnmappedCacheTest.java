package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record cache is read by position, never mapped: decoding from it (cold, then from the files it
 * wrote) leaves no mapping of its files, so a process's resident size does not grow with what it reads.
 */
class FastqFromBamUnmappedCacheTest {
    @TempDir
    Path tmp;

    @Test
    void decodingFromTheRecordCacheMapsNoneOfItsFiles() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "a /proc file system");
        FastqFromBamPayloads.OneChunk c = FastqFromBamPayloads.OneChunk.everyReadLastFirst(tmp);
        Path cache = tmp.resolve("cache").resolve("fqbam");
        for (int round = 0; round < 2; round++) { // builds the entries, then reads them from their files
            byte[] fastq = c.decode("good", new BamRecords(cache), c.payload());
            assertThat(new String(fastq, StandardCharsets.US_ASCII)).isEqualTo(c.expected());
        }
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> p.getParent().endsWith("records")))
                .as("entries written to the cache").isNotEmpty();
        }
        assertThat(Files.readAllLines(maps)).as("mappings of the record cache")
            .noneMatch(l -> l.contains(cache.resolve("records").toString()));
    }
}
