package org.damnit.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.core.deflate.Compressor;
import org.damnit.core.deflate.GzipWalker;

/**
 * The recipe of a gzip or BGZF file kept by its decompressed content (docs/FORMAT.md, "Containers"):
 * the file's size and digests, the compressors its members name, and three streams stored as chunks like
 * any file content: the decompressed {@code content}, the {@code literals} (member headers and the bytes
 * of raw regions, in file order) and the {@code members}, one {@link #MEMBER}-byte record per member,
 * BGZF block or raw region, so that a reader finds the member holding a file position by binary search.
 */
record Container(long size, ObjectId sha256, String md5, List<Compressor> compressors, Counts counts,
                 Stream content, Stream literals, Stream members) {
    static final BinaryFormat FORMAT = new BinaryFormat("container", "DMNZ", 1, 1);
    /** One member record. */
    static final int MEMBER = 64;
    /** A container object is at most this long (a 100 GB BAM needs about 12 MB). */
    static final int MAX_BYTES = 256 << 20;
    static final int KIND_GZIP = 1;
    static final int KIND_BGZF = 2;
    static final int KIND_RAW = 3;
    private static final int NO_COMPRESSOR = 0xFF;

    /** What the walk found: members re-created, raw regions (fallbacks) and their bytes, gzip members (not BGZF). */
    record Counts(long members, long recreated, long rawFallbacks, long rawBytes, long gzipMembers) {
    }

    /** A stream of bytes kept as chunks. */
    record Stream(long length, List<Node.Piece> pieces) {
        Stream {
            pieces = List.copyOf(pieces);
        }

        /** A tree-like node of the stream, to read it as a file. */
        Node asNode(String name) {
            return Node.file(name, length, false, 0, null, null, pieces);
        }
    }

    /**
     * One 64-byte member record: kind (u8), compressor index (u8, 255 for none), six zero bytes, then u64
     * file offset, content offset, content length, literal offset, literal length, DEFLATE length, and the
     * 8-byte trailer (CRC-32 and ISIZE as they were; zeros for raw).
     */
    record Member(int kind, int compressor, long fileOffset, long contentOffset, long contentLength,
                  long literalOffset, long literalLength, long deflateLength, byte[] trailer) {
        long length() {
            return kind == KIND_RAW ? literalLength : literalLength + deflateLength + 8;
        }

        byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(MEMBER);
            b.put((byte) kind).put((byte) compressor).put(new byte[6]);
            b.putLong(fileOffset).putLong(contentOffset).putLong(contentLength).putLong(literalOffset)
                .putLong(literalLength).putLong(deflateLength).put(trailer);
            return b.array();
        }

        static Member decode(String where, byte[] b, int off) throws CorruptObjectException {
            ByteBuffer r = ByteBuffer.wrap(b, off, MEMBER);
            int kind = r.get() & 0xFF;
            int comp = r.get() & 0xFF;
            r.position(r.position() + 6);
            long[] v = new long[6];
            for (int i = 0; i < 6; i++) {
                v[i] = r.getLong();
                if (v[i] < 0) {
                    throw new CorruptObjectException(where + ": member record with a negative field");
                }
            }
            byte[] trailer = new byte[8];
            r.get(trailer);
            boolean member = kind == KIND_GZIP || kind == KIND_BGZF;
            if (!member && kind != KIND_RAW || member == (comp == NO_COMPRESSOR)
                || member && v[4] > 1 << 16 // a header is at most 64 KiB
                || kind == KIND_BGZF && (v[2] > 1 << 16 || v[5] > 1 << 16)
                || kind == KIND_RAW && (v[2] != 0 || v[5] != 0) || v[4] > Long.MAX_VALUE / 4 || v[5] > Long.MAX_VALUE / 4) {
                throw new CorruptObjectException(where + ": bad member record (kind " + kind + ")");
            }
            return new Member(kind, comp, v[0], v[1], v[2], v[3], v[4], v[5], trailer);
        }
    }

    /** The walker's view of a member, given its header bytes. */
    GzipWalker.Member toWalker(Member m, byte[] header) throws CorruptObjectException {
        if (m.kind() == KIND_RAW) {
            return new GzipWalker.Member(GzipWalker.Kind.RAW, m.fileOffset(), m.length(), new byte[0], null, 0, 0,
                new byte[0], "raw");
        }
        if (m.compressor() >= compressors.size()) {
            throw new CorruptObjectException("container of " + sha256.abbreviate(12) + ": member names compressor "
                + m.compressor() + " of " + compressors.size());
        }
        return new GzipWalker.Member(m.kind() == KIND_BGZF ? GzipWalker.Kind.BGZF_BLOCK : GzipWalker.Kind.GZIP_MEMBER,
            m.fileOffset(), m.length(), header, compressors.get(m.compressor()), m.deflateLength(), m.contentLength(),
            m.trailer(), null);
    }

    /** Member records past the end of the stream: {@link #members} holds this many. */
    long memberCount() {
        return members.length() / MEMBER;
    }

    byte[] encode() {
        int n = 8 + 8 + 32 + 16 + 2 + 40 + 3 * 12 + FORMAT.FOOTER;
        for (Compressor c : compressors) {
            n += 3 + c.name().length() + c.version().length();
        }
        n += 36 * (content.pieces().size() + literals.pieces().size() + members.pieces().size());
        ByteBuffer b = ByteBuffer.allocate(n);
        FORMAT.putHeader(b).put(new byte[3]);
        b.putLong(size).put(sha256.toBytes()).put(hexBytes(md5));
        b.putShort((short) compressors.size());
        for (Compressor c : compressors) {
            putText(b, c.name());
            putText(b, c.version());
            b.put((byte) c.level());
        }
        b.putLong(counts.members()).putLong(counts.recreated()).putLong(counts.rawFallbacks()).putLong(counts.rawBytes())
            .putLong(counts.gzipMembers());
        for (Stream s : List.of(content, literals, members)) {
            b.putLong(s.length()).putInt(s.pieces().size());
            for (Node.Piece p : s.pieces()) {
                b.put(p.id().toBytes()).putInt((int) p.size());
            }
        }
        BinaryFormat.putFooter(b);
        return b.array();
    }

    /** Parses a container object, checking its format, footer, bounds and that it stands for {@code file}. */
    static Container decode(String where, ObjectId file, byte[] data) throws CorruptObjectException {
        try {
            FORMAT.checkHeader(where, data);
            BinaryFormat.checkFooter(where, data);
            ByteBuffer b = ByteBuffer.wrap(data, 0, data.length - BinaryFormat.FOOTER);
            b.position(8);
            long size = b.getLong();
            ObjectId sha = ObjectId.of(bytes(b, 32));
            String md5 = java.util.HexFormat.of().formatHex(bytes(b, 16));
            if (size < 0 || !sha.equals(file)) {
                throw new CorruptObjectException(where + " is damaged: it stands for another file");
            }
            int nc = b.getShort() & 0xFFFF;
            List<Compressor> cs = new ArrayList<>(Math.min(nc, 256));
            for (int i = 0; i < nc; i++) {
                cs.add(new Compressor(text(b), text(b), b.get() & 0xFF));
            }
            Counts counts = new Counts(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
            Stream[] streams = new Stream[3];
            for (int s = 0; s < 3; s++) {
                long length = b.getLong();
                int count = b.getInt();
                if (count < 0 || (long) count * 36 > b.remaining()) {
                    throw new CorruptObjectException(where + " is damaged: bad piece count");
                }
                List<Node.Piece> ps = new ArrayList<>(count);
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    ObjectId id = ObjectId.of(bytes(b, 32));
                    long len = b.getInt() & 0xFFFFFFFFL;
                    if (len == 0) {
                        throw new CorruptObjectException(where + " is damaged: an empty piece");
                    }
                    sum += len;
                    ps.add(new Node.Piece(id, len));
                }
                if (sum != length) {
                    throw new CorruptObjectException(where + " is damaged: pieces add up to " + sum + ", not " + length);
                }
                streams[s] = new Stream(length, ps);
            }
            if (b.hasRemaining() || streams[2].length() % MEMBER != 0) {
                throw new CorruptObjectException(where + " is damaged: bad length");
            }
            return new Container(size, sha, md5, cs, counts, streams[0], streams[1], streams[2]);
        } catch (FormatException e) {
            throw new CorruptObjectException(e.getMessage());
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptObjectException(where + " is truncated or damaged");
        }
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static void putText(ByteBuffer b, String s) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        b.put((byte) t.length).put(t);
    }

    private static String text(ByteBuffer b) {
        return new String(bytes(b, b.get() & 0xFF), StandardCharsets.US_ASCII);
    }

    private static byte[] hexBytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
