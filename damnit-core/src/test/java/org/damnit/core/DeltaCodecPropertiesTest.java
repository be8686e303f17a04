package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.CorruptObjectException;

class DeltaCodecPropertiesTest {
    /** A chunk of base with one region replaced (an edit), the shape a splice is for. */
    private static byte[][] edited(long seed, int length, int at, int removed, int inserted) {
        Random r = new Random(seed);
        byte[] base = new byte[length];
        for (int i = 0; i < length; i++) {
            base[i] = (byte) r.nextInt(4); // few symbols: many accidental matches at the edges
        }
        int from = Math.min(at, length);
        int to = Math.min(length, from + removed);
        byte[] data = new byte[length - (to - from) + inserted];
        System.arraycopy(base, 0, data, 0, from);
        for (int i = 0; i < inserted; i++) {
            data[from + i] = (byte) r.nextInt(4);
        }
        System.arraycopy(base, to, data, from + inserted, length - to);
        return new byte[][] {base, data};
    }

    @Property(tries = 300)
    void commonSuffixEqualsAByteByByteCount(@ForAll long seed, @ForAll @IntRange(max = 20_000) int length,
                                            @ForAll @IntRange(max = 20_000) int at, @ForAll @IntRange(max = 9000) int removed,
                                            @ForAll @IntRange(max = 9000) int inserted) {
        byte[][] p = edited(seed, length, at, removed, inserted);
        byte[] a = p[0];
        byte[] b = p[1];
        int limit = Math.min(a.length, b.length);
        int naive = 0;
        while (naive < limit && a[a.length - 1 - naive] == b[b.length - 1 - naive]) {
            naive++;
        }
        assertThat(Delta.commonSuffix(a, b, limit)).isEqualTo(naive);
        assertThat(Delta.commonSuffix(a, b, limit / 2)).isEqualTo(Math.min(naive, limit / 2));
    }

    @Property(tries = 200)
    void spliceRestoresTheChunkAndStaysSmallForALocalEdit(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200_000) int length,
                                                          @ForAll @IntRange(max = 200_000) int at,
                                                          @ForAll @IntRange(max = 100) int removed,
                                                          @ForAll @IntRange(max = 100) int inserted)
        throws CorruptObjectException {
        byte[][] p = edited(seed, length, at, removed, inserted);
        byte[] patch = Delta.splice(p[0], p[1]);
        assertThat(Delta.spliceApply("test", p[0], patch, 0, patch.length, p[1].length)).isEqualTo(p[1]);
        assertThat(patch.length).isLessThanOrEqualTo(13 + inserted + 64);
    }
}
