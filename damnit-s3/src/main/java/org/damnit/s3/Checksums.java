package org.damnit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** MD5 digests as S3 uses them: {@code Content-MD5} (base64) and single-part ETags (hex). */
final class Checksums {
    private Checksums() {
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] md5(byte[] data) {
        return newMd5().digest(data);
    }

    /** The MD5 of {@code length} bytes of {@code in} from where it stands, and how many there were. */
    static byte[] md5(InputStream in, long length) throws IOException {
        MessageDigest md = newMd5();
        byte[] buf = new byte[64 << 10];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("ended " + left + " bytes early");
            }
            md.update(buf, 0, n);
            left -= n;
        }
        return md.digest();
    }

    static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** An ETag without its quotes, lower case. */
    static String etag(String raw) {
        return raw == null ? "" : raw.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
    }
}
