package org.damnit.core;

import java.util.Arrays;
import org.damnit.CorruptObjectException;

/**
 * The registry of chunk codecs: the read path, the encoder and verify look a record's codec up here by
 * its id. A new codec takes the next free id and is registered in {@link #ALL}; ids are never reused.
 * Content codecs ({@link ContentCodec}: 5 tables, 6 FASTQ, 7 SAM, 10 BAM records) are registered in
 * {@link #CONTENT} too, most specific format first: a file is given the first that recognises it; 11, SAM
 * from BAM records, is only registered: the SAM codec hands it the chunks it codes.
 */
final class ChunkCodecs {
    static final ChunkCodec RAW = new Registered(0, "raw", false, (base, data, level) -> data,
        (where, base, p, off, len, raw) -> Arrays.copyOfRange(p, off, off + len));
    static final ChunkCodec ZSTD = new Registered(1, "zstd", false, (base, data, level) -> Delta.zstd(data, level),
        (where, base, p, off, len, raw) -> Delta.unzstd(where, p, off, len, raw));
    /** zstd with the bases as a raw-content dictionary ("patch-from"). */
    static final ChunkCodec ZSTD_DELTA = new Registered(2, "zstd-patch", true,
        (base, data, level) -> Delta.zstdPatchFrom(base, data), Delta::zstdPatchApply);
    static final ChunkCodec BSDIFF = new Registered(3, "bsdiff", true, (base, data, level) -> Delta.bsdiff(base, data),
        Delta::bspatch);
    /** The common prefix and suffix with one base referenced, the middle stored. */
    static final ChunkCodec SPLICE = new Registered(4, "splice", true, (base, data, level) -> Delta.splice(base, data),
        Delta::spliceApply);

    /**
     * Content codecs in the order they are asked to recognise a file: the most specific formats first,
     * generic ones (the table codec, which would take a SAM body too) last.
     */
    static final ContentCodec BAM = new BamCodec();
    static final ContentCodec FASTQ = new FastqCodec();
    static final ContentCodec SAM = new SamCodec();
    static final ContentCodec TABLE = new TableCodec();
    private static final ContentCodec[] CONTENT = {BAM, FASTQ, SAM, TABLE};
    /** SAM text against stored BAM records: the SAM codec hands chunks to it, it recognises no file itself. */
    static final ContentCodec SAM_FROM_BAM = new SamFromBam();
    /** FASTQ reads as stored BAM records: the FASTQ codec hands chunks to it, it recognises no file itself. */
    static final ContentCodec FASTQ_FROM_BAM = new FastqFromBam();
    private static final ChunkCodec[] ALL = concat(new ChunkCodec[] {RAW, ZSTD, ZSTD_DELTA, BSDIFF, SPLICE},
        concat(CONTENT, new ChunkCodec[] {SAM_FROM_BAM, FASTQ_FROM_BAM}));
    private static final ChunkCodec[] BY_ID = new ChunkCodec[256];

    static {
        for (ChunkCodec c : ALL) {
            if (BY_ID[c.id()] != null) {
                throw new ExceptionInInitializerError("chunk codec id " + c.id() + " registered twice");
            }
            BY_ID[c.id()] = c;
        }
    }

    private ChunkCodecs() {
    }

    private static ChunkCodec[] concat(ChunkCodec[] a, ChunkCodec[] b) {
        ChunkCodec[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The registered content codecs, in the order they are asked to recognise a file. */
    static java.util.List<ContentCodec> content() {
        return java.util.List.of(CONTENT);
    }

    /** The codec with this id, or null if none is registered (damage, or a newer writer). */
    static ChunkCodec byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The codec with this id; an unknown one is reported as damage of {@code where}. */
    static ChunkCodec of(String where, int id) throws CorruptObjectException {
        ChunkCodec c = byId(id);
        if (c == null) {
            throw new CorruptObjectException(where + " uses unknown codec " + id);
        }
        return c;
    }

    /** Whether the codec with this id is a known delta codec. */
    static boolean isDelta(int id) {
        ChunkCodec c = byId(id);
        return c != null && c.isDelta();
    }

    /** Whether records of the codec with this id may list bases: deltas, and content codecs (references). */
    static boolean mayHaveBases(int id) {
        ChunkCodec c = byId(id);
        return c != null && (c.isDelta() || c instanceof ContentCodec);
    }

    static java.util.List<ChunkCodec> all() {
        return java.util.List.of(ALL);
    }

    interface Encoder {
        byte[] encode(byte[] base, byte[] data, int level);
    }

    interface Decoder {
        byte[] decode(String where, byte[] base, byte[] payload, int off, int len, int rawLength)
            throws CorruptObjectException;
    }

    private record Registered(int id, String name, boolean isDelta, Encoder encoder, Decoder decoder)
        implements ChunkCodec {
        @Override
        public byte[] encode(byte[] base, byte[] data, int level) {
            return encoder.encode(base, data, level);
        }

        @Override
        public byte[] decode(String where, byte[] base, byte[] payload, int off, int len, int rawLength)
            throws CorruptObjectException {
            return decoder.decode(where, base, payload, off, len, rawLength);
        }

        @Override
        public String toString() {
            return name + " (" + id + ")";
        }
    }
}
