package org.damnit.core;

import java.nio.ByteBuffer;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;

/**
 * The byte layout of pack files and pack indexes (docs/FORMAT.md, "Packs"). A pack is a header, chunk
 * records, and a trailer; each record carries its own CRC-32C so that one ranged read can fetch and
 * check one chunk.
 */
final class Pack {
    static final BinaryFormat FORMAT = new BinaryFormat("pack", "DMNP", 1, 1);
    static final BinaryFormat INDEX_FORMAT = new BinaryFormat("pack index", "DMNX", 1, 1);
    static final byte[] TRAILER_MAGIC = {'D', 'M', 'N', 'E'};
    static final int HEADER = 8;
    static final int TRAILER = 12;
    /** Fixed part of a record header; each delta base adds 32 bytes. */
    static final int RECORD_HEADER = 44;
    static final int MAX_BASES = 3;

    /** The bases a record of this codec may list: {@link #MAX_BASES}, or 255 for FASTQ from BAM records (codec 12). */
    static int maxBases(int codec) {
        return codec == FastqFromBam.ID ? FastqFromBam.MAX_BASES : MAX_BASES;
    }
    static final int RECORD_FOOTER = 4;
    static final int INDEX_HEADER = 44;
    static final int INDEX_ENTRY = 84;

    static final ObjectId NO_BASE = ObjectId.of(new byte[32]);

    private Pack() {
    }

    static byte[] header() {
        return FORMAT.header(HEADER);
    }

    private static void checkBases(int codec, int bases) {
        boolean delta = ChunkCodecs.isDelta(codec);
        if (bases > maxBases(codec) || delta && bases == 0 || !delta && bases > 0 && !ChunkCodecs.mayHaveBases(codec)) {
            throw new IllegalArgumentException("a delta has 1 to " + MAX_BASES
                + " bases, a content codec's chunk at most that many, any other none");
        }
    }

    /** The header of a record (everything before the payload). */
    static byte[] recordHeader(int codec, int depth, ObjectId id, int rawLength, int payloadLength,
                               java.util.List<ObjectId> bases) {
        checkBases(codec, bases.size());
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + 32 * bases.size());
        b.put((byte) codec).put((byte) depth).put((byte) bases.size()).put((byte) 0).put(id.toBytes()).putInt(rawLength)
            .putInt(payloadLength);
        for (ObjectId base : bases) {
            b.put(base.toBytes());
        }
        return b.array();
    }

    /** One chunk as stored in a pack: codec, delta depth, ids, lengths, delta bases, payload, CRC-32C. */
    static byte[] record(int codec, int depth, ObjectId id, int rawLength, byte[] payload, int payloadLength,
                         java.util.List<ObjectId> bases) {
        checkBases(codec, bases.size());
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + 32 * bases.size() + payloadLength + RECORD_FOOTER);
        b.put((byte) codec).put((byte) depth).put((byte) bases.size()).put((byte) 0).put(id.toBytes()).putInt(rawLength)
            .putInt(payloadLength);
        for (ObjectId base : bases) {
            b.put(base.toBytes());
        }
        b.put(payload, 0, payloadLength);
        return BinaryFormat.putFooter(b).array();
    }

    /** A record read back: its fields and where its payload lies in {@code bytes}. */
    record Parsed(int codec, int depth, ObjectId id, int rawLength, java.util.List<ObjectId> bases, byte[] bytes,
                  int payloadOffset, int payloadLength) {
    }

    static Parsed parse(String where, byte[] r) throws CorruptObjectException {
        if (r.length < RECORD_HEADER + RECORD_FOOTER) {
            throw new CorruptObjectException(where + " is truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(r);
        int codec = b.get() & 0xff;
        int depth = b.get() & 0xff;
        int nBases = b.get() & 0xff;
        b.get();
        byte[] id = new byte[32];
        b.get(id);
        int raw = b.getInt();
        int stored = b.getInt();
        int header = RECORD_HEADER + 32 * nBases;
        if (nBases > maxBases(codec) || stored < 0 || raw < 0 || header + (long) stored + RECORD_FOOTER != r.length) {
            throw new CorruptObjectException(where + " has inconsistent lengths");
        }
        java.util.List<ObjectId> bases = new java.util.ArrayList<>(nBases);
        for (int i = 0; i < nBases; i++) {
            byte[] base = new byte[32];
            b.get(base);
            bases.add(ObjectId.of(base));
        }
        try {
            BinaryFormat.checkFooter(where + " (a record)", r);
        } catch (CorruptFormatException e) {
            throw new CorruptObjectException(e.getMessage(), e);
        }
        boolean delta = ChunkCodecs.of(where, codec).isDelta();
        if (delta && bases.isEmpty() || !delta && !bases.isEmpty() && !ChunkCodecs.mayHaveBases(codec)) {
            throw new CorruptObjectException(where + " has " + nBases + " delta bases for codec " + codec);
        }
        return new Parsed(codec, depth, ObjectId.of(id), raw, bases, r, header, stored);
    }

    /** An entry of a pack index: where one chunk's record lies in its pack. */
    record Entry(ObjectId id, long offset, int recordLength, int rawLength, int codec, int depth, ObjectId base) {
    }

    /**
     * A pack's id: the SHA-256 of its index entries (sorted, as encoded in the pack index) followed by its
     * trailer. The entries name every chunk by its SHA-256 with its place and length, and the trailer
     * carries the CRC-32C of every byte of the pack, so the id stands for the content without hashing
     * the whole pack a third time.
     */
    static ObjectId packId(java.util.List<Entry> entries, byte[] trailer) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(encodeEntries(entries));
            md.update(trailer);
            return ObjectId.of(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encodeEntries(java.util.List<Entry> entries) {
        java.util.List<Entry> sorted = new java.util.ArrayList<>(entries);
        sorted.sort(java.util.Comparator.comparing(Entry::id));
        ByteBuffer b = ByteBuffer.allocate(sorted.size() * INDEX_ENTRY);
        for (Entry e : sorted) {
            b.put(e.id.toBytes()).putLong(e.offset).putInt(e.recordLength).putInt(e.rawLength).put((byte) e.codec)
                .put((byte) e.depth).putShort((short) 0).put((e.base == null ? NO_BASE : e.base).toBytes());
        }
        return b.array();
    }

    static byte[] encodeIndex(ObjectId pack, java.util.List<Entry> entries) {
        byte[] body = encodeEntries(entries);
        ByteBuffer b = ByteBuffer.allocate(INDEX_HEADER + body.length + BinaryFormat.FOOTER);
        INDEX_FORMAT.putHeader(b).put(new byte[3]).put(pack.toBytes()).putInt(entries.size());
        b.put(body);
        return BinaryFormat.putFooter(b).array();
    }

    static java.util.List<Entry> decodeIndex(String where, ObjectId pack, byte[] r) throws CorruptObjectException {
        if (r.length < INDEX_HEADER + 4) {
            throw new CorruptObjectException(where + " is truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(r);
        try {
            BinaryFormat.checkFooter(where, r);
            INDEX_FORMAT.checkHeader(where, b);
        } catch (FormatException e) {
            throw new CorruptObjectException(e.getMessage(), e);
        }
        b.position(8);
        byte[] p = new byte[32];
        b.get(p);
        if (!ObjectId.of(p).equals(pack)) {
            throw new CorruptObjectException(where + " describes another pack");
        }
        int n = b.getInt();
        if (n < 0 || (long) INDEX_HEADER + (long) n * INDEX_ENTRY + 4 != r.length) {
            throw new CorruptObjectException(where + " has an inconsistent entry count");
        }
        java.util.List<Entry> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[32];
            b.get(id);
            long off = b.getLong();
            int rec = b.getInt();
            int raw = b.getInt();
            int codec = b.get() & 0xff;
            int depth = b.get() & 0xff;
            b.getShort();
            byte[] base = new byte[32];
            b.get(base);
            out.add(new Entry(ObjectId.of(id), off, rec, raw, codec, depth, ObjectId.of(base)));
        }
        return out;
    }
}
