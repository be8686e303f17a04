package org.damnit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Random access to one committed file, read-only. A read fetches and checks (against its SHA-256 id)
 * only the chunks it overlaps, plus their delta bases. Decoded chunks are kept in a cache that all files
 * opened from one {@code Repository} share, bounded by the heap (chunks are content-addressed, so what it
 * holds is never stale): a long-lived reader decodes a file's header or index once, not once per open.
 * Positioned reads ({@link #read(long, ByteBuffer)}) may be called from several
 * threads at once; the channel's own position is for one thread. A damaged chunk surfaces as an
 * {@link IOException} whose cause is a {@link CorruptObjectException}.
 *
 * <pre>{@code
 * try (SeekableFile f = repo.openSeekable("v1", "aln/A.bam")) {
 *     ByteBuffer b = ByteBuffer.allocate(65536);
 *     f.read(300_000_000L, b);
 * }
 * }</pre>
 */
public interface SeekableFile extends SeekableByteChannel {

    /**
     * The tree entry this file was opened from.
     *
     * @return its size, digests and metadata
     */
    TreeEntry entry();

    /**
     * Reads up to {@code dst.remaining()} bytes starting at {@code position}, without moving the channel's
     * position.
     *
     * @param position where to read from, at least 0
     * @param dst      where the bytes go
     * @return the count, or -1 at or past the end
     * @throws IOException if the store fails, or a chunk is damaged (the cause is a
     *                     {@link CorruptObjectException})
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /**
     * How much this file has read from the store so far.
     *
     * @return chunk records fetched and decoded, delta bases included (not those found in the shared
     *         cache)
     */
    long chunksRead();

    /** Always throws: committed files are immutable. */
    @Override
    default int write(ByteBuffer src) throws IOException {
        throw new java.nio.channels.NonWritableChannelException();
    }

    /** Always throws: committed files are immutable. */
    @Override
    default SeekableByteChannel truncate(long size) throws IOException {
        throw new java.nio.channels.NonWritableChannelException();
    }
}
