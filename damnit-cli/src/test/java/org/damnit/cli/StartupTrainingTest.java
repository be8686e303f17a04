package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload {@code bin/damnit} records its start-up archive from: every command of it succeeds, and it
 * goes through the paths a user's commands take, the content codecs' among them (a training that no
 * longer reached them would still succeed, and later commands would quietly start colder).
 */
class StartupTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandSucceedsAndTheSequencingProjectGoesThroughTheDeepForm() throws Exception {
        StartupTraining.Result r = StartupTraining.train(tmp);
        assertThat(r.failures()).as("commands of the training that failed").isZero();

        // deepOnCommit gave the BAM (htsjdk's BGZF) and both FASTQ.gz files (the JDK's gzip) their containers
        // as they were committed: their walk re-created every block and member
        assertThat(field(r.repack(), "files")).as(r.repack()).isEqualTo(6);
        assertThat(field(r.repack(), "alreadyDeep")).as(r.repack()).isEqualTo(3);
        assertThat(field(r.repack(), "converted")).as(r.repack()).isZero();

        // every file restored byte for byte, from the plain form and (after gc) from the deep form
        Path project = tmp.resolve("sequencing");
        List<Path> files;
        try (Stream<Path> s = Files.walk(project)) {
            files = s.filter(Files::isRegularFile).map(project::relativize).toList();
        }
        assertThat(files).hasSize(6);
        for (String restored : List.of("plain-restored", "deep-restored")) {
            for (Path f : files) {
                assertThat(Files.mismatch(project.resolve(f), tmp.resolve(restored).resolve(f))).as(restored + "/" + f)
                    .isEqualTo(-1L);
            }
        }

        // the deep form is that of the content codecs: the BAM against the reference, the SAM against the
        // BAM's records, the reads against them too, the depth table by columns
        long input = 0;
        for (Path f : files) {
            input += Files.size(project.resolve(f));
        }
        long plain = storeBytes(tmp.resolve("plain"));
        long deep = storeBytes(tmp.resolve("deep"));
        assertThat(deep).as("the deep store against the plain one (" + plain + " bytes of " + input + ")")
            .isLessThan(plain / 4);
    }

    private static int field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Bytes of the packs of the repository of the working tree {@code tree}. */
    private static long storeBytes(Path tree) throws IOException {
        try (Stream<Path> s = Files.walk(tree.resolve(".damnit"))) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().contains("/packs/")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
