package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * A committed file's bytes, one verified chunk in memory at a time (re-created from the file's container
 * where the store no longer holds its chunks). The whole-file SHA-256 is checked
 * before the last chunk is released, so a mismatch always ends the stream short with an error.
 */
final class FileStream extends InputStream {
    private final FileContent content;
    private final List<Node.Piece> pieces;
    private final ObjectId expected;
    private final String path;
    private final MessageDigest sha = org.apache.commons.codec.digest.DigestUtils.getSha256Digest();
    private int next;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean checked;

    FileStream(ChunkStore chunks, Node file, String path) {
        this.content = new FileContent(chunks, file, path);
        this.pieces = file.pieces();
        this.expected = file.sha256();
        this.path = path;
    }

    private boolean fill() throws IOException {
        while (pos == buf.length) {
            if (next == pieces.size()) {
                if (!checked) { // an empty file
                    check();
                }
                return false;
            }
            byte[] chunk;
            try {
                chunk = content.piece(next++, null);
            } catch (DamnitException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
            sha.update(chunk);
            if (next == pieces.size()) {
                check(); // before the last chunk is handed out, so a reader never receives a whole wrong file
            }
            buf = chunk;
            pos = 0;
        }
        return true;
    }

    private void check() throws IOException {
        checked = true;
        ObjectId got = ObjectId.of(sha.digest());
        if (!got.equals(expected)) {
            throw new IOException(new CorruptObjectException(path + ": content hashes to " + got
                + ", the tree says " + expected));
        }
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

    @Override
    public void close() {
        content.close();
    }
}
