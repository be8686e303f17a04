package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.damnit.BadPathException;
import org.damnit.CorruptObjectException;
import org.damnit.Repository;
import org.damnit.SeekableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random access to committed files: exact bytes at any offset, only the overlapping chunks read. */
class ChunkedFileTest {
    private static final int SIZE = 3_000_000;
    private static Path base;
    private static byte[] v1;
    private static byte[] v2;

    /** One repository for the properties: v1 random bytes, v2 the same with edits (stored as deltas). */
    private static synchronized Path fixture() throws Exception {
        if (base == null) {
            base = Files.createTempDirectory("damnit-seek");
            Path p = base.resolve("p");
            Files.createDirectories(p);
            Repository.init(p).close();
            TreeFixture.setChunkSizes(p, 16 << 10, 64 << 10, 256 << 10);
            Random r = new Random(7);
            v1 = new byte[SIZE];
            r.nextBytes(v1);
            v2 = v1.clone();
            for (int i = 0; i < 5; i++) {
                v2[r.nextInt(SIZE)] ^= 1;
            }
            try (Repository repo = Repository.open(p)) {
                Files.write(p.resolve("data.bin"), v1);
                repo.commit().setMessage("v1").call();
                repo.createTag("v1", "HEAD");
                Files.write(p.resolve("data.bin"), v2);
                repo.commit().setMessage("v2").call();
            }
        }
        return base.resolve("p");
    }

    /** The jqwik and JUnit engines each run their part of this class, and each cleans up after it. */
    @AfterContainer
    @org.junit.jupiter.api.AfterAll
    static synchronized void cleanUp() throws IOException {
        if (base != null) {
            WorkTree.deleteRecursively(base);
            base = null;
        }
    }

    @Property(tries = 200)
    void randomRangesMatchTheOriginal(@ForAll @IntRange(min = 0, max = SIZE + 10) int offset,
                                      @ForAll @IntRange(min = 0, max = 300_000) int length,
                                      @ForAll boolean older) throws Exception {
        try (Repository repo = Repository.open(fixture());
             SeekableFile f = repo.openSeekable(older ? "v1" : "HEAD", "data.bin")) {
            byte[] want = older ? v1 : v2;
            ByteBuffer b = ByteBuffer.allocate(length);
            int n = f.read(offset, b);
            if (offset >= SIZE) {
                assertThat(n).isEqualTo(-1);
                return;
            }
            int expected = Math.min(length, SIZE - offset);
            assertThat(n).isEqualTo(expected);
            assertThat(Arrays.copyOf(b.array(), n)).isEqualTo(Arrays.copyOfRange(want, offset, offset + n));
        }
    }

    @Test
    void aSmallReadFetchesOnlyTheChunkThatHoldsIt() throws Exception {
        try (Repository repo = Repository.open(fixture())) {
            int chunks = ((LocalRepository) repo).context().trees().lookup(repo.readCommit(repo.resolve("v1")).tree(), "data.bin")
                .pieces().size();
            assertThat(chunks).as("the file spans many chunks").isGreaterThan(20);
        }
        Random r = new Random(3);
        for (String rev : new String[] {"v1", "HEAD"}) {
            for (int i = 0; i < 20; i++) {
                // a repository opened afresh: nothing in its shared cache
                try (Repository repo = Repository.open(fixture())) {
                    try (SeekableFile f = repo.openSeekable(rev, "data.bin")) {
                        int off = r.nextInt(SIZE - 100);
                        f.read(off, ByteBuffer.allocate(100));
                        long overlapping = overlapping(repo, rev, off, 100);
                        // v1's chunks are stored whole; v2's edited ones are deltas whose bases are read too
                        if (rev.equals("v1")) {
                            assertThat(f.chunksRead()).as("read at %d", off).isEqualTo(overlapping);
                        } else {
                            assertThat(f.chunksRead()).as("read at %d", off)
                                .isBetween(overlapping, overlapping * (2 + ChunkStore.MAX_DEPTH));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anotherOpenOfTheRepositoryReadsAChunkAlreadyDecodedFromTheSharedCache() throws Exception {
        try (Repository repo = Repository.open(fixture())) {
            try (SeekableFile f = repo.openSeekable("v1", "data.bin")) {
                f.read(1_500_000, ByteBuffer.allocate(100));
                assertThat(f.chunksRead()).isBetween(1L, 2L);
            }
            try (SeekableFile f = repo.openSeekable("v1", "data.bin");
                 SeekableFile g = repo.openSeekable("v1", "data.bin")) {
                ByteBuffer b = ByteBuffer.allocate(100);
                f.read(1_500_000, b);
                g.read(1_500_010, ByteBuffer.allocate(50));
                assertThat(f.chunksRead() + g.chunksRead()).as("decoded once, for the first open").isZero();
                assertThat(b.array()).isEqualTo(Arrays.copyOfRange(v1, 1_500_000, 1_500_100));
            }
        }
    }

    @Test
    void nearbyReadsComeFromTheCacheAndSequentialReadsReadEachChunkOnce() throws Exception {
        try (Repository repo = Repository.open(fixture());
             SeekableFile f = repo.openSeekable("v1", "data.bin")) {
            int chunks = ((LocalRepository) repo).context().trees().lookup(repo.readCommit(repo.resolve("v1")).tree(), "data.bin")
                .pieces().size();
            f.read(1000, ByteBuffer.allocate(10));
            f.read(1010, ByteBuffer.allocate(10));
            f.read(0, ByteBuffer.allocate(10));
            assertThat(f.chunksRead()).isEqualTo(1);

            f.position(0);
            ByteBuffer b = ByteBuffer.allocate(4096);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (f.read(b.clear()) > 0) {
                all.write(b.array(), 0, b.position());
            }
            assertThat(all.toByteArray()).isEqualTo(v1);
            assertThat(f.position()).isEqualTo(SIZE);
            assertThat(f.chunksRead()).isEqualTo(chunks);
            assertThat(f.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @Test
    void concurrentPositionedReadsAreExact() throws Exception {
        try (Repository repo = Repository.open(fixture());
             SeekableFile f = repo.openSeekable("HEAD", "data.bin")) {
            boolean ok = Stream.iterate(0, i -> i + 1).limit(64).parallel().allMatch(i -> {
                Random r = new Random(i);
                int off = r.nextInt(SIZE);
                int len = r.nextInt(200_000);
                ByteBuffer b = ByteBuffer.allocate(len);
                try {
                    int n = f.read(off, b);
                    return Arrays.equals(Arrays.copyOf(b.array(), Math.max(n, 0)),
                        Arrays.copyOfRange(v2, off, off + Math.max(n, 0))) && n == Math.min(len, SIZE - off);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(ok).isTrue();
        }
    }

    @Test
    void theChannelIsReadOnlyAndClosable() throws Exception {
        try (Repository repo = Repository.open(fixture())) {
            SeekableFile f = repo.openSeekable("v1", "data.bin");
            assertThat(f.size()).isEqualTo(SIZE);
            assertThat(f.entry().md5()).isEqualTo(org.apache.commons.codec.digest.DigestUtils.md5Hex(v1));
            assertThatThrownBy(() -> f.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> f.truncate(0)).isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> f.read(-1, ByteBuffer.allocate(1))).isInstanceOf(IllegalArgumentException.class);
            f.close();
            assertThat(f.isOpen()).isFalse();
            assertThatThrownBy(() -> f.read(0, ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> repo.openSeekable("v1", "nope.bin")).isInstanceOf(BadPathException.class);
            assertThatThrownBy(() -> repo.openSeekable("v1", "")).isInstanceOf(BadPathException.class);
        }
    }

    @Test
    void emptyFile(@TempDir Path dir) throws Exception {
        try (Repository repo = Repository.init(dir)) {
            Files.write(dir.resolve("empty"), new byte[0]);
            repo.commit().setMessage("e").call();
            try (SeekableFile f = repo.openSeekable("HEAD", "empty")) {
                assertThat(f.size()).isZero();
                assertThat(f.read(0, ByteBuffer.allocate(4))).isEqualTo(-1);
                assertThat(f.chunksRead()).isZero();
            }
        }
    }

    @Test
    void aDamagedChunkIsReportedAndTheOthersStillRead(@TempDir Path dir) throws Exception {
        Repository.init(dir).close();
        TreeFixture.setChunkSizes(dir, 16 << 10, 64 << 10, 256 << 10);
        byte[] data = new byte[1_000_000];
        new Random(11).nextBytes(data);
        try (Repository repo = Repository.open(dir)) {
            Files.write(dir.resolve("f"), data);
            repo.commit().setMessage("c").call();
        }
        Path pack;
        try (Stream<Path> s = Files.walk(dir.resolve(".damnit/store"))) {
            pack = s.filter(q -> q.toString().contains("packs") && Files.isRegularFile(q)).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(pack);
        // random bytes are stored raw, so the file's tail stands verbatim in the record of its last chunk
        // (wherever the workers put that record in the pack)
        byte[] tail = Arrays.copyOfRange(data, data.length - 64, data.length);
        int at = indexOf(b, tail);
        assertThat(at).isNotNegative();
        b[at + 60] ^= 0x40;
        Files.write(pack, b);
        try (Repository repo = Repository.open(dir); SeekableFile f = repo.openSeekable("HEAD", "f")) {
            ByteBuffer first = ByteBuffer.allocate(1000);
            f.read(0, first);
            assertThat(first.array()).isEqualTo(Arrays.copyOf(data, 1000));
            assertThatThrownBy(() -> f.read(data.length - 10, ByteBuffer.allocate(10)))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(Stream.iterate(e, t -> t != null, Throwable::getCause))
                    .hasAtLeastOneElementOfType(CorruptObjectException.class));
        }
    }

    @Test
    void aDeltaWhoseBaseTheCacheHoldsReadsOnlyItsOwnRecord() throws Exception {
        try (Repository repo = Repository.open(fixture())) {
            Trees trees = ((LocalRepository) repo).context().trees();
            java.util.Set<org.damnit.ObjectId> old = new java.util.HashSet<>();
            trees.lookup(repo.readCommit(repo.resolve("v1")).tree(), "data.bin").pieces().forEach(p -> old.add(p.id()));
            long added = trees.lookup(repo.readCommit(repo.resolve("HEAD")).tree(), "data.bin").pieces().stream()
                .filter(p -> !old.contains(p.id())).count();
            assertThat(added).as("the edits made new chunks").isPositive();
            try (SeekableFile f = repo.openSeekable("v1", "data.bin")) {
                f.read(0, ByteBuffer.allocate(SIZE)); // every chunk of v1 verified and in the cache
            }
            try (SeekableFile f = repo.openSeekable("HEAD", "data.bin")) {
                ByteBuffer b = ByteBuffer.allocate(SIZE);
                f.read(0, b);
                assertThat(b.array()).isEqualTo(v2);
                assertThat(f.chunksRead()).as("each new chunk once, its bases from the cache").isEqualTo(added);
            }
        }
    }

    @Test
    void onANetworkStoreAReadFetchesItsChunksInRangedReadsInParallel(@TempDir Path dir) throws Exception {
        java.net.URI uri = java.net.URI.create("faulty:seek-" + System.nanoTime());
        FaultyStoreProvider.Faulty remote = (FaultyStoreProvider.Faulty) new FaultyStoreProvider().open(uri, true);
        Path p = Files.createDirectories(dir.resolve("p"));
        Repository.builder(p).setStore(uri).init().close();
        TreeFixture.setChunkSizes(p, 16 << 10, 64 << 10, 256 << 10);
        byte[] data = new byte[3_000_000];
        new Random(5).nextBytes(data);
        try (Repository repo = Repository.open(p)) {
            Files.write(p.resolve("data.bin"), data);
            repo.commit().setMessage("c").call();
        }
        WorkTree.deleteRecursively(p.resolve(".damnit/cache/objects")); // nothing local, as in a new clone
        try (Repository repo = Repository.open(p); SeekableFile f = repo.openSeekable("HEAD", "data.bin")) {
            remote.packReads.clear();
            int off = 1_234_567;
            int len = 1_000_000;
            ByteBuffer b = ByteBuffer.allocate(len);
            assertThat(f.read(off, b)).isEqualTo(len);
            assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, off, off + len));
            long overlapping = overlapping(repo, "HEAD", off, len);
            assertThat(overlapping).isGreaterThan(4);
            assertThat(f.chunksRead()).isEqualTo(overlapping);
            assertThat(remote.packReads).as("one ranged read per chunk record, no pack fetched whole")
                .hasSize((int) overlapping).allSatisfy(r -> assertThat(r.length()).isLessThan((256 << 10) + 4096));
            assertThat(remote.packReads).extracting(FaultyStoreProvider.Faulty.PackRead::thread)
                .as("the chunks after the first fetched on reader threads").contains("damnit-read");
            Path cached = p.resolve(".damnit/cache/objects/packs");
            if (Files.exists(cached)) {
                try (Stream<Path> s = Files.walk(cached)) {
                    assertThat(s.filter(Files::isRegularFile)).as("no pack copied into the local cache").isEmpty();
                }
            }
        }
    }

    /** How many of the file's chunks overlap [off, off + len). */
    private static long overlapping(Repository repo, String rev, long off, int len) throws Exception {
        long start = 0;
        long n = 0;
        for (Node.Piece p : ((LocalRepository) repo).context().trees()
            .lookup(repo.readCommit(repo.resolve(rev)).tree(), "data.bin").pieces()) {
            if (start < off + len && start + p.size() > off) {
                n++;
            }
            start += p.size();
        }
        return n;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
