package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;

class IngesterTest {
    private static ObjectId id(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        return ObjectId.of(b);
    }

    private static Node previous() {
        // chunks of 100, 100, 100, 100 bytes
        return Node.file("f", 400, false, 0, id(99), "0".repeat(32),
            List.of(new Node.Piece(id(1), 100), new Node.Piece(id(2), 100), new Node.Piece(id(3), 100),
                new Node.Piece(id(4), 100)));
    }

    @Test
    void basesCoverTheSameRelativeRange() {
        // the file doubled: the chunk at [400, 600) of 800 maps to [200, 300) of the old file
        assertThat(Ingester.bases(previous(), 400, 200, 800).get(0)).containsExactly(id(3));
        // a chunk straddling two old chunks gets both, in order
        assertThat(Ingester.bases(previous(), 150, 100, 400).get(0)).containsExactly(id(2), id(3));
        // never more than three
        assertThat(Ingester.bases(previous(), 0, 400, 400).get(0)).hasSize(Pack.MAX_BASES);
    }

    @Test
    void absoluteRangeIsASecondCandidateWhenItDiffers() {
        List<List<ObjectId>> b = Ingester.bases(previous(), 0, 100, 200);
        assertThat(b).hasSize(2);
        assertThat(b.get(0)).containsExactly(id(1), id(2));
        assertThat(b.get(1)).containsExactly(id(1));
    }

    @Test
    void noPreviousVersionNoBases() {
        assertThat(Ingester.bases(null, 0, 100, 100)).isEmpty();
    }

    @Test
    void basesAreThePiecesOverlappingTheRangeFoundBySearch() {
        java.util.Random r = new java.util.Random(3);
        List<Node.Piece> pieces = new java.util.ArrayList<>();
        long size = 0;
        for (int i = 0; i < 500; i++) {
            int len = 1 + r.nextInt(300);
            pieces.add(new Node.Piece(id(r.nextInt(400)), len)); // some ids repeat
            size += len;
        }
        Node n = Node.file("f", size, false, 0, id(99), "0".repeat(32), pieces);
        for (int k = 0; k < 2_000; k++) {
            long from = r.nextInt((int) size + 200);
            int len = 1 + r.nextInt(900);
            List<ObjectId> expected = new java.util.ArrayList<>();
            long start = 0;
            for (Node.Piece p : pieces) {
                if (start + p.size() > from && start < from + len && !expected.contains(p.id()) && expected.size() < Pack.MAX_BASES) {
                    expected.add(p.id());
                }
                start += p.size();
            }
            List<List<ObjectId>> got = Ingester.bases(n, from, len, size);
            assertThat(got.isEmpty() ? List.of() : got.get(0)).as("[%d, +%d)", from, len).isEqualTo(expected);
        }
    }
}
