package org.damnit.s3;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** A real S3-compatible server (S3Proxy, in memory) on 127.0.0.1, shared by the tests of this JVM. */
final class S3ProxyServer {
    /** s3rver's fixed keys, so that both servers' tests share the JVM's credentials. */
    static final String KEY = S3rverServer.KEY;
    static final String SECRET = S3rverServer.KEY;
    private static S3Proxy proxy;

    private S3ProxyServer() {
    }

    static synchronized URI endpoint() throws Exception {
        if (proxy == null) {
            S3Proxy p = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).build();
            p.start();
            for (int i = 0; i < 200 && !"STARTED".equals(p.getState()); i++) {
                Thread.sleep(25);
            }
            // the SDK's default credential chain reads these; never ask an instance metadata service
            System.setProperty("aws.disableEc2Metadata", "true");
            System.setProperty("aws.accessKeyId", KEY);
            System.setProperty("aws.secretAccessKey", SECRET);
            proxy = p;
        }
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** An s3: store URI for a bucket and prefix on the test server. */
    static URI store(String bucket, String prefix) throws Exception {
        return URI.create("s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1");
    }
}
