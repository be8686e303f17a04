package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random access to a version stored in S3 (S3Proxy and s3rver): random ranges read exactly what was
 * committed, and each read fetches only its chunks' records in ranged GETs, never a whole pack into the
 * local cache.
 */
class SeekableOnS3Test {
    private static final int SIZE = 1_200_000;

    @TempDir
    Path tmp;

    @Test
    void randomRangesOnS3Proxy() throws Exception {
        randomRanges(S3ProxyServer.store("seek", "p-" + System.nanoTime()));
    }

    @Test
    void randomRangesOnS3rver() throws Exception {
        randomRanges(S3rverServer.store("seek", "p-" + System.nanoTime(), "&singleWriter=true"));
    }

    private void randomRanges(URI store) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        byte[][] versions = new byte[2][SIZE];
        Random r = new Random(9);
        r.nextBytes(versions[0]);
        versions[1] = versions[0].clone();
        for (int i = 0; i < 4; i++) {
            versions[1][r.nextInt(SIZE)] ^= 1; // the second version's edited chunks are deltas on the first's
        }
        Repository.builder(p).setStore(store).init().close();
        Path cfg = p.resolve(".damnit/config"); // small chunks, so that reads span several
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(cfg.toFile());
        node.put("chunkMin", 16 << 10).put("chunkAvg", 64 << 10).put("chunkMax", 256 << 10);
        mapper.writerWithDefaultPrettyPrinter().writeValue(cfg.toFile(), node);
        try (Repository repo = Repository.open(p)) {
            for (int v = 0; v < 2; v++) {
                Files.write(p.resolve("aln.bam"), versions[v]);
                repo.commit().setMessage("v" + v).call();
                repo.createTag("v" + v, "HEAD");
            }
        }
        Path objects = p.resolve(".damnit/cache/objects");
        deleteTree(objects); // nothing local: every chunk comes from the server
        try (Repository repo = Repository.open(p)) {
            for (int i = 0; i < 12; i++) {
                int v = i % 2;
                int off = r.nextInt(SIZE);
                int len = r.nextInt(200_000);
                try (SeekableFile f = repo.openSeekable("v" + v, "aln.bam")) {
                    ByteBuffer b = ByteBuffer.allocate(len);
                    int n = Math.max(0, f.read(off, b));
                    assertThat(n).isEqualTo(Math.min(len, SIZE - off));
                    assertThat(Arrays.copyOf(b.array(), n)).as("v%d at %d, %d bytes", v, off, len)
                        .isEqualTo(Arrays.copyOfRange(versions[v], off, off + n));
                }
            }
        }
        Path packs = objects.resolve("packs");
        if (Files.exists(packs)) {
            try (Stream<Path> s = Files.walk(packs)) {
                assertThat(s.filter(Files::isRegularFile)).as("ranged GETs: no pack fetched whole").isEmpty();
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
