package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.damnit.TreeEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a response body is copied: a whole file is hashed once, and only once it is more than a probe. */
class FileResponseCopyTest {
    private static final int SIZE = 2_000_000;
    private static final long LAG = 600_000;

    @TempDir
    Path tmp;

    /** SHA-256 that counts the bytes it is given. */
    private static final class CountingSha extends MessageDigest {
        final MessageDigest sha;
        long bytes;

        CountingSha() throws Exception {
            super("SHA-256");
            sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        protected void engineUpdate(byte input) {
            bytes++;
            sha.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            bytes += len;
            sha.update(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            return sha.digest();
        }

        @Override
        protected void engineReset() {
            sha.reset();
        }
    }

    /** The file as committed, but with another SHA-256 in its entry. */
    private static SeekableFile misrecorded(SeekableFile f) {
        TreeEntry e = f.entry();
        TreeEntry wrong = new TreeEntry(e.path(), e.type(), e.size(), e.executable(), e.modified(),
            ObjectId.of(new byte[ObjectId.LENGTH]), e.md5(), e.linkTarget(), e.metadata());
        return new SeekableFile() {
            @Override
            public TreeEntry entry() {
                return wrong;
            }

            @Override
            public int read(long position, ByteBuffer dst) throws IOException {
                return f.read(position, dst);
            }

            @Override
            public long chunksRead() {
                return f.chunksRead();
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return f.read(dst);
            }

            @Override
            public long position() throws IOException {
                return f.position();
            }

            @Override
            public SeekableByteChannel position(long p) throws IOException {
                return f.position(p);
            }

            @Override
            public long size() throws IOException {
                return f.size();
            }

            @Override
            public boolean isOpen() {
                return f.isOpen();
            }

            @Override
            public void close() throws IOException {
                f.close();
            }
        };
    }

    private Repository committed(byte[] data) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Repository.init(p).close();
        FileResponseTest.smallChunks(p);
        Files.write(p.resolve("f.bin"), data);
        Repository repo = Repository.open(p);
        repo.commit().setMessage("f").call();
        return repo;
    }

    @Test
    void aWholeFileIsHashedExactlyOnceAndSentWhole() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(4).nextBytes(data);
        try (Repository repo = committed(data); SeekableFile f = repo.openSeekable("HEAD", "f.bin")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CountingSha sha = new CountingSha();
            FileResponse.copy(f, 0, SIZE, out, sha, new LongAdder(), LAG);
            assertThat(out.toByteArray()).isEqualTo(data);
            assertThat(sha.bytes).as("the bytes sent before the digest began are hashed once, on catching up")
                .isEqualTo(SIZE);
        }
    }

    @Test
    void aResponseAbandonedBeforeTheLagIsNeverHashed() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(5).nextBytes(data);
        try (Repository repo = committed(data); SeekableFile f = repo.openSeekable("HEAD", "f.bin")) {
            CountingSha sha = new CountingSha();
            OutputStream gone = new OutputStream() { // a client that goes away after 300 kB, as htslib does
                long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 300_000) {
                        throw new IOException("Broken pipe");
                    }
                }
            };
            assertThatThrownBy(() -> FileResponse.copy(f, 0, SIZE, gone, sha, new LongAdder(), LAG))
                .hasMessage("Broken pipe");
            assertThat(sha.bytes).isZero();
        }
    }

    @Test
    void aFileThatDoesNotHashToItsEntryIsCutShortOfItsLastBytes() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(6).nextBytes(data);
        try (Repository repo = committed(data)) {
            for (long lag : new long[] {LAG, Long.MAX_VALUE, 0}) {
                try (SeekableFile f = misrecorded(repo.openSeekable("HEAD", "f.bin"))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    assertThatThrownBy(() -> FileResponse.copy(f, 0, SIZE, out, new CountingSha(), new LongAdder(), lag))
                        .isInstanceOf(IOException.class).hasCauseInstanceOf(CorruptObjectException.class);
                    assertThat(out.size()).as("lag %d", lag).isLessThan(SIZE);
                }
            }
        }
    }
}
