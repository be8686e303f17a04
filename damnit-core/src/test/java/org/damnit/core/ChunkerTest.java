package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final Chunker SMALL = new Chunker(2 << 10, 8 << 10, 32 << 10);

    static List<byte[]> chunks(Chunker c, byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        while (off < data.length) {
            int n = c.cut(data, off, data.length - off);
            out.add(java.util.Arrays.copyOfRange(data, off, off + n));
            off += n;
        }
        return out;
    }

    private static Set<String> ids(List<byte[]> chunks) {
        Set<String> s = new HashSet<>();
        for (byte[] b : chunks) {
            s.add(ObjectDb.sha256(b, 0, b.length).toHex());
        }
        return s;
    }

    @Test
    void sizesStayWithinBoundsAndClusterAroundTheAverage() {
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        List<byte[]> cs = chunks(SMALL, data);
        for (int i = 0; i < cs.size() - 1; i++) {
            assertThat(cs.get(i).length).isBetween(SMALL.min, SMALL.max);
        }
        double mean = (double) data.length / cs.size();
        assertThat(mean).isBetween(SMALL.avg * 0.6, SMALL.avg * 1.6);
    }

    @Property(tries = 30)
    void anInsertionChangesOnlyNearbyChunks(@ForAll @IntRange(min = 0, max = 2_000_000) int at,
                                            @ForAll @IntRange(min = 1, max = 500) int length, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] data = new byte[2_000_000];
        r.nextBytes(data);
        byte[] ins = new byte[length];
        r.nextBytes(ins);
        byte[] edited = new byte[data.length + length];
        System.arraycopy(data, 0, edited, 0, at);
        System.arraycopy(ins, 0, edited, at, length);
        System.arraycopy(data, at, edited, at + length, data.length - at);
        List<byte[]> before = chunks(SMALL, data);
        List<byte[]> after = chunks(SMALL, edited);
        Set<String> old = ids(before);
        long newBytes = after.stream().filter(b -> !old.contains(ObjectDb.sha256(b, 0, b.length).toHex()))
            .mapToLong(b -> b.length).sum();
        // at most a few chunks around the edit are new
        assertThat(newBytes).isLessThanOrEqualTo(3L * SMALL.max + length);
        // concatenation is exact
        int off = 0;
        for (byte[] b : after) {
            assertThat(java.util.Arrays.equals(b, 0, b.length, edited, off, off + b.length)).isTrue();
            off += b.length;
        }
        assertThat(off).isEqualTo(edited.length);
    }

    @Test
    void constantDataIsCutAtTheMaximum() {
        byte[] zeros = new byte[100_000];
        List<byte[]> cs = chunks(SMALL, zeros);
        assertThat(cs.get(0).length).isEqualTo(SMALL.max);
    }

    @Test
    void badParametersAreRefused() {
        assertThatThrownBy(() -> new Chunker(1024, 3000, 8192)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunker(8192, 4096, 16384)).isInstanceOf(IllegalArgumentException.class);
    }
}
