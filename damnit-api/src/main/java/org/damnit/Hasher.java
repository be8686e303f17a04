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

    Hasher update(byte[] bytes, int offset, int length);

    default Hasher update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    /** Completes every digest. The hasher must not be used afterwards. */
    Digests finish();

    /** A hasher over the JDK's {@link MessageDigest} implementations. */
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

    /** Hashes a whole stream (without closing it) with the given algorithms. */
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

        public Digests(Map<HashAlgorithm, byte[]> values) {
            this.values = new EnumMap<>(values);
        }

        public byte[] get(HashAlgorithm a) {
            byte[] v = values.get(a);
            if (v == null) {
                throw new IllegalArgumentException(a + " was not computed");
            }
            return v.clone();
        }

        public String hex(HashAlgorithm a) {
            return HexFormat.of().formatHex(get(a));
        }

        public ObjectId sha256() {
            return ObjectId.of(get(HashAlgorithm.SHA256));
        }
    }
}
