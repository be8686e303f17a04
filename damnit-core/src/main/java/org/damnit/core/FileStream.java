package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/** A committed file's bytes, one verified chunk in memory at a time; the whole-file SHA-256 is checked at the end. */
final class FileStream extends InputStream {
    private final ChunkStore chunks;
    private final List<Node.Piece> pieces;
    private final ObjectId expected;
    private final String path;
    private final MessageDigest sha = org.apache.commons.codec.digest.DigestUtils.getSha256Digest();
    private int next;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean checked;

    FileStream(ChunkStore chunks, Node file, String path) {
        this.chunks = chunks;
        this.pieces = file.pieces();
        this.expected = file.sha256();
        this.path = path;
    }

    private boolean fill() throws IOException {
        while (pos == buf.length) {
            if (next == pieces.size()) {
                if (!checked) {
                    checked = true;
                    ObjectId got = ObjectId.of(sha.digest());
                    if (!got.equals(expected)) {
                        throw new IOException(new CorruptObjectException(path + ": content hashes to " + got
                            + ", the tree says " + expected));
                    }
                }
                return false;
            }
            try {
                buf = chunks.read(pieces.get(next++).id());
            } catch (DamnitException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
            pos = 0;
            sha.update(buf);
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return buf.length - pos;
    }
}
