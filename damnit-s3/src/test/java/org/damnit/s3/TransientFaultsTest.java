package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.damnit.store.Store;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 server whose storage fails on demand: 503 SlowDown, 500 InternalError, or an upload broken off
 * half-way. Transient failures within the retry budget are survived; beyond it the error is clear.
 */
class TransientFaultsTest {
    private static final AtomicInteger SLOW_DOWNS = new AtomicInteger();
    private static final AtomicInteger INTERNAL_ERRORS = new AtomicInteger();
    private static final AtomicInteger BROKEN_UPLOADS = new AtomicInteger();
    private static final AtomicInteger PUT_CALLS = new AtomicInteger();
    private static S3Proxy proxy;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyServer.endpoint(); // sets the test credentials
        BlobStore faulty = new FaultyBlobStore(new TransientNio2BlobStore());
        proxy = S3Proxy.builder().blobStore(faulty).endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3ProxyServer.KEY, S3ProxyServer.SECRET).build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(25);
        }
    }

    /** Fails puts and gets on demand, as a real server's overloaded or broken moments would. */
    private static final class FaultyBlobStore extends ForwardingBlobStore {
        FaultyBlobStore(BlobStore delegate) {
            super(delegate);
        }

        private static void maybeSlowDown() {
            if (INTERNAL_ERRORS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw S3Exception.builder().statusCode(500).message("We encountered an internal error.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError")
                        .errorMessage("We encountered an internal error.").build()).build();
            }
            if (SLOW_DOWNS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw S3Exception.builder().statusCode(503).message("Please reduce your request rate.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown")
                        .errorMessage("Please reduce your request rate.").build()).build();
            }
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
            if (SLOW_DOWNS.get() > 0 || INTERNAL_ERRORS.get() > 0) {
                try {
                    body.readAllBytes(); // the server reads the request, then declines it
                } catch (IOException ignored) {
                    // declining anyway
                }
            }
            maybeSlowDown();
            PUT_CALLS.incrementAndGet();
            if (BROKEN_UPLOADS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                try {
                    body.readNBytes(1000); // part of the upload arrives, then the line breaks
                } catch (IOException ignored) {
                    // breaking anyway
                }
                throw new java.io.UncheckedIOException(new IOException("connection reset by peer"));
            }
            return super.putBlob(request, body);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            maybeSlowDown();
            return super.getBlob(request);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static Store store(String prefix) throws IOException {
        return new S3StoreProvider().open(URI.create("s3://faults/" + prefix + "?endpoint=http://127.0.0.1:"
            + proxy.getPort() + "&region=us-east-1"), true);
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void slowDownsAreRetriedWithBackoff() throws Exception {
        try (Store s = store("slow")) {
            byte[] d = data(200_000);
            SLOW_DOWNS.set(3);
            s.put("packs/aa/one", new ByteArrayInputStream(d), d.length);
            assertThat(SLOW_DOWNS.get()).as("both faults were met").isZero();
            SLOW_DOWNS.set(2);
            try (InputStream in = s.get("packs/aa/one")) {
                assertThat(in.readAllBytes()).isEqualTo(d);
            }
        }
    }

    @Test
    void anUploadBrokenOffIsSentAgainWhole() throws Exception {
        try (Store s = store("broken")) {
            byte[] d = data(300_000);
            int before = PUT_CALLS.get();
            BROKEN_UPLOADS.set(1);
            s.put("packs/bb/two", new ByteArrayInputStream(d), d.length);
            assertThat(PUT_CALLS.get() - before).as("the broken attempt and the retry").isEqualTo(2);
            try (InputStream in = s.get("packs/bb/two")) {
                assertThat(in.readAllBytes()).isEqualTo(d);
            }
        }
    }

    @Test
    void internalErrorsAreRetriedToo() throws Exception {
        try (Store s = store("internal")) {
            byte[] d = data(50_000);
            INTERNAL_ERRORS.set(2);
            s.put("packs/dd/four", new ByteArrayInputStream(d), d.length);
            assertThat(INTERNAL_ERRORS.get()).isZero();
            assertThat(s.size("packs/dd/four")).contains(50_000L);
        }
    }

    @Test
    void aConnectionDroppedMidUploadIsRetried() throws Exception {
        try (DroppingProxy relay = new DroppingProxy(proxy.getPort());
             Store s = new S3StoreProvider().open(URI.create("s3://faults/dropped?endpoint=http://127.0.0.1:"
                 + relay.port() + "&region=us-east-1"), true)) {
            byte[] d = data(1_000_000);
            relay.dropAfter = 200_000;
            relay.drops.set(1);
            s.put("packs/ee/five", new ByteArrayInputStream(d), d.length);
            assertThat(relay.dropped.get()).as("the upload was cut once").isEqualTo(1);
            try (InputStream in = s.get("packs/ee/five")) {
                assertThat(in.readAllBytes()).isEqualTo(d);
            }
        }
    }

    @Test
    void persistentFailuresEndWithAClearError() throws Exception {
        try (Store s = store("persistent")) {
            byte[] d = data(1000);
            INTERNAL_ERRORS.set(100);
            try {
                assertThatThrownBy(() -> s.put("packs/cc/three", new ByteArrayInputStream(d), d.length))
                    .isInstanceOf(IOException.class).hasMessageContaining("500").hasMessageContaining("InternalError");
            } finally {
                INTERNAL_ERRORS.set(0);
            }
            assertThat(s.size("packs/cc/three")).as("nothing half-written").isEmpty();
        }
    }
}
