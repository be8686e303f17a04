package org.damnit;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A streaming digest over several algorithms at once: feed bytes with {@link #update}, then call
 * {@link #finish()} once. Memory use is independent of the amount of data. Not thread-safe.
 *
 * <pre>{@code
 * Hasher h = Hasher.create(HashAlgorithm.SHA256, HashAlgorithm.MD5);
 * h.update(buf, 0, n);
 * String md5 = h.finish().hex(HashAlgorithm.MD5);
 * }</pre>
 */
public interface Hasher {

    /**
     * Feeds bytes to every digest.
     *
     * @param bytes  the data
     * @param offset where in {@code bytes} to start
     * @param length how many bytes
     * @return this hasher
     * @throws IllegalStateException if {@link #finish()} was called
     */
    Hasher update(byte[] bytes, int offset, int length);

    /**
     * Feeds all of {@code bytes} to every digest.
     *
     * @param bytes the data
     * @return this hasher
     * @throws IllegalStateException if {@link #finish()} was called
     */
    default Hasher update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    /**
     * Completes every digest. The hasher must not be used afterwards.
     *
     * @return the digests
     * @throws IllegalStateException if called before
     */
    Digests finish();

    /**
     * A hasher over the JDK's {@link MessageDigest} implementations.
     *
     * @param algorithms the digests to compute, at least one
     * @return a new hasher
     * @throws IllegalArgumentException if no algorithm is given
     */
    static Hasher create(HashAlgorithm... algorithms) {
        if (algorithms.length == 0) {
            throw new IllegalArgumentException("at least one algorithm");
        }
        Map<HashAlgorithm, MessageDigest> digests = new EnumMap<>(HashAlgorithm.class);
        for (HashAlgorithm a : algorithms) {
            try {
                digests.put(a, MessageDigest.getInstance(a.jcaName()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + a.jcaName(), e);
            }
        }
        return new Hasher() {
            private boolean finished;

            @Override
            public Hasher update(byte[] bytes, int offset, int length) {
                if (finished) {
                    throw new IllegalStateException("hasher already finished");
                }
                for (MessageDigest d : digests.values()) {
                    d.update(bytes, offset, length);
                }
                return this;
            }

            @Override
            public Digests finish() {
                if (finished) {
                    throw new IllegalStateException("hasher already finished");
                }
                finished = true;
                Map<HashAlgorithm, byte[]> out = new EnumMap<>(HashAlgorithm.class);
                digests.forEach((a, d) -> out.put(a, d.digest()));
                return new Digests(out);
            }
        };
    }

    /**
     * Hashes a whole stream (without closing it) with the given algorithms.
     *
     * @param in         the data, read to its end
     * @param algorithms the digests to compute, at least one
     * @return the digests
     * @throws IOException if reading fails
     */
    static Digests hash(InputStream in, HashAlgorithm... algorithms) throws IOException {
        Hasher h = create(algorithms);
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) >= 0; ) {
            h.update(buf, 0, n);
        }
        return h.finish();
    }

    /** The finished digests, by algorithm. */
    final class Digests {
        private final Map<HashAlgorithm, byte[]> values;

        /**
         * Wraps computed digests (copied).
         *
         * @param values digest bytes by algorithm
         */
        public Digests(Map<HashAlgorithm, byte[]> values) {
            this.values = new EnumMap<>(values);
        }

        /**
         * One digest.
         *
         * @param a the algorithm
         * @return a copy of its bytes
         * @throws IllegalArgumentException if it was not computed
         */
        public byte[] get(HashAlgorithm a) {
            byte[] v = values.get(a);
            if (v == null) {
                throw new IllegalArgumentException(a + " was not computed");
            }
            return v.clone();
        }

        /**
         * One digest in hex.
         *
         * @param a the algorithm
         * @return lower-case hex, as {@code sha256sum} and {@code md5sum} print it
         * @throws IllegalArgumentException if it was not computed
         */
        public String hex(HashAlgorithm a) {
            return HexFormat.of().formatHex(get(a));
        }

        /**
         * The SHA-256, as the content address it is.
         *
         * @return the id
         * @throws IllegalArgumentException if SHA-256 was not computed
         */
        public ObjectId sha256() {
            return ObjectId.of(get(HashAlgorithm.SHA256));
        }
    }
}
