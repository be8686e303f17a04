package org.damnit.core;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import io.sigpipe.jbsdiff.DefaultDiffSettings;
import io.sigpipe.jbsdiff.Diff;
import io.sigpipe.jbsdiff.Patch;
import java.io.ByteArrayOutputStream;
import org.damnit.CorruptObjectException;

/**
 * The algorithms behind the chunk codecs ({@link ChunkCodecs}): zstd, zstd with the base chunk as a
 * raw-content dictionary ("patch-from": fast, good for shifted or appended data), bsdiff (jbsdiff,
 * gzip-compressed: slow, often smaller for scattered point edits) and the splice. Every delta is applied
 * and checked by the encoder before it is kept.
 */
final class Delta {
    private Delta() {
    }

    /**
     * zstd contexts kept for reuse: a context allocates its tables and window once, instead of a few
     * MiB of native memory being allocated, faulted in and freed for every chunk. At most one per core
     * is kept of each kind; a context is reset (parameters and dictionary dropped) before it is kept.
     */
    private static final class Pool<T extends AutoCloseable> {
        private final java.util.concurrent.ConcurrentLinkedQueue<T> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger kept = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.function.Supplier<T> make;
        private final int max = Math.max(1, Runtime.getRuntime().availableProcessors());

        Pool(java.util.function.Supplier<T> make) {
            this.make = make;
        }

        T take() {
            T t = idle.poll();
            if (t == null) {
                return make.get();
            }
            kept.decrementAndGet();
            return t;
        }

        /** Keeps {@code t} for the next caller once {@code reset} has run, or closes it. */
        void give(T t, java.util.function.Consumer<T> reset) {
            try {
                reset.accept(t);
                if (kept.incrementAndGet() <= max) {
                    idle.offer(t);
                    return;
                }
                kept.decrementAndGet();
            } catch (RuntimeException e) {
                // a context that does not reset is not kept
            }
            close(t);
        }

        /** Closes {@code t} instead of keeping it (after an error it may be in any state). */
        void close(T t) {
            try {
                t.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
    }

    private static final Pool<ZstdCompressCtx> COMPRESSORS = new Pool<>(ZstdCompressCtx::new);
    private static final Pool<ZstdDecompressCtx> DECOMPRESSORS = new Pool<>(ZstdDecompressCtx::new);

    static byte[] zstd(byte[] data, int level) {
        return zstd(data, 0, data.length, level);
    }

    private static byte[] zstd(byte[] data, int off, int len, int level) {
        byte[] dst = new byte[(int) Zstd.compressBound(len)];
        ZstdCompressCtx ctx = COMPRESSORS.take();
        int n;
        try {
            ctx.setLevel(level);
            n = ctx.compressByteArray(dst, 0, dst.length, data, off, len);
        } catch (RuntimeException e) {
            COMPRESSORS.close(ctx);
            throw new IllegalStateException("zstd: " + e.getMessage(), e);
        }
        COMPRESSORS.give(ctx, ZstdCompressCtx::reset);
        return java.util.Arrays.copyOf(dst, n);
    }

    private static final int PROBE = 64 << 10;

    /**
     * Whether zstd is likely to shrink [off, off + len) of {@code buf}: a chunk whose first 64 KiB do not
     * compress by 3% (gzip'd FASTQ, BAM, CRAM, random bytes) is stored as it is, saving the compressor's time.
     */
    static boolean looksCompressible(byte[] buf, int off, int len) {
        if (len <= 4 * PROBE) {
            return true;
        }
        try {
            return zstd(buf, off, PROBE, 1).length < PROBE * 0.97;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    static byte[] unzstd(String where, byte[] src, int off, int len, int rawLength) throws CorruptObjectException {
        byte[] out = new byte[rawLength];
        ZstdDecompressCtx ctx = DECOMPRESSORS.take();
        int n;
        try {
            n = ctx.decompressByteArray(out, 0, rawLength, src, off, len);
        } catch (RuntimeException e) { // zstd-jni throws on damaged frames
            DECOMPRESSORS.close(ctx);
            throw new CorruptObjectException(where + " does not decompress (" + e.getMessage() + ")");
        }
        DECOMPRESSORS.give(ctx, ZstdDecompressCtx::reset);
        if (n != rawLength) {
            throw new CorruptObjectException(where + " does not decompress");
        }
        return out;
    }

    /** Level 6 is the lowest whose default search finds matches across a multi-MiB base (measured). */
    static final int PATCH_LEVEL = 6;

    static byte[] zstdPatchFrom(byte[] base, byte[] data) {
        ZstdCompressCtx ctx = COMPRESSORS.take();
        byte[] z;
        try {
            ctx.setLevel(PATCH_LEVEL);
            ctx.setWindowLog(windowLog(base.length + data.length));
            ctx.loadDict(base, ZstdDictContentType.RAW_CONTENT);
            z = ctx.compress(data);
        } catch (RuntimeException e) {
            COMPRESSORS.close(ctx);
            throw e;
        }
        COMPRESSORS.give(ctx, ZstdCompressCtx::reset);
        return z;
    }

    static byte[] zstdPatchApply(String where, byte[] base, byte[] patch, int off, int len, int rawLength)
        throws CorruptObjectException {
        ZstdDecompressCtx ctx = DECOMPRESSORS.take();
        byte[] out = new byte[rawLength];
        int n;
        try {
            ctx.setLongMax(windowLog(base.length + rawLength));
            ctx.loadDict(base, ZstdDictContentType.RAW_CONTENT);
            n = ctx.decompressByteArray(out, 0, rawLength, patch, off, len);
        } catch (RuntimeException e) {
            DECOMPRESSORS.close(ctx);
            throw new CorruptObjectException(where + ": delta does not apply (" + e.getMessage() + ")");
        }
        DECOMPRESSORS.give(ctx, ZstdDecompressCtx::reset);
        if (n != rawLength) {
            throw new CorruptObjectException(where + ": delta yields " + n + " bytes, expected " + rawLength);
        }
        return out;
    }

    /**
     * The splice delta: the longest common prefix and suffix of base and chunk are referenced, only the
     * middle is stored (zstd-compressed when that helps). A content-defined chunk with a local edit
     * starts and ends like its previous version, so this costs a comparison instead of a compressor
     * run. Payload: u32 prefix, u32 suffix, u8 middle codec (0 raw, 1 zstd), u32 middle length, middle.
     */
    static byte[] splice(byte[] base, byte[] data) {
        int max = Math.min(base.length, data.length);
        int prefix = java.util.Arrays.mismatch(base, data);
        if (prefix < 0) {
            prefix = max;
        }
        int suffix = commonSuffix(base, data, max - prefix);
        byte[] middle = java.util.Arrays.copyOfRange(data, prefix, data.length - suffix);
        byte[] z = middle.length >= 64 ? zstd(middle, 3) : middle;
        boolean compressed = z.length < middle.length;
        byte[] body = compressed ? z : middle;
        return java.nio.ByteBuffer.allocate(13 + body.length).putInt(prefix).putInt(suffix)
            .put((byte) (compressed ? 1 : 0)).putInt(middle.length).put(body).array();
    }

    /** How many bytes {@code a} and {@code b} end with in common, at most {@code limit}. */
    static int commonSuffix(byte[] a, byte[] b, int limit) {
        int suffix = 0;
        final int block = 4096; // whole blocks compared with the vectorized mismatch, the last one byte by byte
        while (limit - suffix >= block
            && java.util.Arrays.mismatch(a, a.length - suffix - block, a.length - suffix,
                b, b.length - suffix - block, b.length - suffix) < 0) {
            suffix += block;
        }
        while (suffix < limit && a[a.length - 1 - suffix] == b[b.length - 1 - suffix]) {
            suffix++;
        }
        return suffix;
    }

    static byte[] spliceApply(String where, byte[] base, byte[] patch, int off, int len, int rawLength)
        throws CorruptObjectException {
        if (len < 13) {
            throw new CorruptObjectException(where + ": splice delta is truncated");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(patch, off, len);
        int prefix = b.getInt();
        int suffix = b.getInt();
        int codec = b.get();
        int middleLength = b.getInt();
        if (prefix < 0 || suffix < 0 || middleLength < 0 || (long) prefix + suffix > base.length
            || (long) prefix + middleLength + suffix != rawLength || (codec != 0 && codec != 1)) {
            throw new CorruptObjectException(where + ": splice delta does not fit its base");
        }
        byte[] middle = codec == 1 ? unzstd(where, patch, off + 13, len - 13, middleLength)
            : java.util.Arrays.copyOfRange(patch, off + 13, off + len);
        if (middle.length != middleLength) {
            throw new CorruptObjectException(where + ": splice delta is truncated");
        }
        byte[] out = new byte[rawLength];
        System.arraycopy(base, 0, out, 0, prefix);
        System.arraycopy(middle, 0, out, prefix, middleLength);
        System.arraycopy(base, base.length - suffix, out, prefix + middleLength, suffix);
        return out;
    }

    /** Same length within 1% and, sampling every 16th byte in place, fewer than 5% differ. */
    static boolean inPlaceEdits(byte[] base, byte[] data) {
        if (Math.abs(base.length - data.length) > data.length / 100) {
            return false;
        }
        int n = Math.min(base.length, data.length);
        int samples = 0;
        int differ = 0;
        for (int i = 0; i < n; i += 16) {
            samples++;
            if (base[i] != data[i]) {
                differ++;
            }
        }
        return samples > 0 && differ * 20 < samples;
    }

    static byte[] bsdiff(byte[] base, byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Diff.diff(base, data, out, new DefaultDiffSettings("gz"));
            return out.toByteArray();
        } catch (Exception e) {
            return null; // no bsdiff delta for this chunk
        }
    }

    static byte[] bspatch(String where, byte[] base, byte[] patch, int off, int len, int rawLength)
        throws CorruptObjectException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(rawLength);
            Patch.patch(base, java.util.Arrays.copyOfRange(patch, off, off + len), out);
            if (out.size() != rawLength) {
                throw new CorruptObjectException(where + ": delta yields " + out.size() + " bytes, expected " + rawLength);
            }
            return out.toByteArray();
        } catch (CorruptObjectException e) {
            throw e;
        } catch (Exception e) {
            throw new CorruptObjectException(where + ": delta does not apply (" + e.getMessage() + ")");
        }
    }

    private static int windowLog(int bytes) {
        int log = 32 - Integer.numberOfLeadingZeros(Math.max(1, bytes - 1));
        return Math.max(10, Math.min(30, log + 1));
    }
}
