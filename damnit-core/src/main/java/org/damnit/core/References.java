package org.damnit.core;

import java.util.List;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * Reference sequences the repository stores (FASTA files), offered to content codecs that code bases
 * as differences from them: a codec that uses one lists the FASTA chunks it read as its record's bases,
 * so that gc keeps them, a read fetches them, and the decoder gets their bytes back as its base.
 */
interface References {
    /** No references: codecs code bases on their own. */
    References NONE = new References() {
        @Override
        public Sequence find(String name, long length) {
            return null;
        }

        @Override
        public byte[] chunk(ObjectId id) {
            throw new IllegalStateException("no references");
        }
    };

    /** The stored sequence of this name and length, or null. */
    Sequence find(String name, long length) throws DamnitException;

    /** The verified bytes of a chunk of a stored FASTA file. */
    byte[] chunk(ObjectId id) throws DamnitException;

    /** The stored BAM content that SAM text may be coded against ({@link SamFromBam}), or null: none. */
    default StoredAlignments alignments() {
        return null;
    }

    /**
     * One sequence of a FASTA file: {@code length} bases from file offset {@code firstBase}, in lines of
     * {@code lineBases} bases and {@code lineBytes} bytes (as a {@code .fai} index describes them), and
     * the file's chunks with the file offset each starts at.
     */
    record Sequence(long length, long firstBase, int lineBases, int lineBytes, List<ObjectId> chunks, long[] starts) {
        /** The file offset of base {@code p} (0-based). */
        long offset(long p) {
            return firstBase + p / lineBases * lineBytes + p % lineBases;
        }

        /** The index of the chunk holding file offset {@code x}. */
        int chunkAt(long x) {
            int i = java.util.Arrays.binarySearch(starts, x);
            return i >= 0 ? i : -i - 2;
        }
    }
}
