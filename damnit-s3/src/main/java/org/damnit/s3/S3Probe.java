package org.damnit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds out what an S3 server honours, with a few small objects under {@code PREFIX/probe/} that it
 * removes again: whether a second create of one key with {@code If-None-Match: *} is refused, whether
 * a body reads back as sent, and (in the full probe, when a store is created) ranged reads, multipart
 * uploads and listing order. Results are cached per server, bucket and client settings, and dropped
 * when a write through that server fails its check.
 */
final class S3Probe {
    /** What the probe found. {@code detail} says what differed when {@code byteExact} is false. */
    record Result(boolean conditionalCreate, boolean byteExact, boolean rangedReads, boolean multipart,
                  boolean sortedListing, boolean full, String server, String detail) {
    }

    private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();

    private S3Probe() {
    }

    static void forget(String serverKey) {
        CACHE.remove(serverKey);
    }

    /** The cached result, or a new probe: a full one if {@code full}, otherwise the cheap re-check. */
    static Result probe(S3Client s3, String bucket, String prefix, String serverKey, String endpoint, boolean full)
        throws IOException {
        Result cached = CACHE.get(serverKey);
        if (cached != null && (cached.full() || !full)) {
            return cached;
        }
        Result r = run(s3, bucket, prefix, endpoint, full);
        CACHE.put(serverKey, r);
        return r;
    }

    private static Result run(S3Client s3, String bucket, String prefix, String endpoint, boolean full)
        throws IOException {
        String base = prefix + "probe/" + UUID.randomUUID() + "/";
        byte[] body = new byte[1536];
        new Random().nextBytes(body);
        List<String> written = new ArrayList<>();
        try {
            String key = base + "create";
            PutObjectResponse first = put(s3, bucket, key, body, written);
            String server = first.sdkHttpResponse().firstMatchingHeader("Server").orElse("");
            String who = (server.isEmpty() ? "S3 server" : server) + " at " + endpoint;
            byte[] back = get(s3, bucket, key, null);
            boolean exact = Arrays.equals(back, body);
            String detail = exact ? "" : "sent " + body.length + " bytes, read back " + back.length + " bytes"
                + (back.length > 0 ? " beginning '" + printable(back) + "'" : "");
            boolean conditional;
            try {
                put(s3, bucket, key, body, written);
                conditional = false; // the second create went through
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw e;
                }
                conditional = true;
            }
            if (!full) {
                return new Result(conditional, exact, true, true, true, false, who, detail);
            }
            boolean ranged = Arrays.equals(get(s3, bucket, key, "bytes=2-9"), Arrays.copyOfRange(body, 2, 10));
            boolean multipart = multipart(s3, bucket, base + "multipart", body, written);
            for (String k : new String[] {"list/b", "list/B", "list/a-b", "list/a"}) {
                put(s3, bucket, base + k, new byte[] {1}, written);
            }
            List<String> listed = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2(b -> b.bucket(bucket).prefix(base + "list/")).contents()) {
                listed.add(o.key().substring(base.length()));
            }
            boolean sorted = listed.equals(List.of("list/B", "list/a", "list/a-b", "list/b"));
            return new Result(conditional, exact, ranged, multipart, sorted, true, who, detail);
        } catch (SdkException e) {
            throw new IOException("probing what " + endpoint + " supports (bucket " + bucket + ") failed: "
                + (e instanceof S3Exception s ? "HTTP " + s.statusCode() + " "
                + (s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode()) : e.getMessage())
                + (e instanceof S3Exception s && s.statusCode() == 403
                ? "; check the credentials and that they may write to the bucket" : ""), e);
        } finally {
            for (String k : written) {
                try {
                    s3.deleteObject(b -> b.bucket(bucket).key(k));
                } catch (SdkException ignored) {
                    // a leftover probe object is harmless
                }
            }
        }
    }

    private static PutObjectResponse put(S3Client s3, String bucket, String key, byte[] body, List<String> written) {
        PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*")
            .contentMD5(Checksums.base64(Checksums.md5(body))), RequestBody.fromBytes(body));
        written.add(key);
        return r;
    }

    private static byte[] get(S3Client s3, String bucket, String key, String range) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key).range(range))) {
            return in.readNBytes(1 << 20);
        }
    }

    private static boolean multipart(S3Client s3, String bucket, String key, byte[] body, List<String> written)
        throws IOException {
        String id;
        try {
            id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (S3Exception e) {
            return false;
        }
        try {
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1)
                .contentMD5(Checksums.base64(Checksums.md5(body))), RequestBody.fromBytes(body)).eTag();
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
            written.add(key);
            return Arrays.equals(get(s3, bucket, key, null), body);
        } catch (S3Exception e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
            } catch (SdkException ignored) {
                // lifecycle rules clean up
            }
            return false;
        }
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(48, b.length); i++) {
            int c = b[i] & 0xff;
            s.append(c >= 32 && c < 127 ? (char) c : '.');
        }
        return s.toString();
    }
}
