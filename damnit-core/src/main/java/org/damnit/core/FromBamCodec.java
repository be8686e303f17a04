package org.damnit.core;

import java.io.ByteArrayOutputStream;
import org.damnit.CorruptObjectException;

/**
 * A content codec that codes text chunks against the stored BAM records they were made from: SAM text
 * ({@link SamFromBam}, codec 11) and FASTQ reads ({@link FastqFromBam}, codec 12). It recognises no file
 * and encodes no chunk on its own: the codec of the text format hands it a chunk. What the records do not
 * give, the chunk's own lines, is its residual, kept in the same way by both (docs/FORMAT.md, codec 11's
 * own lines): its length, then a byte saying how it is coded and, unless it is empty, a block of it.
 */
abstract class FromBamCodec extends ContentCodec {
    /** Residual codings: none (empty), the text format's own codec, zstd, raw. */
    private static final int NONE = 0;
    private static final int TEXT = 1;
    private static final int ZSTD = 2;
    private static final int RAW = 3;

    FromBamCodec(int id, String name, int version) {
        super(id, name, version);
    }

    @Override
    final boolean recognises(byte[] b, int off, int len) {
        return false;
    }

    @Override
    final boolean encodeBody(byte[] data, ByteArrayOutputStream out) {
        return false; // only against stored records
    }

    /**
     * Writes the residual {@code res}: coded by {@code text} at {@code level} when that is the smallest and
     * decodes back byte for byte, else by zstd -19 when smaller than it, else raw.
     */
    static void writeResidual(Columns.Sink head, byte[] res, ContentCodec text, int level) {
        head.varint(res.length);
        if (res.length == 0) {
            head.put(NONE);
            return;
        }
        byte[] t = text.encode(null, res, level);
        byte[] z = Delta.zstd(res, 19);
        if (t != null && t.length < z.length && t.length < res.length && text.roundTrips(null, res, t)) {
            head.put(TEXT);
            head.block(t);
        } else if (z.length < res.length) {
            head.put(ZSTD);
            head.block(z);
        } else {
            head.put(RAW);
            head.block(res);
        }
    }

    /**
     * Reads a residual that {@link #writeResidual} wrote, of at most {@code maxLength} bytes; {@code where}
     * names it in the messages of {@code text}'s decoder and zstd's.
     */
    static byte[] readResidual(Columns.Source in, long maxLength, ContentCodec text, String where)
        throws CorruptObjectException {
        int resLength = in.count(maxLength);
        int kind = in.get();
        byte[] res;
        if (kind == NONE) {
            res = new byte[0];
        } else {
            Columns.Source r = in.block();
            res = switch (kind) {
                case TEXT -> text.decode(where, null, r.array(), r.position(), r.remaining(), resLength);
                case ZSTD -> Delta.unzstd(where, r.array(), r.position(), r.remaining(), resLength);
                case RAW -> java.util.Arrays.copyOfRange(r.array(), r.position(), r.position() + r.remaining());
                default -> throw new Columns.Damaged("unknown residual coding " + kind);
            };
        }
        if (res.length != resLength) {
            throw new Columns.Damaged("residual of the wrong length");
        }
        return res;
    }

    /** A payload: {@code version}, then the body {@code head} holds. */
    static byte[] payload(int version, Columns.Sink head) {
        byte[] body = head.bytes();
        byte[] payload = new byte[body.length + 1];
        payload[0] = (byte) version;
        System.arraycopy(body, 0, payload, 1, body.length);
        return payload;
    }
}
