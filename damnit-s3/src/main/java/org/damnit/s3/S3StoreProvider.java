package org.damnit.s3;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.damnit.store.Store;
import org.damnit.store.StoreProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code s3://BUCKET/PREFIX[?OPTION=VALUE&...]}, options in {@link S3Options} and docs/BACKENDS.md
 * ({@code region}, {@code endpoint}, {@code pathStyle}, {@code checksums}, {@code chunkedEncoding},
 * {@code payloadSigning}, {@code singleWriter}, {@code leaseSeconds}, {@code multipartThreshold},
 * {@code partSize}). Credentials come from the AWS SDK's default provider chain (environment, system
 * properties, profile, instance role); they are never part of the URI and never written to the
 * repository.
 *
 * <p>Opening a store probes the server ({@link S3Probe}): fully when the store is created, a cheap
 * re-check otherwise, cached per server and bucket. A server that does not store bodies as sent is
 * refused here, with what it stored.
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
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        S3Options o = S3Options.parse(uri);
        S3Client s3 = client(o, uri);
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            if (!create) {
                s3.close();
                throw new IOException("bucket " + bucket + " does not exist (" + uri + ")");
            }
            createBucket(s3, bucket, uri);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && create) {
                createBucket(s3, bucket, uri);
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
        String endpoint = o.endpoint() != null ? o.endpoint().toString()
            : "AWS S3" + (o.region() == null ? "" : " (" + o.region() + ")");
        String key = o.serverKey(bucket);
        S3Probe.Result probe;
        try {
            probe = S3Probe.probe(s3, bucket, prefix, key, endpoint, create);
        } catch (IOException e) {
            s3.close();
            throw e;
        }
        if (!probe.byteExact()) {
            s3.close();
            S3Probe.forget(key);
            throw new IOException(probe.server() + " does not store bodies as they are sent (" + probe.detail()
                + "): it probably keeps the SDK's aws-chunked framing as data. Remove chunkedEncoding=true and "
                + "checksums=when_supported from " + uri + " (the defaults send whole bodies), or set "
                + "payloadSigning=false; see docs/BACKENDS.md");
        }
        if (create && o.singleWriter()) {
            org.damnit.store.Stores.notice(uri + " is set up in single-writer mode (singleWriter=true): "
                + (probe.conditionalCreate() ? "" : probe.server() + " does not refuse a second create of one key, so ")
                + "one process at a time may write to it, under a writer lease; see docs/BACKENDS.md");
        }
        return new S3Store(s3, bucket, prefix, o, probe, key);
    }

    private static void createBucket(S3Client s3, String bucket, URI uri) throws IOException {
        try {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            s3.close();
            throw new IOException("cannot create bucket " + bucket + " (" + uri + "): " + e.getMessage(), e);
        }
    }

    private static S3Client client(S3Options o, URI uri) throws IOException {
        S3ClientBuilder b = S3Client.builder()
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .overrideConfiguration(c -> c.retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()))
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(o.chunkedEncoding()).build())
            .requestChecksumCalculation(o.checksumsWhenRequired() ? RequestChecksumCalculation.WHEN_REQUIRED
                : RequestChecksumCalculation.WHEN_SUPPORTED)
            .responseChecksumValidation(o.checksumsWhenRequired() ? ResponseChecksumValidation.WHEN_REQUIRED
                : ResponseChecksumValidation.WHEN_SUPPORTED);
        if (o.region() != null) {
            b.region(Region.of(o.region()));
        } else if (o.endpoint() != null) {
            b.region(Region.US_EAST_1); // S3-compatible servers mostly ignore it, but the SDK wants one
        }
        if (o.endpoint() != null) {
            b.endpointOverride(o.endpoint());
        }
        b.forcePathStyle(o.pathStyle());
        if (o.payloadSigning() != null) {
            boolean sign = o.payloadSigning();
            S3AuthSchemeProvider dflt = S3AuthSchemeProvider.defaultProvider();
            b.authSchemeProvider(new S3AuthSchemeProvider() {
                @Override
                public List<AuthSchemeOption> resolveAuthScheme(S3AuthSchemeParams params) {
                    return dflt.resolveAuthScheme(params).stream().map(a -> a.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, sign).build()).toList();
                }
            });
        }
        try {
            return b.build();
        } catch (SdkException e) {
            throw new IOException("cannot configure S3 for " + uri + ": " + e.getMessage(), e);
        }
    }
}
