package org.damnit.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.TreeEntry;

/**
 * A committed file over HTTP: GET and HEAD with a strong ETag (the content's SHA-256: a revision's files
 * never change), conditional requests, and single byte ranges read through {@link SeekableFile}, so a
 * genome browser or {@code samtools view http://…} fetches only the chunks it needs.
 */
final class FileResponse {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private FileResponse() {
    }

    /** Serves {@code path} of {@code rev}; {@code attachment} asks browsers to save rather than show it. */
    static void send(Request req, Repository repo, String rev, String path, boolean attachment,
                     java.util.concurrent.atomic.LongAdder chunksRead) throws IOException, DamnitException {
        SeekableFile f;
        try {
            f = repo.openSeekable(rev, path); // one resolution and lookup per request; no chunk is read yet
        } catch (org.damnit.BadPathException noSuchFile) {
            throw new HttpError(404, "revision " + rev + " has no file '" + path + "'");
        }
        try (f) {
            send(req, f, rev, attachment, chunksRead);
        }
    }

    private static void send(Request req, SeekableFile f, String rev, boolean attachment,
                             java.util.concurrent.atomic.LongAdder chunksRead) throws IOException {
        TreeEntry e = f.entry();
        String path = e.path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        String etag = "\"" + e.sha256() + "\"";
        var h = req.ex.getResponseHeaders();
        h.set("Content-Type", contentType(name));
        h.set("Content-Disposition", (attachment ? "attachment" : "inline") + "; filename=\""
            + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''" + Html.q(name).replace("+", "%20"));
        h.set("Content-Security-Policy", "sandbox; default-src 'none'");
        h.set("Accept-Ranges", "bytes");
        h.set("ETag", etag);
        h.set("Cache-Control", isCommitId(rev) ? "private, max-age=31536000, immutable" : "private, no-cache");
        h.set("X-Damnit-Md5", e.md5());
        h.set("X-Damnit-Sha256", e.sha256().toString());
        if (matches(req.header("If-None-Match"), etag)) {
            req.ex.sendResponseHeaders(304, -1);
            return;
        }
        long size = e.size();
        String range = req.header("Range");
        String ifRange = req.header("If-Range");
        long[] r = range == null || (ifRange != null && !ifRange.trim().equals(etag)) ? null : parseRange(range, size);
        if (r != null && r.length == 0) {
            h.set("Content-Range", "bytes */" + size);
            req.send(416, "text/plain; charset=utf-8", "range " + range + " is outside the file's " + size + " bytes\n");
            return;
        }
        boolean head = req.method().equals("HEAD");
        long from = r == null ? 0 : r[0];
        long end = r == null ? size : r[1] + 1;
        int status = r == null ? 200 : 206;
        if (r != null) {
            h.set("Content-Range", "bytes " + from + "-" + r[1] + "/" + size);
        }
        h.set("Content-Length", Long.toString(end - from));
        if (head || end == from) {
            req.ex.sendResponseHeaders(status, -1);
            return;
        }
        req.ex.sendResponseHeaders(status, end - from);
        OutputStream out = req.ex.getResponseBody();
        try {
            copy(f, from, end, out, r == null ? sha256() : null, chunksRead);
        } catch (IOException broken) {
            if (broken.getCause() instanceof DamnitException d) {
                System.err.println("damnit serve: " + path + " at " + rev + " broken off: " + d.getMessage());
            }
            // closing the body short of its length would leave the client waiting: drop the connection
            req.breakConnection();
            throw broken;
        }
        out.close();
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * How far a whole-file response runs ahead of its SHA-256. htslib opens a BAM with a GET of the whole
     * file and abandons it after the header, so the digest starts only once a response has sent this much
     * (it then reads those bytes again to catch up) or reaches its last bytes: an abandoned response costs
     * no hashing.
     */
    static final long HASH_LAG = 16L << 20;

    /**
     * Copies [from, end) of {@code f}, each chunk checked as it is read; a whole file is also checked
     * against its SHA-256 before its last bytes go out, so a mismatch cuts the response short.
     */
    private static void copy(SeekableFile f, long from, long end, OutputStream out, java.security.MessageDigest sha,
                             java.util.concurrent.atomic.LongAdder chunksRead) throws IOException {
        copy(f, from, end, out, sha, chunksRead, HASH_LAG);
    }

    static void copy(SeekableFile f, long from, long end, OutputStream out, java.security.MessageDigest sha,
                     java.util.concurrent.atomic.LongAdder chunksRead, long hashLag) throws IOException {
        long counted = 0;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(end - from, 256 << 10));
        long pos = from;
        boolean hashing = false;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = f.read(pos, buf);
            if (n <= 0) {
                throw new IOException(f.entry().path() + " ended early at byte " + pos);
            }
            boolean last = pos + n == end;
            if (sha != null && !hashing && (last || pos - from >= hashLag)) {
                rehash(f, from, pos, sha); // catch up with what was sent unhashed
                hashing = true;
            }
            if (hashing) {
                sha.update(buf.array(), 0, n);
                if (last && !ObjectId.of(sha.digest()).equals(f.entry().sha256())) {
                    throw new IOException(new org.damnit.CorruptObjectException(f.entry().path()
                        + ": content does not hash to the tree entry's SHA-256"));
                }
            }
            pos += n;
            chunksRead.add(f.chunksRead() - counted); // before the bytes go out, so a client sees it counted
            counted = f.chunksRead();
            out.write(buf.array(), 0, n);
        }
    }

    /** Hashes [from, to) of {@code f}, read again. */
    private static void rehash(SeekableFile f, long from, long to, java.security.MessageDigest sha) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(to - from, 256 << 10));
        for (long at = from; at < to; ) {
            b.clear().limit((int) Math.min(b.capacity(), to - at));
            int n = f.read(at, b);
            if (n <= 0) {
                throw new IOException(f.entry().path() + " ended early at byte " + at);
            }
            sha.update(b.array(), 0, n);
            at += n;
        }
    }

    /**
     * The one range {@code header} asks for, as {first, last} inclusive; an empty array if it cannot be
     * satisfied; null if the header is malformed or asks for several ranges (then the whole file is sent).
     */
    static long[] parseRange(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return new long[0];
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return null; // malformed: ignored, as RFC 9110 says
            }
            return first >= size ? new long[0] : new long[] {first, last};
        } catch (NumberFormatException tooLong) {
            return new long[0];
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String t : ifNoneMatch.split(",")) {
            String s = t.trim();
            if (s.equals("*") || s.equals(etag) || s.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCommitId(String rev) {
        return rev.length() == 2 * ObjectId.LENGTH && rev.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** A content type from the name. Nothing is ever served as HTML or script: text formats are plain text. */
    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".bgz") || n.endsWith(".bgzf")) {
            return "application/gzip";
        }
        if (n.endsWith(".json")) {
            return "application/json";
        }
        for (String t : new String[] {".txt", ".tsv", ".csv", ".vcf", ".sam", ".fa", ".fasta", ".fna", ".fq",
            ".fastq", ".bed", ".gff", ".gff3", ".gtf", ".fai", ".md", ".log"}) {
            if (n.endsWith(t)) {
                return "text/plain; charset=utf-8";
            }
        }
        return "application/octet-stream";
    }
}
