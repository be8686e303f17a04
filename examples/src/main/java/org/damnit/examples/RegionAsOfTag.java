package org.damnit.examples;

import htsjdk.samtools.SAMRecord;
import htsjdk.samtools.SAMRecordIterator;
import htsjdk.samtools.SamInputResource;
import htsjdk.samtools.SamReader;
import htsjdk.samtools.SamReaderFactory;
import htsjdk.samtools.ValidationStringency;
import htsjdk.samtools.seekablestream.SeekableStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.damnit.DamnitException;
import org.damnit.Repository;
import org.damnit.SeekableFile;

/**
 * Reads one region of a BAM as it was at a tag, straight from the store, with htsjdk: the BAM and its
 * {@code .bai} of that revision are opened as {@link SeekableStream}s over {@link Repository#openSeekable},
 * so only the chunks holding the header, the index and the region are fetched.
 *
 * <pre>java -cp ... org.damnit.examples.RegionAsOfTag /data/project v1.0 aln/A.bam chr1:100000-110000</pre>
 */
public final class RegionAsOfTag {
    private RegionAsOfTag() {
    }

    /** A committed file as htsjdk's {@link SeekableStream}. */
    public static final class StoredStream extends SeekableStream {
        private final SeekableFile file;
        private long position;

        public StoredStream(SeekableFile file) {
            this.file = file;
        }

        @Override
        public long length() {
            return file.entry().size();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void seek(long pos) {
            position = pos;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = file.read(position, ByteBuffer.wrap(b, off, len));
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public boolean eof() {
            return position >= length();
        }

        @Override
        public String getSource() {
            return file.entry().path();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }

        /** Chunks fetched from the store so far. */
        public long chunksRead() {
            return file.chunksRead();
        }
    }

    /** The records of {@code bam} at {@code revision} overlapping contig:start-end (1-based, inclusive), as SAM lines. */
    public static List<String> query(Repository repo, String revision, String bam, String contig, int start, int end)
        throws DamnitException, IOException {
        String bai = repo.entry(revision, bam + ".bai").isPresent() ? bam + ".bai"
            : bam.replaceFirst("\\.bam$", "") + ".bai";
        List<String> out = new ArrayList<>();
        try (StoredStream data = new StoredStream(repo.openSeekable(revision, bam));
             StoredStream index = new StoredStream(repo.openSeekable(revision, bai));
             SamReader reader = SamReaderFactory.makeDefault().validationStringency(ValidationStringency.SILENT)
                 .open(SamInputResource.of(data).index(index));
             SAMRecordIterator it = reader.queryOverlapping(contig, start, end)) {
            while (it.hasNext()) {
                SAMRecord r = it.next();
                out.add(r.getSAMString().stripTrailing());
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[3].matches("[^:]+:\\d+-\\d+")) {
            System.err.println("usage: RegionAsOfTag PROJECT TAG BAM CONTIG:START-END");
            System.exit(2);
        }
        String contig = args[3].substring(0, args[3].lastIndexOf(':'));
        String[] range = args[3].substring(args[3].lastIndexOf(':') + 1).split("-");
        try (Repository repo = Repository.open(Path.of(args[0]))) {
            for (String line : query(repo, args[1], args[2], contig, Integer.parseInt(range[0]), Integer.parseInt(range[1]))) {
                System.out.println(line);
            }
        }
    }
}
