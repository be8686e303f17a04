package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.damnit.Repository;
import org.damnit.core.deflate.Compressor;
import org.damnit.core.deflate.GzipWalker;
import org.damnit.core.deflate.Positional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of a new container: the file re-created from the store, each BGZF block's DEFLATE stream taken
 * from the file only when the SHA-256 of all of them is the one the walk computed over the streams it
 * re-created and compared.
 */
class ContainerCheckTest {
    @TempDir
    Path tmp;

    @Test
    void blocksTheWalkDidNotRecreateFailTheCheck() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        GenomicsTools.sam(p.resolve("a.sam"), 3, 4_000);
        GenomicsTools.sh(p, "samtools view -b -o a.bam a.sam && rm a.sam", "samtools");
        try (Repository repo = DeepRepackTest.smallChunks(p)) {
            repo.commit().setMessage("bam").call();
            assertThat(repo.repack().call().converted()).isEqualTo(1);
            RepoContext ctx = ((LocalRepository) repo).context();
            Node bam = DeepRepackTest.entry(repo, "a.bam");
            Container c = ctx.chunks().containers().find(bam.sha256()).orElseThrow();
            try (FileChannel ch = FileChannel.open(p.resolve("a.bam"), StandardOpenOption.READ)) {
                Positional file = Positional.of(ch);
                // what a walk of the file computes over the DEFLATE streams it re-created and compared
                MessageDigest walked = MessageDigest.getInstance("SHA-256");
                int[] blocks = {0};
                GzipWalker.walk(file, java.io.OutputStream.nullOutputStream(), new GzipWalker.Listener() {
                    @Override
                    public void blockVerified(GzipWalker.Member m, byte[] block) {
                        Containerizer.walked(walked, m.compressor(), block, m.header().length, (int) m.deflateLength());
                        blocks[0]++;
                    }

                    @Override
                    public void member(GzipWalker.Member m) {
                    }
                }, 2);
                assertThat(blocks[0]).isEqualTo(c.memberCount()).isGreaterThan(2);
                byte[] digest = walked.digest();
                assertThat(Containerizer.compare(ctx.chunks(), c, file, bam, "a.bam", digest)).isNull();
                assertThat(Containerizer.compare(ctx.chunks(), c, file, bam, "a.bam")).as("every block compressed again")
                    .isNull();
                byte[] other = digest.clone();
                other[7] ^= 1;
                assertThat(Containerizer.compare(ctx.chunks(), c, file, bam, "a.bam", other))
                    .contains("not the ones its walk re-created");
                // a record naming another compressor than the walk's for its blocks (what a restore would
                // compress them with) fails, though every stream is taken from the file
                java.util.List<Compressor> others = c.compressors().stream()
                    .map(k -> new Compressor(k.name(), k.version(), k.level() == 1 ? 2 : 1)).toList();
                Container renamed = new Container(c.size(), c.sha256(), c.md5(), others, c.counts(), c.content(),
                    c.literals(), c.members());
                assertThat(Containerizer.compare(ctx.chunks(), renamed, file, bam, "a.bam", digest))
                    .contains("not the ones its walk re-created");
                // the record checked is the one stored: a compressor whose level does not survive encoding
                // (256 more, one byte) fails, though its stored form names the walk's compressor
                java.util.List<Compressor> wide = c.compressors().stream()
                    .map(k -> new Compressor(k.name(), k.version(), k.level() + 256)).toList();
                Container lossy = new Container(c.size(), c.sha256(), c.md5(), wide, c.counts(), c.content(),
                    c.literals(), c.members());
                assertThat(Containerizer.compare(ctx.chunks(), lossy, file, bam, "a.bam", digest))
                    .contains("does not decode to itself");
                // a block's DEFLATE stream read from the file is still compared with the file and its digests:
                // a file whose bytes differ from the entry's fails whatever the walk's digest
                Positional changed = new Positional() {
                    @Override
                    public int read(java.nio.ByteBuffer dst, long pos) throws java.io.IOException {
                        int start = dst.position();
                        int n = file.read(dst, pos);
                        long flip = 100; // inside the first block's DEFLATE stream
                        if (n > 0 && pos <= flip && flip < pos + n) {
                            int at = start + (int) (flip - pos);
                            dst.put(at, (byte) (dst.get(at) ^ 1));
                        }
                        return n;
                    }

                    @Override
                    public long size() throws java.io.IOException {
                        return file.size();
                    }
                };
                assertThat(Containerizer.compare(ctx.chunks(), c, changed, bam, "a.bam", digest)).isNotNull();
            }
        }
    }
}
