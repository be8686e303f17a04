package org.damnit.core;

import org.damnit.CorruptObjectException;

/**
 * One way a chunk's bytes are stored in a pack record (docs/FORMAT.md, "Chunk codecs"). The id is on
 * disk, in every record and index entry; {@link ChunkCodecs} is the registry of them all.
 */
interface ChunkCodec {
    /** The byte that names this codec in records and index entries. */
    int id();

    String name();

    /**
     * Whether a payload is a delta, and so of what: a delta is decoded against the concatenated content
     * of its record's bases (1 to {@link Pack#MAX_BASES} chunks); any other payload stands alone.
     */
    boolean isDelta();

    /**
     * Encodes {@code data}, against {@code base} for a delta (null otherwise), at {@code level} where the
     * codec has levels. Null when this codec cannot encode it.
     */
    byte[] encode(byte[] base, byte[] data, int level);

    /** Decodes [off, off + len) of {@code payload} into {@code rawLength} bytes; {@code base} as for encode. */
    byte[] decode(String where, byte[] base, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException;

    /** Whether {@code payload} decodes to exactly {@code data}: every encoding is checked before it is kept. */
    default boolean roundTrips(byte[] base, byte[] data, byte[] payload) {
        try {
            return java.util.Arrays.equals(decode("check", base, payload, 0, payload.length, data.length), data);
        } catch (CorruptObjectException e) {
            return false;
        }
    }
}
