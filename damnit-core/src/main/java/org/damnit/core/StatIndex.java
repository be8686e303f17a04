package org.damnit.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.damnit.ObjectId;

/**
 * The stat cache ({@code .damnit/index}): for each file committed, the size, modification time (ns) and
 * file key it had when it was read, and the tree entry that was made from it. A file whose stat matches
 * is not read again. It is only a cache: a missing or unreadable index costs re-reading, never data.
 *
 * <p>Racy clean: a file whose modification time is within the file system's timestamp granularity of
 * the moment the scan started (or later) could be modified again without its stat changing, so it is
 * recorded as "racy" and re-read next time. "Now" is read from the file system's own clock (the
 * modification time of a file created in {@code .damnit/tmp}), so a skewed network file server
 * cannot fool the rule; the window is {@link #FINE_WINDOW_NANOS} on file systems with sub-second
 * timestamps and {@link #COARSE_WINDOW_NANOS} on those without.
 *
 * <p>Trusted only after a check: the file carries a CRC-32C of its content (a damaged cache is
 * ignored), and an entry is reused only if its pieces add up to its size, a one-piece file's piece is
 * the file's own SHA-256, and every piece is in the store ({@link #usable}).
 */
final class StatIndex {
    static final int FORMAT = 2;
    /** Format 1 had no checksum; it is still read, its entries trusted only after {@link #usable}. */
    static final int FORMAT_UNCHECKED = 1;
    /** Format 2 ends with this, 8 hex digits of the CRC-32C of everything before it, and a newline. */
    private static final byte[] TRAILER = "crc32c ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int TRAILER_LENGTH = TRAILER.length + 9;
    static final long FINE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long COARSE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** The stat of a file when it was hashed, and the entry made from it. */
    record Stat(long size, long mtimeNanos, String fileKey, boolean racy, Node node) {
        boolean matches(BasicFileAttributes a, boolean executable) {
            return !racy && a.size() == size && StatIndex.mtimeNanos(a) == mtimeNanos
                && java.util.Objects.equals(StatIndex.fileKey(a), fileKey) && node.executable() == executable;
        }

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Stat s && size == s.size && mtimeNanos == s.mtimeNanos && racy == s.racy
                && java.util.Objects.equals(fileKey, s.fileKey) && java.util.Objects.equals(node, s.node);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(size, mtimeNanos, fileKey, racy, node);
        }
    }

    private final Map<String, Stat> entries;

    private StatIndex(Map<String, Stat> entries) {
        this.entries = entries;
    }

    static StatIndex empty() {
        return new StatIndex(new HashMap<>());
    }

    static long mtimeNanos(BasicFileAttributes a) {
        return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    static String fileKey(BasicFileAttributes a) {
        Object k = a.fileKey();
        return k == null ? null : k.toString();
    }

    static Stat stat(BasicFileAttributes a, long fsNowNanos, Node node) {
        long m = mtimeNanos(a);
        long window = fsNowNanos % 1_000_000_000L == 0 ? COARSE_WINDOW_NANOS : FINE_WINDOW_NANOS;
        return new Stat(a.size(), m, fileKey(a), m >= fsNowNanos - window, node);
    }

    /** The file system's idea of "now": the modification time of a file created in {@code dir}. */
    static long fileSystemNow(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, "clock-", ".tmp");
            try {
                return mtimeNanos(Files.readAttributes(probe, BasicFileAttributes.class));
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return Long.MAX_VALUE; // no clock: treat every file as racy
        }
    }

    Stat get(String path) {
        return entries.get(path);
    }

    void put(String path, Stat s) {
        if (!s.equals(entries.put(path, s))) {
            dirty = true;
        }
    }

    private boolean dirty;

    /** Whether anything changed since the index was loaded. */
    boolean dirty() {
        return dirty;
    }

    /** Drops entries of paths that are no longer in the working tree. */
    void retain(java.util.Set<String> paths) {
        if (entries.keySet().retainAll(paths)) {
            dirty = true;
        }
    }

    int size() {
        return entries.size();
    }

    /** Loads the index; any problem with it, a checksum that does not match included, yields an empty index. */
    static StatIndex load(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            long length = Files.size(file);
            long payload = checkedLength(file, length);
            try (InputStream in = new BoundedInputStream(RegularFiles.open(file), payload < 0 ? length : payload)) {
                return parse(in, payload < 0 ? FORMAT_UNCHECKED : FORMAT);
            }
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    /**
     * The length of the checked content if the file ends with a trailer whose CRC-32C matches, -1 if it
     * has no trailer (format 1); damage is an IOException.
     */
    private static long checkedLength(Path file, long length) throws IOException {
        if (length < TRAILER_LENGTH) {
            return -1;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(TRAILER_LENGTH);
            while (t.hasRemaining() && ch.read(t, length - TRAILER_LENGTH + t.position()) > 0) {
                // reads the trailer
            }
            byte[] tb = t.array();
            if (!java.util.Arrays.equals(tb, 0, TRAILER.length, TRAILER, 0, TRAILER.length)) {
                return -1;
            }
            long want;
            try {
                want = Long.parseLong(new String(tb, TRAILER.length, 8, java.nio.charset.StandardCharsets.US_ASCII), 16);
            } catch (NumberFormatException e) {
                throw new IOException("index: damaged trailer");
            }
            long payload = length - TRAILER_LENGTH;
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
            for (long pos = 0; pos < payload; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), payload - pos));
                int r = ch.read(buf, pos);
                if (r <= 0) {
                    throw new IOException("index: shorter than it was");
                }
                buf.flip();
                crc.update(buf);
                pos += r;
            }
            if (crc.getValue() != want) {
                throw new IOException("index: checksum mismatch");
            }
            return payload;
        }
    }

    private static StatIndex parse(InputStream in, int expected) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            Map<String, Stat> m = new HashMap<>();
            expect(p.nextToken(), JsonToken.START_OBJECT);
            int format = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (f.equals("format")) {
                    format = p.getIntValue();
                    if (format != expected) {
                        return empty();
                    }
                } else if (f.equals("entries")) {
                    expect(p.currentToken(), JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        p.nextToken();
                        String path = p.getText();
                        long size = nextLong(p);
                        long mtime = nextLong(p);
                        p.nextToken();
                        String key = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                        p.nextToken();
                        boolean exec = p.getBooleanValue();
                        p.nextToken();
                        ObjectId sha = ObjectId.fromHex(p.getText());
                        p.nextToken();
                        String md5 = p.getText();
                        long nodeMtime = nextLong(p);
                        expect(p.nextToken(), JsonToken.START_ARRAY);
                        List<Node.Piece> pieces = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            ObjectId pid = ObjectId.fromHex(p.getText());
                            pieces.add(new Node.Piece(pid, nextLong(p)));
                        }
                        expect(p.nextToken(), JsonToken.END_ARRAY);
                        String name = path.substring(path.lastIndexOf('/') + 1);
                        m.put(path, new Stat(size, mtime, key, false,
                            Node.file(name, size, exec, nodeMtime, sha, md5, pieces)));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return format == expected ? new StatIndex(m) : empty();
        }
    }

    /**
     * Whether a cached entry for a file of {@code size} bytes may be reused without reading the file:
     * its pieces add up to the size, a one-piece file's piece id is its SHA-256 (and an empty file has
     * none). The caller checks that every piece is stored.
     */
    static boolean usable(Node n, long size) {
        if (n.size() != size || n.md5() == null || !Codec.isLowerHex(n.md5(), 32)) {
            return false;
        }
        long sum = 0;
        for (Node.Piece p : n.pieces()) {
            sum += p.size();
        }
        if (sum != size || (n.pieces().size() == 1 && !n.pieces().get(0).id().equals(n.sha256()))
            || (size == 0 && !n.sha256().equals(EMPTY_SHA256))) {
            return false;
        }
        return true;
    }

    private static final ObjectId EMPTY_SHA256 = ObjectId.fromHex(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    private static long nextLong(JsonParser p) throws IOException {
        p.nextToken();
        return p.getLongValue();
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("index: expected " + wanted + ", found " + actual);
        }
    }

    /**
     * Saves the cache if it changed (or is missing); when that fails, deletes it: it is only a cache,
     * and the next commit re-reads what it cannot trust.
     */
    void saveOrDrop(Path file) {
        if (!dirty() && Files.exists(file)) {
            return;
        }
        try {
            save(file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Writes the index atomically (temp file, fsync, rename), with its checksum. Racy entries are left out. */
    void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                OutputStream out = new java.io.BufferedOutputStream(new java.util.zip.CheckedOutputStream(
                    Channels.newOutputStream(ch), crc), 1 << 16);
                try (JsonGenerator g = Json.FACTORY.createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
                    g.writeStartObject();
                    g.writeNumberField("format", FORMAT);
                    g.writeArrayFieldStart("entries");
                    for (Map.Entry<String, Stat> e : entries.entrySet()) {
                        Stat s = e.getValue();
                        if (s.racy) {
                            continue;
                        }
                        Node n = s.node;
                        g.writeStartArray();
                        g.writeString(e.getKey());
                        g.writeNumber(s.size);
                        g.writeNumber(s.mtimeNanos);
                        g.writeString(s.fileKey);
                        g.writeBoolean(n.executable());
                        g.writeString(n.sha256().toHex());
                        g.writeString(n.md5());
                        g.writeNumber(n.mtimeNanos());
                        g.writeStartArray();
                        for (Node.Piece p : n.pieces()) {
                            g.writeString(p.id().toHex());
                            g.writeNumber(p.size());
                        }
                        g.writeEndArray();
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.write('\n');
                out.flush();
                long sum = crc.getValue();
                out.write(TRAILER);
                out.write(String.format("%08x\n", sum).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
