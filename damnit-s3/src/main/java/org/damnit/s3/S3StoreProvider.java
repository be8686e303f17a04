package org.damnit.s3;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.damnit.store.Store;
import org.damnit.store.StoreProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code s3://BUCKET/PREFIX[?region=R&endpoint=URL&pathStyle=true&multipartThreshold=BYTES&partSize=BYTES]}. Credentials come from the AWS
 * SDK's default provider chain (environment, system properties, profile, instance role); they are never
 * part of the URI and never written to the repository. {@code endpoint} and {@code pathStyle} serve
 * MinIO, Ceph and other S3-compatible servers.
 */
public final class S3StoreProvider implements StoreProvider {
    /**
     * Attempts per request: transient failures (5xx, throttling, timeouts, resets) are retried with
     * exponential backoff and jitter (the SDK's standard strategy); others fail at once.
     */
    static final int MAX_ATTEMPTS = 6;

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public Store open(URI uri, boolean create) throws IOException {
        String bucket = uri.getHost();
        if (bucket == null || bucket.isEmpty()) {
            throw new IOException("an S3 store URI names a bucket: s3://BUCKET/PREFIX (got " + uri + ")");
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        Map<String, String> q = query(uri);
        if (q.containsKey("accessKey") || q.containsKey("secretKey")) {
            throw new IOException("credentials do not belong in the store URI; use AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY or an AWS profile");
        }
        S3ClientBuilder b = S3Client.builder()
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .overrideConfiguration(c -> c.retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()));
        String region = q.get("region");
        if (region != null) {
            b.region(Region.of(region));
        } else if (q.containsKey("endpoint")) {
            b.region(Region.US_EAST_1); // S3-compatible servers mostly ignore it, but the SDK wants one
        }
        if (q.containsKey("endpoint")) {
            b.endpointOverride(URI.create(q.get("endpoint")));
        }
        b.forcePathStyle(Boolean.parseBoolean(q.getOrDefault("pathStyle", String.valueOf(q.containsKey("endpoint")))));
        S3Client s3;
        try {
            s3 = b.build();
        } catch (SdkException e) {
            throw new IOException("cannot configure S3 for " + uri + ": " + e.getMessage(), e);
        }
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            if (!create) {
                s3.close();
                throw new IOException("bucket " + bucket + " does not exist (" + uri + ")");
            }
            s3.createBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && create) {
                s3.createBucket(r -> r.bucket(bucket));
            } else {
                s3.close();
                throw new IOException("cannot reach bucket " + bucket + " (" + uri + "): HTTP " + e.statusCode()
                    + (e.statusCode() == 403 ? "; check the credentials and the bucket policy" : ""), e);
            }
        } catch (SdkException e) {
            s3.close();
            String m = String.valueOf(e.getMessage());
            if (m.contains("Unable to load credentials")) {
                throw new IOException("no AWS credentials for " + uri + ": set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or configure a profile (AWS_PROFILE) or an instance role", e);
            }
            throw new IOException("cannot reach " + uri + ": " + m, e);
        }
        long threshold = Long.parseLong(q.getOrDefault("multipartThreshold", String.valueOf(64L << 20)));
        long part = Long.parseLong(q.getOrDefault("partSize", String.valueOf(16L << 20)));
        return new S3Store(s3, bucket, prefix, threshold, part);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "true" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }
}
