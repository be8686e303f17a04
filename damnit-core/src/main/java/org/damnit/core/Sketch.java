package org.damnit.core;

/**
 * Resemblance sketches ("super-features", Shilane et al., FAST 2012) for finding a similar stored chunk
 * under another name. Over a Gear rolling hash, every 32nd window position is sampled; each of eight
 * features is the maximum of a different linear transform of the sampled hashes, so two chunks that
 * share most of their content share most features; pairs of features are hashed into four
 * super-features, and chunks sharing any super-feature are candidates for a delta.
 */
final class Sketch {
    static final int FEATURES = 8;
    static final int SUPER_FEATURES = 4;
    private static final long[] MUL = new long[FEATURES];
    private static final long[] ADD = new long[FEATURES];
    private static final long[] GEAR = new long[256];

    static {
        java.util.SplittableRandom r = new java.util.SplittableRandom(0x534B45544348L);
        for (int i = 0; i < FEATURES; i++) {
            MUL[i] = r.nextLong() | 1;
            ADD[i] = r.nextLong();
        }
        for (int i = 0; i < 256; i++) {
            GEAR[i] = r.nextLong();
        }
        // as in Chunker: the branch profile of features() sees every branch taken before the JIT compiles
        // its first long loop, which then need not be thrown away and compiled again
        byte[] b = new byte[1 << 10];
        r.nextBytes(b);
        for (int round = 0; round < 200; round++) {
            features(b);
            features(java.util.Arrays.copyOf(b, 256));
        }
    }

    private Sketch() {
    }

    /** The super-features of {@code data}; none (all zero) for data too short to sample. */
    static long[] superFeatures(byte[] data) {
        return superFeatures(features(data));
    }

    /**
     * The {@link #FEATURES} features of {@code data}, or null if it is too short to sample. Each is a
     * maximum over the sampled windows, so the features of a concatenation are the element-wise maxima
     * of its parts' (but for windows that straddle a boundary).
     */
    static long[] features(byte[] data) {
        long[] f = new long[FEATURES];
        java.util.Arrays.fill(f, Long.MIN_VALUE);
        long h = 0;
        int samples = 0;
        for (int i = 0; i < data.length; i++) {
            h = (h << 1) + GEAR[data[i] & 0xff];
            if ((h & 31) == 0 && i >= 64) {
                samples++;
                for (int k = 0; k < FEATURES; k++) {
                    long v = h * MUL[k] + ADD[k];
                    if (v > f[k]) {
                        f[k] = v;
                    }
                }
            }
        }
        return samples < 16 ? null : f;
    }

    /** The super-features of {@code f} (from {@link #features}); all zero for null. */
    static long[] superFeatures(long[] f) {
        long[] sf = new long[SUPER_FEATURES];
        if (f == null) {
            return sf;
        }
        for (int j = 0; j < SUPER_FEATURES; j++) {
            long x = f[2 * j] * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(f[2 * j + 1], 31);
            x ^= x >>> 29;
            sf[j] = x == 0 ? 1 : x; // 0 means "no feature"
        }
        return sf;
    }
}
