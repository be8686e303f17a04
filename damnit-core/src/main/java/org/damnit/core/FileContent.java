package org.damnit.core;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.damnit.CorruptObjectException;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;

/**
 * The pieces of one committed file, each checked against its chunk id: read from its chunks where the
 * store holds them, else re-created from the file's container (docs/FORMAT.md, "Containers"), whose
 * reader follows the reads: consecutive pieces continue one re-creation, a jump starts at the member
 * holding the new position. Thread-safe; re-creation is serialised.
 */
final class FileContent implements AutoCloseable {
    /** A cursor is moved forward rather than reopened when the next read starts at most this far ahead. */
    private static final long CONTINUE_WITHIN = 4L << 20;

    private final ChunkStore chunks;
    private final Node file;
    private final String path;
    private final List<Node.Piece> pieces;
    private final long[] offsets;
    /** Random access: chunks come in ranged reads of their own ({@link ChunkStore#readInPlace}). */
    private final boolean inPlace;
    private volatile boolean recreating;
    private ContainerReader reader;
    private ContainerReader.Cursor cursor;

    FileContent(ChunkStore chunks, Node file, String path) {
        this(chunks, file, path, false);
    }

    /** {@code inPlace}: for random access (see {@link ChunkStore#readInPlace}). */
    FileContent(ChunkStore chunks, Node file, String path, boolean inPlace) {
        this.inPlace = inPlace;
        this.chunks = chunks;
        this.file = file;
        this.path = path;
        this.pieces = file.pieces();
        this.offsets = new long[pieces.size() + 1];
        for (int i = 0; i < pieces.size(); i++) {
            offsets[i + 1] = offsets[i] + pieces.get(i).size();
        }
    }

    /**
     * Whether the file is read from its container: some of its chunks are not stored (others may be,
     * shared with files that stay as they are) and a container for the file is.
     */
    boolean recreated() throws DamnitException {
        if (!recreating) {
            for (Node.Piece p : pieces) {
                if (chunks.locate(p.id()).isEmpty()) {
                    startRecreating();
                    break;
                }
            }
        }
        return recreating;
    }

    /**
     * Like {@link #piece}, for a caller that checks the whole file's SHA-256 itself: a stored chunk is
     * then read without checking its own ({@link ChunkStore#readForFile}); a re-created one is checked.
     */
    byte[] pieceForFile(int i) throws DamnitException {
        if (!recreating && chunks.locate(pieces.get(i).id()).isPresent()) {
            return chunks.readForFile(pieces.get(i).id());
        }
        return piece(i, null);
    }

    /** Piece {@code i}, verified; {@code fetched} (may be null) counts chunk records read. */
    byte[] piece(int i, LongAdder fetched) throws DamnitException {
        Node.Piece p = pieces.get(i);
        if (!recreating) {
            if (chunks.locate(p.id()).isPresent() || !startRecreating()) {
                return inPlace ? chunks.readInPlace(p.id(), fetched) : chunks.read(p.id(), fetched);
            }
        }
        return recreate(i, fetched);
    }

    /** Switches to the container if the store has one for this file; false if not (chunks then report missing). */
    private synchronized boolean startRecreating() throws DamnitException {
        if (recreating) {
            return true;
        }
        Optional<Container> c = file.sha256() == null ? Optional.empty() : chunks.containers().find(file.sha256());
        if (c.isEmpty()) {
            return false;
        }
        if (c.get().size() != file.size() || !c.get().md5().equals(file.md5())) {
            throw new CorruptObjectException(Containers.key(file.sha256()) + " is damaged: it stands for a file of "
                + c.get().size() + " bytes, " + path + " has " + file.size());
        }
        reader = new ContainerReader(chunks, c.get(), path);
        recreating = true;
        return true;
    }

    /** Whether pieces are re-created from the container now (they then come one after another, never in parallel). */
    boolean recreating() {
        return recreating;
    }

    /** Members and blocks re-created for this file so far. */
    synchronized long membersRecreated() {
        return reader == null ? 0 : reader.membersRecreated();
    }

    private synchronized byte[] recreate(int i, LongAdder fetched) throws DamnitException {
        Node.Piece p = pieces.get(i);
        long at = offsets[i];
        long before = reader.chunksRead();
        try {
            if (cursor == null || cursor.position() > at
                || at - cursor.position() > CONTINUE_WITHIN && cursor.memberEnd() <= at) {
                if (cursor != null) {
                    cursor.close();
                }
                cursor = reader.open(at);
            } else {
                cursor.skipTo(at);
            }
            byte[] data = cursor.readNBytes((int) p.size());
            if (data.length != p.size()) {
                throw new CorruptObjectException(path + ": its container re-creates " + (at + data.length)
                    + " bytes, the tree says " + file.size());
            }
            ObjectId got = ObjectDb.sha256(data, 0, data.length);
            if (!got.equals(p.id())) {
                cursor.close();
                cursor = null;
                throw new CorruptObjectException(path + ": bytes " + at + ".." + (at + data.length) + " re-created from "
                    + Containers.key(file.sha256()) + " do not hash to chunk " + p.id().abbreviate(12));
            }
            return data;
        } catch (IOException e) {
            closeCursor();
            if (e.getCause() instanceof DamnitException d) {
                throw d instanceof CorruptObjectException ? new CorruptObjectException(d.getMessage())
                    : new StorageException(d.getMessage(), d);
            }
            throw new StorageException(path + ": re-creating from " + Containers.key(file.sha256()) + " failed: "
                + e.getMessage(), e);
        } finally {
            if (fetched != null) {
                fetched.add(reader.chunksRead() - before);
            }
        }
    }

    private void closeCursor() {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (IOException ignored) {
                // nothing to keep
            }
            cursor = null;
        }
    }

    @Override
    public synchronized void close() {
        closeCursor();
        if (reader != null) {
            reader.close();
        }
    }
}
