package org.damnit.core;

import java.io.ByteArrayOutputStream;
import org.damnit.CorruptObjectException;

/**
 * A chunk codec that models one file format's content (tables, FASTQ, SAM, ...): columns by meaning,
 * then an entropy coder. It is registered in {@link ChunkCodecs} like every chunk codec, is never a
 * delta of another version, and is read, verified and garbage-collected like the others. It may code
 * against stored reference sequences ({@link References}): the FASTA chunks it used are then its
 * record's bases, which a read fetches and gc keeps, and their concatenation is its decoder's base.
 *
 * <p>The contract every content codec keeps (docs/FORMAT.md, "Content codecs"):
 * <ul>
 * <li><b>Recognised by content.</b> {@link #recognises} looks at the first bytes of a file (its first
 * chunk), never at its name. {@link ChunkEncoder} asks the registered content codecs in registry order
 * (the most specific formats first, the generic table codec last) and uses the first that answers yes
 * for every chunk of that file, at most one codec per file.</li>
 * <li><b>Any chunk, not only whole records.</b> Chunks are content-defined cuts (FastCDC, ~1 MiB), so a
 * chunk starts and ends inside a record. The codec keeps the partial record at each end verbatim and
 * models the whole records between; an insertion therefore still changes only the chunks around it and
 * dedup across versions works as for any file. Whatever the model does not describe (a malformed
 * line, an odd number format) is kept verbatim too, or {@link #encodeBody} declines the chunk.</li>
 * <li><b>Bit-exact, checked by the caller.</b> {@link ChunkEncoder} tries the codec on each new
 * chunk of the file that no delta leaves under 2%, and keeps the encoding only if decoding it gives the
 * chunk back byte for byte and it is the smallest of it, the delta (if any) and zstd (not run when the
 * codec leaves under 2%); otherwise the normal path stands. A codec therefore never needs to be right about the input, only about its own
 * payloads.</li>
 * <li><b>Versioned.</b> Every payload starts with one byte, the codec's payload format version (1 to
 * 255, {@link #version}). A codec writes its current version and decodes every version it ever wrote;
 * a change of the payload layout takes the next version and a line in FORMAT.md's change log.</li>
 * <li><b>Damage is an exception naming the chunk.</b> {@link #decodeBody} may throw anything on a
 * damaged payload (an index out of bounds, an entropy coder's exception): {@link #decode} turns every
 * such failure, a wrong version and a wrong decoded length into a {@link CorruptObjectException} naming
 * {@code where}, so no stack trace reaches a user.</li>
 * <li><b>Bounded memory.</b> Encoding and its check need at most {@link #workBytes} of heap for a chunk,
 * which {@link ChunkEncoder} reserves from the {@link MemoryBudget} first; decoding needs at most a
 * small multiple of the chunk, and bounds every allocation by {@code rawLength} (never by a count read
 * from the payload alone). Both are pure functions of their input and thread-safe.</li>
 * </ul>
 */
abstract class ContentCodec implements ChunkCodec {
    private final int id;
    private final String name;
    private final int version;

    /**
     * @param id      the codec's id in records (pre-assigned: 5 tables, 6 FASTQ, 7 SAM, 10 BAM records)
     * @param version the payload format version written now
     */
    ContentCodec(int id, String name, int version) {
        if (version < 1 || version > 255) {
            throw new IllegalArgumentException("payload version " + version);
        }
        this.id = id;
        this.name = name;
        this.version = version;
    }

    @Override
    public final int id() {
        return id;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isDelta() {
        return false;
    }

    /** The payload format version this codec writes; it reads every version from 1 to this. */
    final int version() {
        return version;
    }

    /**
     * Whether a file that starts with [off, off + len) of {@code b} (its first chunk, at most a few MiB;
     * look at a bounded prefix of it) is of this codec's format. Cheap: it runs on the reading thread.
     */
    abstract boolean recognises(byte[] b, int off, int len);

    /** Heap that encoding a chunk of {@code length} bytes and decoding it again for the check may take. */
    abstract long workBytes(int length);

    /**
     * Writes the encoding of {@code data} to {@code out} (after the version byte, already written), or
     * returns false when this chunk is not worth modelling (then {@code out} is discarded).
     */
    abstract boolean encodeBody(byte[] data, ByteArrayOutputStream out);

    /**
     * Decodes a body written at payload version {@code version} (1 to {@link #version}) from [off, off +
     * len) of {@code payload}; the result must be {@code rawLength} bytes. On damage it throws a
     * {@link CorruptObjectException} naming {@code where}, or any runtime exception, which {@link #decode}
     * reports as damage of {@code where}.
     */
    abstract byte[] decodeBody(String where, int version, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException;

    /**
     * Per-file state taken from the file's first chunk (a BAM header's reference names), or null; or,
     * when the first chunk does not hold all it needs, an {@link Unfinished} state.
     */
    Object fileState(byte[] b, int off, int len) {
        return null;
    }

    /**
     * A file state that needs more of the file than its first chunk (a BAM header longer than it). The
     * reading thread gives it each following chunk in order ({@link #next}) until it answers anything
     * else, which is the state of the chunks after; the chunks before are encoded with this one, which a
     * codec takes for no state. Only the reading thread touches it.
     */
    interface Unfinished {
        /**
         * The state with the file's next chunk [off, off + len) of {@code b} read too: this (still
         * unfinished), the complete state, or null (none: given up).
         */
        Object next(byte[] b, int off, int len);
    }

    /**
     * A payload and the stored chunks it was coded against, whose concatenation {@code base} decodes it;
     * {@code codec} is the codec whose payload it is (null: the one that encoded it, which may hand a chunk
     * to another, as the SAM codec does to {@link SamFromBam}).
     */
    record Encoding(byte[] payload, java.util.List<org.damnit.ObjectId> bases, byte[] base, ContentCodec codec) {
        Encoding(byte[] payload, java.util.List<org.damnit.ObjectId> bases, byte[] base) {
            this(payload, bases, base, null);
        }

        /** The codec that decodes the payload: {@link #codec}, or {@code encoder} when that is null. */
        ContentCodec codecOr(ContentCodec encoder) {
            return codec == null ? encoder : codec;
        }
    }

    /**
     * The encoding of {@code data} with what the repository offers, or null when the codec declines it;
     * by default the chunk alone ({@link #encode(byte[], byte[], int)}).
     *
     * @param fileState what {@link #fileState} made of the file's first chunk
     */
    Encoding encode(byte[] data, int level, Object fileState, References references)
        throws org.damnit.DamnitException {
        byte[] p = encode(null, data, level);
        return p == null ? null : new Encoding(p, java.util.List.of(), null);
    }

    /**
     * Like {@link #decodeBody(String, int, byte[], int, int, int)} with the concatenated reference
     * chunks the record lists as its bases ({@code base}, null if none); a codec that never codes against
     * references refuses a base.
     */
    byte[] decodeBody(String where, int version, byte[] base, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException {
        if (base != null) {
            throw new CorruptObjectException(where + " is damaged: a " + name + " record with bases");
        }
        return decodeBody(where, version, payload, off, len, rawLength);
    }

    /** The version byte and the body, or null when the codec declines the chunk. {@code base} is unused. */
    @Override
    public final byte[] encode(byte[] base, byte[] data, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 8));
        out.write(version);
        return encodeBody(data, out) ? out.toByteArray() : null;
    }

    @Override
    public final byte[] decode(String where, byte[] base, byte[] payload, int off, int len, int rawLength)
        throws CorruptObjectException {
        if (len < 1) {
            throw new CorruptObjectException(where + " is damaged: empty " + name + " payload");
        }
        if (rawLength < 0 || rawLength > Config.MAX_CHUNK_MAX) { // before a decoder allocates anything of it
            throw new CorruptObjectException(where + " is damaged: a " + name + " record of " + rawLength
                + " bytes, more than a chunk holds");
        }
        int v = payload[off] & 0xff;
        if (v < 1 || v > version) {
            throw new CorruptObjectException(where + " is damaged or newer than this DAMNIT: " + name
                + " payload version " + v + " (this DAMNIT reads 1 to " + version + ")");
        }
        byte[] out;
        try {
            out = decodeBody(where, v, base, payload, off + 1, len - 1, rawLength);
        } catch (CorruptObjectException e) {
            throw e;
        } catch (RuntimeException e) {
            // a damaged payload can send any decoder anywhere; report it as damage of the chunk
            throw new CorruptObjectException(where + " is damaged: its " + name + " payload does not decode ("
                + e.getClass().getSimpleName() + ")");
        }
        if (out.length != rawLength) {
            throw new CorruptObjectException(where + " is damaged: its " + name + " payload decodes to "
                + out.length + " bytes, not " + rawLength);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
