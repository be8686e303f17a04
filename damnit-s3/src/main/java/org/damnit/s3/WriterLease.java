package org.damnit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.damnit.store.Stores;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The writer lease of a store in single-writer mode, for servers that do not refuse a second create of
 * a key. A writer announces itself with an object of its own, {@code PREFIX/lease/TOKEN} (a key no one
 * else writes), then lists {@code PREFIX/lease/}: if any other unexpired lease is there it withdraws
 * (trying again twice after a short random pause) and then fails. Of two writers that announce at
 * the same time at least one sees the other (each lists after its own write has completed), so two
 * never both hold the lease; both may withdraw, and try again. The lease is renewed as writing goes on, checked again before every ref update, and
 * released after a ref update succeeds (which ends a unit of writing: a commit, a push) and at close; one left by a process that died expires after {@code leaseSeconds}. This relies on the
 * server listing what was written before (read-after-write), and on the writers' clocks agreeing to
 * well within the lease time.
 */
final class WriterLease {
    private static final int ATTEMPTS = 3;
    private final S3Client s3;
    private final String bucket;
    private final String dir;
    private final long ttlMillis;
    private final String store;
    /** Why the store is in this mode, for the notice (", because ..."), or empty. */
    private final String reason;
    private String key;
    private long expires;
    private boolean announced;

    WriterLease(S3Client s3, String bucket, String prefix, long ttlSeconds, String store, String reason) {
        this.s3 = s3;
        this.bucket = bucket;
        this.dir = prefix + "lease/";
        this.ttlMillis = ttlSeconds * 1000;
        this.store = store;
        this.reason = reason;
    }

    /** Takes the lease if this store does not hold it, and renews it when half its time is gone. */
    synchronized void ensure() throws IOException {
        long now = System.currentTimeMillis();
        if (key != null && expires - now > ttlMillis / 2) {
            return;
        }
        if (key == null) {
            acquire();
            return;
        }
        write(now + ttlMillis);
        check();
    }

    /**
     * Announces this writer and checks for others; two that announced at once both withdraw, so it
     * tries again a few times after a random pause before giving up.
     */
    private void acquire() throws IOException {
        if (!announced) {
            announced = true;
            Stores.notice(store + " runs in single-writer mode (singleWriter=true)" + reason + ": this command "
                + "holds the store's writer lease while it writes, and another writer meanwhile is refused");
        }
        for (int attempt = 1; ; attempt++) {
            long now = System.currentTimeMillis();
            key = dir + String.format("%020d", now) + "-" + UUID.randomUUID();
            try {
                write(now + ttlMillis);
                check();
                break;
            } catch (IOException e) {
                withdraw();
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(100 + java.util.concurrent.ThreadLocalRandom.current().nextLong(400));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Fails unless this store holds the lease, unexpired, and no other writer has one. */
    synchronized void check() throws IOException {
        if (key == null) {
            ensure();
            return;
        }
        long now = System.currentTimeMillis();
        boolean mine = false;
        for (S3Object o : list()) {
            if (o.key().equals(key)) {
                mine = true;
                continue;
            }
            Holder h = read(o.key());
            if (h != null && h.expires > now) {
                withdraw();
                throw new IOException(store + " is in single-writer mode and another process is writing to it ("
                    + h.who + ", lease until " + Instant.ofEpochMilli(h.expires) + "); wait until it ends and run "
                    + "this again. If that process died, its lease expires at that time (or delete the object "
                    + o.key() + " from bucket " + bucket + ")");
            }
        }
        if (!mine || expires - now < Math.min(60_000, ttlMillis / 4)) {
            String gone = mine ? "is about to expire" : "was removed";
            key = null;
            throw new IOException("the writer lease of " + store + " " + gone + " while this command ran; "
                + "nothing more is written (run the command again)");
        }
    }

    synchronized void release() {
        withdraw();
    }

    private void withdraw() {
        if (key == null) {
            return;
        }
        String k = key;
        key = null;
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(k));
        } catch (SdkException ignored) {
            // it expires
        }
    }

    private void write(long until) throws IOException {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        String body = "process " + ManagementFactory.getRuntimeMXBean().getName() + " on " + host + " since "
            + Instant.now() + "\n" + until + "\n";
        String k = key;
        try {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(body, StandardCharsets.UTF_8));
            expires = until;
        } catch (SdkException e) {
            throw new IOException("cannot write the writer lease of " + store + ": " + e.getMessage(), e);
        }
    }

    private List<S3Object> list() throws IOException {
        try {
            List<S3Object> all = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(dir)).contents().forEach(all::add);
            return all;
        } catch (SdkException e) {
            throw new IOException("cannot list the writer leases of " + store + ": " + e.getMessage(), e);
        }
    }

    private record Holder(String who, long expires) {
    }

    private Holder read(String k) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(k))) {
            String[] lines = new String(in.readNBytes(4096), StandardCharsets.UTF_8).split("\n");
            return new Holder(lines[0], lines.length > 1 ? Long.parseLong(lines[1].strip()) : Long.MAX_VALUE);
        } catch (NoSuchKeyException e) {
            return null; // released meanwhile
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new IOException("cannot read the writer lease " + k + " of " + store + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            return new Holder("an unreadable lease", Long.MAX_VALUE);
        } catch (SdkException e) {
            throw new IOException("cannot read the writer lease " + k + " of " + store + ": " + e.getMessage(), e);
        }
    }
}
