package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.testkit.Samtools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FASTQ and SAM written by samtools, through the public API: committed with the read codecs, restored
 * and read at random positions byte for byte, verified, and an edited version stored by its changed
 * chunks only.
 */
class ReadCodecsRepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void readsAndAlignmentsCommitRestoreVerifyAndSeekByteExact() throws Exception {
        Samtools.require();
        Path p = tmp.resolve("project");
        Files.createDirectories(p);
        Path made = tmp.resolve("fixture.sam");
        Files.write(made, ReadsFixture.sam(11, 4000, false));
        Path sam = p.resolve("aln.sam");
        Files.writeString(sam, Samtools.run(tmp, "samtools", "view", "-h", made.toString()));
        Files.writeString(p.resolve("reads.fq"), Samtools.run(tmp, "samtools", "fastq", made.toString()));
        Repository.init(p).close();
        TreeFixture.setDeepOnCommit(p); // content codecs are the deep form's
        try (Repository repo = Repository.open(p)) {
            repo.commit().setMessage("reads").setAuthor("Ada", "ada@example.org").call();
            Map<Integer, Integer> codecs = DeepRecodeTest.codecsInPackIndexes(p);
            assertThat(codecs.getOrDefault(ChunkCodecs.FASTQ.id(), 0)).as("FASTQ chunks").isPositive();
            assertThat(codecs.getOrDefault(ChunkCodecs.SAM.id(), 0)).as("SAM chunks").isGreaterThan(1);

            Path out = tmp.resolve("restored");
            repo.restore().setTarget(out).call();
            for (String f : new String[] {"aln.sam", "reads.fq"}) {
                assertThat(Files.mismatch(p.resolve(f), out.resolve(f))).as(f).isEqualTo(-1);
            }
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();

            byte[] whole = Files.readAllBytes(sam);
            Random r = new Random(5);
            try (SeekableFile f = repo.openSeekable("HEAD", "aln.sam")) {
                for (int k = 0; k < 20; k++) {
                    int at = r.nextInt(whole.length);
                    ByteBuffer b = ByteBuffer.allocate(Math.min(whole.length - at, 1 + r.nextInt(300_000)));
                    while (b.hasRemaining() && f.read(at + b.position(), b) > 0) {
                        // fill
                    }
                    assertThat(b.array()).isEqualTo(java.util.Arrays.copyOfRange(whole, at, at + b.capacity()));
                }
            }

            // an edit in the middle: only the chunks around it are new
            String text = Files.readString(sam);
            int mid = text.indexOf('\n', text.length() / 2) + 1;
            Files.writeString(sam, text.substring(0, mid) + text.substring(mid, text.indexOf('\n', mid) + 1)
                + text.substring(mid));
            int before = DeepRecodeTest.codecsInPackIndexes(p).values().stream().mapToInt(Integer::intValue).sum();
            repo.commit().setMessage("a duplicated line").call();
            int after = DeepRecodeTest.codecsInPackIndexes(p).values().stream().mapToInt(Integer::intValue).sum();
            assertThat(after - before).isBetween(1, 3);
            Path out2 = tmp.resolve("restored2");
            repo.restore().setTarget(out2).call();
            assertThat(Files.mismatch(sam, out2.resolve("aln.sam"))).isEqualTo(-1);
        }
    }
}
