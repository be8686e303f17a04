package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.damnit.DamnitException;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name index of codec 12 built by external sort: runs of a few entries spilled and merged (in more
 * than one pass) give the index the in-memory sort gives, byte for byte; a damaged, truncated or missing
 * run file and a build cut short leave no index and no build files; what a killed build left is cleaned.
 */
class BamRecordsTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static byte[] content;
    private List<Node.Piece> pieces;
    private Map<ObjectId, byte[]> chunks;

    @BeforeEach
    void chunks() throws Exception {
        synchronized (BamRecordsTest.class) {
            if (content == null) {
                content = GenomicsTools.bamContent(Files.createDirectories(shared.resolve("bam")),
                    new String(ReadsFixture.sam(41, 2_500, false), StandardCharsets.ISO_8859_1));
            }
        }
        // chunks of 3 to 40 KB cut anywhere, so records run on from one into the next
        Random r = new Random(7);
        pieces = new ArrayList<>();
        chunks = new HashMap<>();
        for (int at = 0; at < content.length; ) {
            int n = Math.min(content.length - at, 3_000 + r.nextInt(37_000));
            byte[] c = java.util.Arrays.copyOfRange(content, at, at + n);
            ObjectId id = ObjectDb.sha256(c, 0, n);
            chunks.put(id, c);
            pieces.add(new Node.Piece(id, n));
            at += n;
        }
    }

    @AfterEach
    void reset() {
        System.clearProperty("damnit.fqbam.runEntries");
        BamRecords.afterSpill = null;
    }

    private BamRecords.Index index(Path cache, int runEntries) throws DamnitException {
        System.setProperty("damnit.fqbam.runEntries", Integer.toString(runEntries));
        try {
            return new BamRecords(cache).index(pieces, chunks::get);
        } finally {
            System.clearProperty("damnit.fqbam.runEntries");
        }
    }

    private static Path indexFile(Path cache) throws Exception {
        try (Stream<Path> s = Files.list(cache.resolve("index"))) {
            List<Path> all = s.toList();
            assertThat(all).as("the index directory holds the index alone").hasSize(1);
            return all.get(0);
        }
    }

    /** The files left in the index directory. */
    private static List<String> left(Path cache) throws Exception {
        Path d = cache.resolve("index");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Every primary record of the content: its key and its place, walked as the chunks cut it. */
    private List<long[]> primaries() {
        long[] starts = new long[pieces.size() + 1];
        for (int i = 0; i < pieces.size(); i++) {
            starts[i + 1] = starts[i] + pieces.get(i).size();
        }
        List<long[]> out = new ArrayList<>();
        int c = 0;
        int ordinal = 0;
        for (int p = SamText.headerEnd(content), e; (e = SamText.recordEnd(content, p, content.length)) >= 0; p = e) {
            int chunk = c;
            while (starts[chunk + 1] <= p) {
                chunk++;
            }
            ordinal = chunk == c ? ordinal : 0;
            c = chunk;
            int flag = SamText.uint16(content, p + 18);
            if ((flag & 0x900) == 0) {
                int l = content[p + 12] & 0xFF;
                out.add(new long[] {BamRecords.key(content, p + 36, p + 36 + l - 1, flag & 0xC0), BamRecords.place(chunk, ordinal)});
            }
            ordinal++;
        }
        return out;
    }

    @Test
    void anExternalSortGivesTheIndexTheSortInMemoryGives() throws Exception {
        List<long[]> primaries = primaries();
        assertThat(primaries.size()).as("more records than a run of 7 in more than one merge pass")
            .isGreaterThan(7 * BamRecords.FAN_IN);
        BamRecords.Index inMemory = index(tmp.resolve("a"), 1 << 20);
        for (int run : new int[] {2, 7, 1000}) {
            Path cache = tmp.resolve("run-" + run);
            BamRecords.Index external = index(cache, run);
            assertThat(external.size()).isEqualTo(inMemory.size()).isEqualTo(primaries.size());
            assertThat(Files.mismatch(indexFile(cache), indexFile(tmp.resolve("a")))).as("runs of " + run).isEqualTo(-1L);
        }
        BamRecords.Index reopened = new BamRecords(tmp.resolve("a")).index(pieces, id -> {
            throw new AssertionError("the index is read, not built again");
        });
        java.util.Set<Long> keys = new java.util.HashSet<>();
        for (long[] k : primaries) {
            assertThat(reopened.find(k[0], 16)).as("the place of each primary record").contains(k[1]);
            assertThat(inMemory.find(k[0], 16)).contains(k[1]);
            keys.add(k[0]);
        }
        Random r = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            long k = i < 1_000 ? r.nextLong() : primaries.get(r.nextInt(primaries.size()))[0] + (i % 2 == 0 ? 1 : -1);
            if (!keys.contains(k)) {
                assertThat(reopened.find(k, 16)).as("a key no record has").isEmpty();
            }
        }
        assertThat(reopened.find(Long.MIN_VALUE, 16)).isEmpty();
        assertThat(reopened.find(Long.MAX_VALUE, 16)).isEmpty();
        assertThat(primaries.size()).as("an index of several windows").isGreaterThan(4 * BamRecords.FENCE);
    }

    @Test
    void aThreadInterruptedInALookupLeavesTheIndexReadableByOthers() throws Exception {
        BamRecords.Index idx = index(tmp.resolve("i"), 1 << 20);
        List<long[]> primaries = primaries();
        Throwable[] seen = new Throwable[1];
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt(); // the channel's read then closes it, for every thread
            try {
                idx.find(primaries.get(0)[0], 16);
            } catch (RuntimeException e) {
                seen[0] = e;
            }
        });
        t.start();
        t.join();
        assertThat(seen[0]).as("the interrupted lookup fails").isInstanceOf(java.io.UncheckedIOException.class);
        for (long[] k : primaries) { // every window read again, from a file opened anew
            assertThat(idx.find(k[0], 16)).contains(k[1]);
        }
    }

    @Test
    void aBamOfMoreBytesThanHalfTheRecordCacheIsNotIndexed() throws Exception {
        System.setProperty("damnit.fqbam.cacheBytes", Long.toString(2L * content.length - 2));
        try {
            assertThat(new BamRecords(tmp.resolve("small")).index(pieces, chunks::get)).isNull();
            assertThat(tmp.resolve("small")).as("nothing built").doesNotExist();
            System.setProperty("damnit.fqbam.cacheBytes", Long.toString(2L * content.length));
            assertThat(new BamRecords(tmp.resolve("fits")).index(pieces, chunks::get).size()).isEqualTo(primaries().size());
        } finally {
            System.clearProperty("damnit.fqbam.cacheBytes");
        }
    }

    @Test
    void aDamagedTruncatedOrMissingRunFailsTheBuildAndLeavesNoIndex() throws Exception {
        List<Consumer<Path>> damages = List.of(
            d -> write(d.resolve("run-1"), f -> f[f.length / 2] ^= 0x10), // a flipped bit: the CRC
            d -> write(d.resolve("run-0"), f -> f[3] ^= 0x01), // the order too
            d -> truncate(d.resolve("run-2"), 16 * 3),
            d -> truncate(d.resolve("run-3"), 0),
            d -> {
                try {
                    Files.delete(d.resolve("run-4"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        // what the message names besides the index: a cut run by its length, never a closed channel
        List<String> says = List.of("name index", "name index", "is 48 bytes, not", "is 0 bytes, not", "name index");
        int k = 0;
        for (Consumer<Path> damage : damages) {
            String said = says.get(k);
            Path cache = tmp.resolve("d" + k++);
            AtomicInteger called = new AtomicInteger();
            BamRecords.afterSpill = d -> {
                called.incrementAndGet();
                damage.accept(d);
            };
            assertThatThrownBy(() -> index(cache, 50)).isInstanceOf(StorageException.class)
                .hasMessageContaining("name index").hasMessageContaining(said);
            assertThat(called).hasValue(1);
            assertThat(left(cache)).as("neither an index nor a build directory").isEmpty();
            BamRecords.afterSpill = null;
            assertThat(index(cache, 50).size()).isEqualTo(primaries().size());
            assertThat(Files.mismatch(indexFile(cache), indexFile(fresh()))).isEqualTo(-1L);
        }
    }

    private Path fresh() throws Exception {
        Path cache = tmp.resolve("fresh");
        if (!Files.isDirectory(cache)) {
            index(cache, 1 << 20);
        }
        return cache;
    }

    @Test
    void aBuildCutShortLeavesNoHalfIndexAndIsNotWalkedAgainForEachChunk() throws Exception {
        Path cache = tmp.resolve("c");
        System.setProperty("damnit.fqbam.runEntries", "50");
        BamRecords records = new BamRecords(cache);
        AtomicInteger reads = new AtomicInteger();
        BamRecords.Chunks failing = id -> {
            if (reads.incrementAndGet() == pieces.size() - 2) {
                throw new StorageException("cannot read packs/x: connection reset");
            }
            return chunks.get(id);
        };
        assertThatThrownBy(() -> records.index(pieces, failing)).isInstanceOf(StorageException.class);
        assertThat(left(cache)).as("neither an index nor its runs").isEmpty();
        int before = reads.get();
        assertThat(records.index(pieces, failing)).as("not built again in this process").isNull();
        assertThat(reads).hasValue(before);
        // a process killed in its build leaves its directory unlocked: the next build deletes it
        Path stale = Files.createDirectories(cache.resolve("index").resolve("0".repeat(64) + ".build-123"));
        Files.write(stale.resolve("lock"), new byte[0]);
        Files.write(stale.resolve("run-0"), new byte[48]);
        Files.write(stale.resolve("index.tmp"), new byte[100]);
        // and one just made, its lock file not locked yet: another build's, which is left alone
        Path starting = Files.createDirectories(cache.resolve("index").resolve("1".repeat(64) + ".build-456"));
        Files.write(starting.resolve("lock"), new byte[0]);
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        assertThat(index(cache, 50).size()).isEqualTo(primaries().size());
        assertThat(left(cache)).as("the index, and the build just made").hasSize(2)
            .contains(starting.getFileName().toString()).doesNotContain(stale.getFileName().toString());
        Files.delete(starting.resolve("lock"));
        Files.delete(starting);
        assertThat(left(cache)).hasSize(1);
        assertThat(Files.mismatch(indexFile(cache), indexFile(fresh()))).isEqualTo(-1L);
    }

    @Test
    void aBuildInProgressKeepsItsDirectoryFromAnotherBuild() throws Exception {
        Path cache = tmp.resolve("c");
        Path other = tmp.resolve("other");
        BamRecords.afterSpill = d -> {
            try { // another build of the same cache, while this one holds its runs
                BamRecords.afterSpill = null;
                assertThat(new BamRecords(cache).index(otherPieces(), chunks::get)).isNotNull();
                assertThat(Files.isRegularFile(d.resolve("run-0"))).as("the runs of the build in progress").isTrue();
                Files.writeString(other.resolve("ok"), "");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Files.createDirectories(other);
        assertThat(index(cache, 50).size()).isEqualTo(primaries().size());
        assertThat(other.resolve("ok")).exists();
        assertThat(left(cache)).hasSize(2);
    }

    /** The same content cut into other chunks (another stream, another index). */
    private List<Node.Piece> otherPieces() {
        List<Node.Piece> p = new ArrayList<>();
        for (int at = 0; at < content.length; ) {
            int n = Math.min(content.length - at, 50_000);
            byte[] c = java.util.Arrays.copyOfRange(content, at, at + n);
            ObjectId id = ObjectDb.sha256(c, 0, n);
            chunks.put(id, c);
            p.add(new Node.Piece(id, n));
            at += n;
        }
        return p;
    }

    private static void write(Path f, Consumer<byte[]> change) {
        try {
            byte[] b = Files.readAllBytes(f);
            change.accept(b);
            Files.write(f, b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void truncate(Path f, long size) {
        try (var ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
