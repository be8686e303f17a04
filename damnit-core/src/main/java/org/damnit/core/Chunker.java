package org.damnit.core;

import java.util.SplittableRandom;

/**
 * FastCDC content-defined chunking with normalized chunking (Xia et al., USENIX ATC 2016): a Gear
 * rolling hash, a stricter mask below the average size and a looser one above it, so chunk sizes
 * cluster around the average while boundaries depend only on nearby content. An insertion or deletion
 * therefore changes only the chunks around it.
 *
 * <p>The Gear table is derived from a fixed seed and is part of the format's behaviour (it decides
 * where boundaries fall, hence what deduplicates), not of its correctness.
 */
final class Chunker {
    static final long SEED = 0x44414D4E49544744L; // "DAMNITGD"
    private static final long[] GEAR = new long[256];

    static {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 256; i++) {
            GEAR[i] = r.nextLong();
        }
        warmUp();
    }

    /**
     * Cuts 800 KiB into small chunks, so that the branch profile the JIT compiles {@link #cut} from has
     * seen each of its exits taken: otherwise it compiles the first long scan as if it never ended, and
     * the first cut throws the compiled code away (several recompilations per command).
     */
    private static void warmUp() {
        byte[] b = new byte[4 << 10];
        new SplittableRandom(SEED).nextBytes(b);
        Chunker c = new Chunker(64, 128, 512);
        for (int round = 0; round < 200; round++) {
            for (int off = 0; off < b.length; ) {
                off += c.cut(b, off, b.length - off);
            }
            c.cut(b, 0, c.min); // a file's short tail
        }
    }

    final int min;
    final int avg;
    final int max;
    private final long maskStrict;
    private final long maskLoose;

    Chunker(int min, int avg, int max) {
        if (Integer.bitCount(avg) != 1 || min < 64 || min >= avg || avg >= max) {
            throw new IllegalArgumentException("need 64 <= min < avg < max and avg a power of two: "
                + min + "/" + avg + "/" + max);
        }
        this.min = min;
        this.avg = avg;
        this.max = max;
        int bits = Integer.numberOfTrailingZeros(avg);
        // Gear hashes shift left, so the high bits depend on the most bytes: test those.
        this.maskStrict = -1L << (64 - (bits + 2));
        this.maskLoose = -1L << (64 - (bits - 2));
    }

    /**
     * The length of the chunk that starts at {@code off}. {@code len} bytes are available; a result
     * equal to {@code len} is a cut only if the caller has no more data (end of file) or {@code len >= max}.
     */
    int cut(byte[] buf, int off, int len) {
        if (len <= min) {
            return len;
        }
        int end = Math.min(len, max);
        int normal = Math.min(end, avg);
        long fp = 0;
        int i = min;
        // skip the minimum: boundaries before it are never taken, but warm the hash over 64 bytes
        for (int j = Math.max(0, min - 64); j < min; j++) {
            fp = (fp << 1) + GEAR[buf[off + j] & 0xff];
        }
        for (; i < normal; i++) {
            fp = (fp << 1) + GEAR[buf[off + i] & 0xff];
            if ((fp & maskStrict) == 0) {
                return i + 1;
            }
        }
        for (; i < end; i++) {
            fp = (fp << 1) + GEAR[buf[off + i] & 0xff];
            if ((fp & maskLoose) == 0) {
                return i + 1;
            }
        }
        return end;
    }
}
