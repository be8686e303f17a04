package org.damnit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreKeys;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link Store} in an S3 bucket (AWS or any S3-compatible server), under a key prefix:
 * {@code PREFIX/objects/KEY} for objects and {@code PREFIX/refs/REF~SEQ} for refs.
 *
 * <p>Objects are written with {@code If-None-Match: *}, so a second put of a key fails instead of
 * overwriting (write-once, enforced by the server). A stream is spooled to a temporary file first, so
 * its length is checked before anything is sent (all-or-nothing).
 *
 * <p>A ref is a log of numbered values, each written once with {@code If-None-Match: *}; its value is
 * the one with the highest number. An update writes number n+1 where the current value is number n, so
 * of two writers that read the same value, the server lets exactly one create n+1: compare-and-swap
 * with nothing but create-if-absent. A deletion writes an empty value.
 *
 * <p>Every write is verified where it happens: a body goes with its {@code Content-MD5} (the server
 * checks it), the returned ETag is compared with that MD5 (a multipart ETag with the MD5 of the parts'
 * MD5s) and, where it differs, the object is read back and digested; a ref entry is read back. A
 * server that stored something else fails that put, and nothing referring to it is written.
 *
 * <p>On a server that does not refuse a second create (the {@link S3Probe probe} says so), objects are
 * kept write-once by checking for the key first, and refs are changed only in single-writer mode
 * ({@code singleWriter=true}), under a {@link WriterLease}; otherwise a ref update is refused.
 *
 * <p>Transient failures (5xx, throttling, timeouts, resets) are retried by the SDK's standard retry
 * strategy with backoff and jitter; permanent ones become {@link IOException}s that say what to fix.
 */
final class S3Store implements Store {
    private static final String SEQ_SEPARATOR = "~";
    private static final int SEQ_DIGITS = 20;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String description;
    private final S3Probe.Result probe;
    private final String serverKey;
    /** Held while writing in single-writer mode, null otherwise. */
    private final WriterLease lease;

    /** Objects above this size are uploaded in parts, several at once. */
    private final long multipartThreshold;
    private final long partSize;
    private static final int PARALLEL_PARTS = 4;

    S3Store(S3Client s3, String bucket, String prefix, S3Options options, S3Probe.Result probe, String serverKey) {
        this.multipartThreshold = options.multipartThreshold();
        this.partSize = Math.max(5L << 20, options.partSize());
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.description = "s3://" + bucket + "/" + this.prefix;
        this.probe = probe;
        this.serverKey = serverKey;
        this.lease = options.singleWriter()
            ? new WriterLease(s3, bucket, this.prefix, options.leaseSeconds(), description, probe.conditionalCreate() ? ""
            : " because " + probe.server() + " does not refuse a second create of one key") : null;
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities(probe.rangedReads(), true, probe.conditionalCreate(), 5L << 40,
            probe.conditionalCreate(), probe.byteExact(), probe.multipart(), probe.sortedListing(), lease != null,
            probe.server());
    }

    private String objectKey(String key) {
        return prefix + "objects/" + StoreKeys.check(key);
    }

    /** Before any write: in single-writer mode, hold the lease. */
    private void beforeWrite() throws IOException {
        if (lease != null) {
            lease.ensure();
        }
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        String k = objectKey(key);
        Path spool = Files.createTempFile("damnit-s3-", ".put");
        try {
            long n;
            java.security.MessageDigest md = Checksums.newMd5();
            try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(spool), md)) {
                n = data.transferTo(out);
            }
            if (n != length) {
                throw new IOException("stream for " + key + " holds " + n + " bytes, not the declared " + length);
            }
            putFile(k, key, spool, md.digest());
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String k = objectKey(key);
        byte[] md5;
        try (InputStream in = Files.newInputStream(file)) {
            md5 = Checksums.md5(in, Files.size(file));
        }
        putFile(k, key, file, md5);
    }

    private void putFile(String k, String key, Path file, byte[] md5) throws IOException {
        beforeWrite();
        long size = Files.size(file);
        if (size > multipartThreshold || !probe.conditionalCreate()) {
            if (size(key).isPresent()) {
                // spare the upload (the complete would refuse it); where the server would not refuse a
                // second create, this is what keeps objects write-once
                throw new FileAlreadyExistsException(key);
            }
        }
        if (size > multipartThreshold) {
            putMultipart(k, key, file, size);
            return;
        }
        String etag;
        try {
            etag = s3.putObject(b -> b.bucket(bucket).key(k).ifNoneMatch("*").contentMD5(Checksums.base64(md5)),
                RequestBody.fromFile(file)).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new FileAlreadyExistsException(key);
            }
            throw translate(e, "put " + key);
        } catch (SdkException e) {
            throw translate(e, "put " + key);
        }
        verifyStored(k, key, size, md5, Checksums.etag(etag).equals(Checksums.hex(md5)));
    }

    /**
     * Checks an object just written: an ETag equal to the MD5 sent settles it; otherwise (servers whose
     * ETags are not MD5s, multipart uploads) the object is read back and digested. One that differs from
     * what was sent is deleted again, and the put fails before anything can refer to it.
     */
    private void verifyStored(String k, String key, long size, byte[] md5, boolean etagMatches) throws IOException {
        if (etagMatches) {
            return;
        }
        byte[] stored;
        long storedSize;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(k))) {
            java.security.MessageDigest md = Checksums.newMd5();
            storedSize = in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md));
            stored = md.digest();
        } catch (SdkException e) {
            throw translate(e, "read back " + key);
        }
        if (storedSize == size && java.util.Arrays.equals(stored, md5)) {
            return;
        }
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(k));
        } catch (SdkException ignored) {
            // the error below is what matters; a damaged object is also caught when read
        }
        S3Probe.forget(serverKey);
        throw new IOException(probe.server() + " stored something other than what was sent for " + key + " in "
            + description + " (sent " + size + " bytes with MD5 " + Checksums.hex(md5) + ", it holds " + storedSize
            + " bytes with MD5 " + Checksums.hex(stored) + "); the object was removed again and nothing refers to "
            + "it. If the server does not decode aws-chunked bodies, keep the defaults chunkedEncoding=false and "
            + "checksums=when_required in the store URI (see docs/BACKENDS.md)");
    }

    /**
     * A multipart upload: parts uploaded in parallel, each with its Content-MD5 and its ETag checked,
     * completed with {@code If-None-Match: *} so the object still appears only whole and only once; any
     * failure aborts the upload.
     */
    private void putMultipart(String k, String key, Path file, long size) throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(k)).uploadId();
        } catch (SdkException e) {
            throw translate(e, "start upload of " + key);
        }
        int parts = (int) ((size + partSize - 1) / partSize);
        byte[][] partMd5 = new byte[parts][];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(PARALLEL_PARTS, parts), r -> {
                Thread t = new Thread(r, "damnit-s3-part");
                t.setDaemon(true);
                return t;
            });
        boolean done = false;
        try {
            List<java.util.concurrent.Future<software.amazon.awssdk.services.s3.model.CompletedPart>> futures = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                long off = i * partSize;
                long len = Math.min(partSize, size - off);
                futures.add(pool.submit(() -> {
                    byte[] md5;
                    try (InputStream in = slice(file, off, len)) {
                        md5 = Checksums.md5(in, len);
                    }
                    partMd5[number - 1] = md5;
                    RequestBody body = RequestBody.fromContentProvider(() -> {
                        try {
                            return slice(file, off, len);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, len, "application/octet-stream");
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(k).uploadId(uploadId).partNumber(number)
                        .contentLength(len).contentMD5(Checksums.base64(md5)), body).eTag();
                    return software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number)
                        .eTag(etag).build();
                }));
            }
            List<software.amazon.awssdk.services.s3.model.CompletedPart> completed = new ArrayList<>();
            for (java.util.concurrent.Future<software.amazon.awssdk.services.s3.model.CompletedPart> f : futures) {
                try {
                    completed.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    throw c instanceof SdkException se ? translate(se, "upload part of " + key)
                        : new IOException("upload of " + key + " failed: " + c, c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            String etag;
            try {
                etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(completed))).eTag();
                done = true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || e.statusCode() == 409) {
                    throw new FileAlreadyExistsException(key);
                }
                throw translate(e, "complete upload of " + key);
            }
            java.security.MessageDigest all = Checksums.newMd5();
            for (byte[] m : partMd5) {
                all.update(m);
            }
            boolean etagMatches = Checksums.etag(etag).equals(Checksums.hex(all.digest()) + "-" + parts);
            byte[] md5;
            if (etagMatches) {
                md5 = null;
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    md5 = Checksums.md5(in, size);
                }
            }
            verifyStored(k, key, size, md5, etagMatches);
        } finally {
            pool.shutdownNow();
            if (!done) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // the bucket's lifecycle rules clean up what an abort could not
                }
            }
        }
    }

    /**
     * {@code in}, which fails with an IOException where it ends before the {@code declared} bytes of the
     * response's Content-Length: a server that answers before the object's bytes are on its disk (s3rver
     * does, under load) or a connection cut short must not look like a shorter object.
     */
    static InputStream whole(InputStream in, long declared, String key) {
        return new java.io.FilterInputStream(in) {
            private long got;

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c < 0) {
                    ended();
                } else {
                    got++;
                }
                return c;
            }

            @Override
            public int read(byte[] b, int o, int l) throws IOException {
                int n = super.read(b, o, l);
                if (n < 0) {
                    ended();
                } else {
                    got += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = super.skip(n);
                got += Math.max(0, k);
                return k;
            }

            private void ended() throws IOException {
                if (got < declared) {
                    throw new IOException("the S3 server sent " + got + " of the " + declared + " bytes it declared for "
                        + key + " (cut short)");
                }
            }
        };
    }

    /** {@code len} bytes of {@code file} from {@code off}. */
    private static InputStream slice(Path file, long off, long len) throws IOException {
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
        ch.position(off);
        return new java.io.FilterInputStream(java.nio.channels.Channels.newInputStream(ch)) {
            private long left = len;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int c = super.read();
                if (c >= 0) {
                    left--;
                }
                return c;
            }

            @Override
            public int read(byte[] b, int o, int l) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, o, (int) Math.min(l, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        String k = objectKey(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (length == 0) {
            if (size(key).isEmpty()) {
                throw new NoSuchFileException(key);
            }
            return InputStream.nullInputStream();
        }
        String range = offset == 0 && length == Long.MAX_VALUE ? null
            : "bytes=" + offset + "-" + (length == Long.MAX_VALUE ? "" : String.valueOf(offset + length - 1));
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(k).range(range));
            Long declared = in.response().contentLength();
            return declared == null ? in : whole(in, declared, key);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(key);
            }
            if (e.statusCode() == 416) {
                if (size(key).isEmpty()) {
                    throw new NoSuchFileException(key);
                }
                return InputStream.nullInputStream(); // the range starts past the end
            }
            throw translate(e, "get " + key);
        } catch (SdkException e) {
            throw translate(e, "get " + key);
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        String k = objectKey(key);
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(k));
            return Optional.of(h.contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate(e, "stat " + key);
        } catch (SdkException e) {
            throw translate(e, "stat " + key);
        }
    }

    @Override
    public Stream<String> list(String p) throws IOException {
        StoreKeys.checkPrefix(p);
        String base = prefix + "objects/";
        List<String> out = new ArrayList<>();
        for (S3Object o : listAll(base + p)) {
            String k = o.key().substring(base.length());
            if (StoreKeys.isValid(k)) {
                out.add(k);
            }
        }
        out.sort(null);
        return out.stream();
    }

    private List<S3Object> listAll(String keyPrefix) throws IOException {
        try {
            List<S3Object> all = new ArrayList<>();
            s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(keyPrefix).build())
                .contents().forEach(all::add);
            return all;
        } catch (SdkException e) {
            throw translate(e, "list " + keyPrefix);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        beforeWrite();
        boolean existed = size(key).isPresent();
        String k = objectKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(k));
        } catch (SdkException e) {
            throw translate(e, "delete " + key);
        }
        return existed;
    }

    // ---- refs: a log of create-once values per ref ----

    private String refPrefix(String ref) {
        return prefix + "refs/" + StoreKeys.check(ref) + SEQ_SEPARATOR;
    }

    /** The newest entry of a ref's log: its sequence number and value ("" for a deletion), or null. */
    private Object[] newest(String ref) throws IOException {
        List<S3Object> log = listAll(refPrefix(ref));
        long best = -1;
        String bestKey = null;
        for (S3Object o : log) {
            String seq = o.key().substring(refPrefix(ref).length());
            if (seq.length() == SEQ_DIGITS && seq.chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(seq);
                if (n > best) {
                    best = n;
                    bestKey = o.key();
                }
            }
        }
        if (bestKey == null) {
            return null;
        }
        String k = bestKey;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(k))) {
            return new Object[] {best, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip()};
        } catch (SdkException e) {
            throw translate(e, "read ref " + ref);
        }
    }

    @Override
    public Optional<String> readRef(String ref) throws IOException {
        Object[] n = newest(ref);
        return n == null || ((String) n[1]).isEmpty() ? Optional.empty() : Optional.of((String) n[1]);
    }

    @Override
    public boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value) throws IOException {
        value.ifPresent(v -> {
            if (v.isEmpty() || v.contains("\n")) {
                throw new IllegalArgumentException("a ref value is one non-empty line");
            }
        });
        if (lease == null) {
            if (!probe.conditionalCreate()) {
                throw new IOException(refusal(description, probe.server()));
            }
            return casOnce(ref, expected, value);
        }
        synchronized (this) { // the lease excludes other processes; this, other threads of this one
            lease.check();
            boolean done = casOnce(ref, expected, value);
            if (done) {
                lease.release(); // a ref update ends a unit of writing: let the next writer in
            }
            return done;
        }
    }

    /** Why a store on a server without conditional create does not update refs, and the ways out. */
    static String refusal(String store, String server) {
        return store + " cannot be shared safely: " + server + " does not honour conditional writes (a second "
            + "create of one key with If-None-Match: * succeeds), so two writers updating one branch at the same "
            + "time could lose a commit without an error. Ways out: use a server that honours If-None-Match "
            + "(AWS S3, or a recent MinIO, Ceph RGW or Garage); or, if only one process at a time ever writes to "
            + "this store, add singleWriter=true to the store URI (a writer lease then refuses a second writer; "
            + "see docs/BACKENDS.md); or keep the repository on a local or shared file system (file:)";
    }

    private boolean casOnce(String ref, Optional<String> expected, Optional<String> value) throws IOException {
        Object[] n = newest(ref);
        long seq = n == null ? 0 : (Long) n[0];
        Optional<String> current = n == null || ((String) n[1]).isEmpty() ? Optional.empty() : Optional.of((String) n[1]);
        if (!current.equals(expected)) {
            return false;
        }
        String k = refPrefix(ref) + String.format("%0" + SEQ_DIGITS + "d", seq + 1);
        byte[] body = value.orElse("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            s3.putObject(b -> b.bucket(bucket).key(k).ifNoneMatch("*").contentMD5(Checksums.base64(Checksums.md5(body))),
                RequestBody.fromBytes(body));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false; // another writer created the same sequence number first
            }
            throw translate(e, "update ref " + ref);
        } catch (SdkException e) {
            throw translate(e, "update ref " + ref);
        }
        // read it back: the entry holds the value, and (where a lease stands in for the server's refusal)
        // it is the newest one
        String stored;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(k))) {
            stored = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (SdkException e) {
            throw translate(e, "read back ref " + ref);
        }
        if (!stored.equals(value.orElse(""))) {
            S3Probe.forget(serverKey);
            throw new IOException(probe.server() + " stored ref " + ref + " of " + description + " as '"
                + (stored.length() > 60 ? stored.substring(0, 60) + "..." : stored) + "', not as '" + value.orElse("")
                + "' (the value sent); if the server does not decode aws-chunked bodies, keep the defaults "
                + "chunkedEncoding=false and checksums=when_required in the store URI");
        }
        if (lease != null) {
            Object[] now = newest(ref);
            if (now == null || (Long) now[0] != seq + 1 || !now[1].equals(value.orElse(""))) {
                throw new IOException("ref " + ref + " of " + description + " changed while this process held the "
                    + "writer lease: another process writes to it without the lease (is every writer using "
                    + "singleWriter=true?); check the branch with 'damnit fetch' before writing again");
            }
        }
        return true;
    }

    @Override
    public Stream<String> listRefs(String p) throws IOException {
        StoreKeys.checkPrefix(p);
        String base = prefix + "refs/";
        TreeSet<String> names = new TreeSet<>();
        for (S3Object o : listAll(base + p)) {
            String rest = o.key().substring(base.length());
            int cut = rest.lastIndexOf(SEQ_SEPARATOR);
            if (cut > 0) {
                names.add(rest.substring(0, cut));
            }
        }
        List<String> out = new ArrayList<>();
        for (String ref : names) {
            if (StoreKeys.isValid(ref) && readRef(ref).isPresent()) {
                out.add(ref);
            }
        }
        return out.stream();
    }

    private IOException translate(SdkException e, String what) {
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            if (status == 403) {
                return new IOException(what + " in " + description + ": access denied (" + code
                    + "); check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or profile) and the bucket policy", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new IOException("bucket " + bucket + " does not exist at " + description + "; create it first", e);
            }
            return new IOException(what + " in " + description + " failed: HTTP " + status + " " + code, e);
        }
        if (e instanceof SdkClientException) {
            return new IOException(what + " in " + description + " failed: " + e.getMessage(), e);
        }
        return new IOException(what + " in " + description + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.release();
        }
        s3.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
