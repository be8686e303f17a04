package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.damnit.Repository;
import org.damnit.store.Store;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A server that, on demand, stores something other than the body it was sent (as one that keeps a
 * transfer encoding as data would): the put that met it fails with a clear error, the object is gone
 * again, and nothing referring to it is written.
 */
class VerifiedWritesTest {
    /** Puts still to store with a prefix the sender never sent. */
    private static final AtomicInteger MANGLE = new AtomicInteger();
    private static S3Proxy proxy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyServer.endpoint(); // the test credentials
        BlobStore mangling = new ForwardingBlobStore(new TransientNio2BlobStore()) {
            @Override
            public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
                if (MANGLE.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    try {
                        byte[] framed = ("4000;chunk-signature=" + "0".repeat(64) + "\r\n").getBytes();
                        byte[] data = body.readAllBytes();
                        byte[] all = new byte[framed.length + data.length];
                        System.arraycopy(framed, 0, all, 0, framed.length);
                        System.arraycopy(data, 0, all, framed.length, data.length);
                        PutObjectRequest r = request.toBuilder().contentLength((long) all.length).contentMD5(null).build();
                        return super.putBlob(r, new ByteArrayInputStream(all));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.putBlob(request, body);
            }
        };
        proxy = S3Proxy.builder().blobStore(mangling).endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3ProxyServer.KEY, S3ProxyServer.SECRET).build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(25);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static URI uri(String prefix) {
        return URI.create("s3://verified/" + prefix + "?endpoint=http://127.0.0.1:" + proxy.getPort() + "&region=us-east-1");
    }

    @Test
    void anObjectStoredDifferentlyFailsItsPutAndIsRemoved() throws Exception {
        try (Store s = new S3StoreProvider().open(uri("obj-" + System.nanoTime()), true)) {
            byte[] d = new byte[10_000];
            new Random(3).nextBytes(d);
            MANGLE.set(1);
            assertThatThrownBy(() -> s.put("packs/aa/one", new ByteArrayInputStream(d), d.length))
                .isInstanceOf(IOException.class).hasMessageContaining("stored something other than what was sent")
                .hasMessageContaining("packs/aa/one");
            assertThat(s.size("packs/aa/one")).as("removed again").isEmpty();
            s.put("packs/aa/one", new ByteArrayInputStream(d), d.length); // an honest server takes it
            try (InputStream in = s.get("packs/aa/one")) {
                assertThat(in.readAllBytes()).isEqualTo(d);
            }
        }
    }

    @Test
    void aRefStoredDifferentlyFailsItsUpdate() throws Exception {
        try (Store s = new S3StoreProvider().open(uri("ref-" + System.nanoTime()), true)) {
            MANGLE.set(1);
            assertThatThrownBy(() -> s.compareAndSetRef("heads/main", Optional.empty(), Optional.of("a".repeat(64))))
                .isInstanceOf(IOException.class).hasMessageContaining("stored ref heads/main");
        }
    }

    @Test
    void aCommitWhosePackIsStoredDifferentlyFailsAndMovesNoBranch() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        try (Repository repo = Repository.builder(p).setStore(uri("repo-" + System.nanoTime())).init()) {
            Files.write(p.resolve("a.bin"), new byte[300_000]);
            MANGLE.set(1); // the first object the commit writes
            assertThatThrownBy(() -> repo.commit().setMessage("one").call())
                .hasMessageContaining("stored something other than what was sent");
            assertThat(repo.head()).as("no branch refers to it").isEmpty();
            assertThat(repo.commit().setMessage("again").call().commit()).isPresent();
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
    }
}
