package org.damnit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.damnit.DamnitException;
import org.damnit.ObjectId;

/**
 * The FASTA files of the current branch's commit (and of a commit in progress, {@link #including}) as
 * {@link References}: a file named like a FASTA
 * ({@code .fa}, {@code .fasta}, {@code .fna}; so that a tree of a million files is not opened file by
 * file) whose first chunk starts with {@code >} is read once, the first time a codec asks after the
 * branch moved, and each of its sequences whose lines are regular (all of one length but the last, as
 * {@code samtools faidx} requires) is found by name and length.
 */
final class StoredReferences implements References {
    private final Refs refs;
    private final Trees trees;
    private final ChunkReader reader;
    private java.util.Optional<ObjectId> indexed;
    private Map<String, Sequence> sequences;
    private List<Node> committing = List.of();

    StoredReferences(Refs refs, Trees trees, ChunkReader reader) {
        this.refs = refs;
        this.trees = trees;
        this.reader = reader;
    }

    @Override
    public synchronized Sequence find(String name, long length) throws DamnitException {
        java.util.Optional<ObjectId> head = refs.head();
        if (sequences == null || !head.equals(indexed)) {
            Map<String, Sequence> found = new HashMap<>();
            List<Node> files = new ArrayList<>(committing); // first: a sequence in both is the new commit's
            if (head.isPresent()) {
                files.addAll(trees.flatten(trees.readCommit(head.get()).tree()).values());
            }
            for (Node n : files) {
                if (n.type() == org.damnit.EntryType.FILE && !n.pieces().isEmpty() && fastaName(n.name())) {
                    byte[] first = reader.read(n.pieces().get(0).id());
                    if (first.length > 0 && first[0] == '>') {
                        index(n.pieces(), first, found);
                    }
                }
            }
            sequences = found;
            indexed = head;
        }
        return sequences.get(name + "\t" + length);
    }

    /** The sequences of one FASTA file held in memory as a single chunk (for measurements). */
    static References of(byte[] fasta) {
        ObjectId id = ObjectDb.sha256(fasta, 0, fasta.length);
        Map<String, Sequence> found = new HashMap<>();
        Scan s = new Scan(List.of(id), new long[] {0}, found);
        for (byte b : fasta) {
            s.next(b);
        }
        s.end();
        return new References() {
            @Override
            public Sequence find(String name, long length) {
                return found.get(name + "\t" + length);
            }

            @Override
            public byte[] chunk(ObjectId chunk) {
                if (!chunk.equals(id)) {
                    throw new IllegalArgumentException("not the reference's chunk");
                }
                return fasta;
            }
        };
    }

    /**
     * FASTA files of a commit in progress, their chunks published, seen beside the head commit's until
     * this is called again (an empty list: none); see {@link StoredAlignments#including}.
     */
    synchronized void including(List<Node> files) {
        committing = List.copyOf(files);
        sequences = null;
    }

    /** Whether a file is named like a FASTA file: only those are read. */
    static boolean fastaName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".fa") || n.endsWith(".fasta") || n.endsWith(".fna");
    }

    @Override
    public byte[] chunk(ObjectId id) throws DamnitException {
        return reader.readBase(id, 1, null);
    }

    /** Adds the regular sequences of the FASTA file of these chunks (the first already read). */
    private void index(List<Node.Piece> pieces, byte[] first, Map<String, Sequence> into) throws DamnitException {
        List<ObjectId> ids = new ArrayList<>(pieces.size());
        long[] starts = new long[pieces.size()];
        long at = 0;
        for (int i = 0; i < pieces.size(); i++) {
            ids.add(pieces.get(i).id());
            starts[i] = at;
            at += pieces.get(i).size();
        }
        Scan s = new Scan(ids, starts, into);
        for (int i = 0; i < pieces.size(); i++) {
            byte[] b = i == 0 ? first : reader.read(ids.get(i));
            for (int k = 0; k < b.length; k++) {
                s.next(b[k]);
            }
        }
        s.end();
    }

    /** A FASTA file byte by byte: its headers, and the line layout of each sequence. */
    private static final class Scan {
        private final List<ObjectId> ids;
        private final long[] starts;
        private final Map<String, Sequence> into;
        private final StringBuilder name = new StringBuilder();
        private long pos = -1;
        private boolean header;
        private boolean nameDone;
        private boolean lineStart = true;
        private boolean inSequence;
        private long firstBase;
        private long bases;
        private int lineBases = -1;
        private int lineBytes;
        private int lineLen;
        private int lineBaseCount;
        private boolean shortLine;
        private boolean irregular;

        Scan(List<ObjectId> ids, long[] starts, Map<String, Sequence> into) {
            this.ids = ids;
            this.starts = starts;
            this.into = into;
        }

        void next(byte c) {
            pos++;
            if (lineStart && c == '>') {
                end();
                header = true;
                nameDone = false;
                name.setLength(0);
                lineStart = false;
                return;
            }
            if (header) {
                if (c == '\n') {
                    header = false;
                    inSequence = true;
                    firstBase = pos + 1;
                    bases = 0;
                    lineBases = -1;
                    lineLen = 0;
                    lineBaseCount = 0;
                    shortLine = false;
                    irregular = false;
                    lineStart = true;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    nameDone = true;
                } else if (!nameDone) {
                    name.append((char) (c & 0xFF));
                }
                return;
            }
            if (!inSequence) {
                return;
            }
            lineStart = c == '\n';
            if (c == '\n') {
                lineLen++;
                line();
            } else {
                lineLen++;
                if (c != '\r') {
                    lineBaseCount++;
                    bases++;
                }
            }
        }

        private void line() {
            if (lineBases < 0) {
                lineBases = lineBaseCount;
                lineBytes = lineLen;
            } else if (shortLine || lineBaseCount > lineBases || lineBaseCount == lineBases && lineLen != lineBytes) {
                irregular = true;
            } else if (lineBaseCount < lineBases) {
                shortLine = true;
            }
            lineLen = 0;
            lineBaseCount = 0;
        }

        /** Ends the current sequence, if any: it is found only if its lines were regular. */
        void end() {
            if (!inSequence) {
                return;
            }
            if (lineLen > 0) {
                line();
            }
            inSequence = false;
            if (!irregular && lineBases > 0 && bases > 0) {
                into.putIfAbsent(name + "\t" + bases, new Sequence(bases, firstBase, lineBases, lineBytes, ids, starts));
            }
        }
    }
}
