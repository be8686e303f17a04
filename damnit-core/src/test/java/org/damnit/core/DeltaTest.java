package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.damnit.CommitResult;
import org.damnit.Repository;
import org.damnit.TreeEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTest {
    @TempDir
    Path tmp;

    static byte[] table(long seed, int bytes) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("gene\tsample\tcount\ttpm\n");
        int i = 0;
        while (sb.length() < bytes) {
            sb.append("ENSG").append(String.format("%011d", i++)).append('\t').append('S').append(r.nextInt(96))
                .append('\t').append(r.nextInt(100_000)).append('\t').append(String.format("%.4f", r.nextDouble() * 1000))
                .append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void scatteredLineEditsAndARenamedCopyStoreLessThanOnePercent() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        byte[] v1 = table(1, 12 << 20);
        Files.write(p.resolve("table.tsv"), v1);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            byte[] v2 = v1.clone();
            Random r = new Random(2);
            for (int k = 0; k < 12; k++) {
                int at = (int) ((k + 0.5) * v2.length / 12);
                while (v2[at] < '0' || v2[at] > '9') {
                    at++;
                }
                v2[at] = (byte) ('0' + (v2[at] - '0' + 1 + r.nextInt(8)) % 10);
            }
            Files.write(p.resolve("table.tsv"), v2);
            Files.write(p.resolve("table-renamed-copy.tsv"), v2);
            CommitResult c2 = repo.commit().setMessage("v2").call();
            assertThat(c2.bytesStored()).as("stored bytes of v2").isLessThan(v2.length / 100);

            LocalRepository local = (LocalRepository) repo;
            long deltas = 0;
            for (TreeEntry e : repo.listTree("HEAD")) {
                if (e.path().equals("table.tsv")) {
                    Node n = local.context().trees().flatten(local.readCommit(repo.resolve("HEAD")).tree()).get("table.tsv");
                    for (Node.Piece piece : n.pieces()) {
                        if (ChunkCodecs.isDelta(local.chunks().locate(piece.id()).orElseThrow().codec())) {
                            deltas++;
                        }
                    }
                }
            }
            assertThat(deltas).isPositive();
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.readAllBytes(out.resolve("table.tsv"))).isEqualTo(v2);
            Path out1 = tmp.resolve("out1");
            repo.restore().setRevision("HEAD~1").setTarget(out1).call();
            assertThat(Files.readAllBytes(out1.resolve("table.tsv"))).isEqualTo(v1);
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
    }

    @Test
    void similarContentUnderAnUnrelatedNameIsFoundBySketch() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        byte[] v1 = table(4, 6 << 20);
        Files.createDirectories(p.resolve("data"));
        Files.write(p.resolve("data/alpha.tsv"), v1);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            byte[] other = v1.clone();
            for (int k = 0; k < 6; k++) {
                int at = (int) ((k + 0.5) * other.length / 6);
                while (other[at] < '0' || other[at] > '9') {
                    at++;
                }
                other[at] = (byte) ('0' + (other[at] - '0' + 5) % 10);
            }
            Files.createDirectories(p.resolve("other"));
            Files.write(p.resolve("other/zeta.csv"), other); // new name, directory and extension; alpha stays
            CommitResult c2 = repo.commit().setMessage("v2").call();
            assertThat(c2.bytesStored()).as("stored bytes of v2").isLessThan(other.length / 100);
            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(Files.readAllBytes(out.resolve("other/zeta.csv"))).isEqualTo(other);
        }
    }

    @Test
    void sketchesOfSimilarChunksShareASuperFeature() {
        byte[] a = table(9, 1 << 20);
        byte[] b = a.clone();
        b[1000] ^= 1;
        b[500_000] ^= 1;
        long[] sa = Sketch.superFeatures(a);
        long[] sb = Sketch.superFeatures(b);
        assertThat(java.util.Arrays.stream(sa).filter(x -> java.util.Arrays.stream(sb).anyMatch(y -> y == x)).count())
            .isPositive();
        long[] unrelated = Sketch.superFeatures(table(10, 1 << 20));
        assertThat(java.util.Arrays.stream(sa).filter(x -> java.util.Arrays.stream(unrelated).anyMatch(y -> y == x)).count())
            .isZero();
    }

    @Test
    void deltaChainsStayBounded() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        byte[] data = table(3, 3 << 20);
        Files.write(p.resolve("t.tsv"), data);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v0").call();
            LocalRepository local = (LocalRepository) repo;
            for (int v = 1; v <= ChunkStore.MAX_DEPTH + 3; v++) {
                data[data.length / 2 + v] = (byte) ('a' + v);
                Files.write(p.resolve("t.tsv"), data);
                repo.commit().setMessage("v" + v).call();
                Node n = local.context().trees().flatten(local.readCommit(repo.resolve("HEAD")).tree()).get("t.tsv");
                for (Node.Piece piece : n.pieces()) {
                    assertThat(local.chunks().locate(piece.id()).orElseThrow().depth()).isLessThanOrEqualTo(ChunkStore.MAX_DEPTH);
                }
            }
            for (int v = 0; v <= ChunkStore.MAX_DEPTH + 3; v++) {
                Path out = tmp.resolve("o" + v);
                repo.restore().setRevision("HEAD~" + (ChunkStore.MAX_DEPTH + 3 - v)).setTarget(out).call();
            }
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
    }
}
