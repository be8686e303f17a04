package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkIndexTest {
    @TempDir
    Path tmp;

    private static ObjectId random(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return ObjectId.of(b);
    }

    /** Publishes a pack index (the pack itself is not needed by the index). */
    private static List<Pack.Entry> publishIndex(MemoryStore store, Random r, int n) throws Exception {
        ObjectId pack = random(r);
        List<Pack.Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new Pack.Entry(random(r), 8 + i * 100L, 100, 1000 + i, ChunkCodecs.ZSTD.id(), 0, Pack.NO_BASE));
        }
        byte[] idx = Pack.encodeIndex(pack, entries);
        store.put(StoreLayout.PACK_INDEXES.key(pack), new ByteArrayInputStream(idx), idx.length);
        return entries;
    }

    @Test
    void findsEveryEntryAcrossRunsAndMerges() throws Exception {
        MemoryStore store = new MemoryStore("idx");
        Random r = new Random(1);
        List<Pack.Entry> all = new ArrayList<>();
        try (ChunkIndex index = new ChunkIndex(tmp.resolve("cache"), store)) {
            for (int round = 0; round < ChunkIndex.MAX_RUNS + 3; round++) {
                all.addAll(publishIndex(store, r, 500 + round * 37));
                index.sync();
                assertThat(index.runCount()).isBetween(1, ChunkIndex.MAX_RUNS);
            }
            assertThat(index.size()).isEqualTo(all.size());
            for (Pack.Entry e : all) {
                ChunkIndex.Location l = index.find(e.id()).orElseThrow(() -> new AssertionError("missing " + e.id()));
                assertThat(l.offset()).isEqualTo(e.offset());
                assertThat(l.rawLength()).isEqualTo(e.rawLength());
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(index.find(random(r))).isEmpty();
            }
        }
        // a new process rebuilds nothing and finds the same
        try (ChunkIndex again = new ChunkIndex(tmp.resolve("cache"), store)) {
            again.sync();
            assertThat(again.find(all.get(17).id())).isPresent();
        }
    }

    @Test
    void aDeletedCacheIsRebuiltFromTheStore() throws Exception {
        MemoryStore store = new MemoryStore("idx2");
        Random r = new Random(2);
        List<Pack.Entry> entries = publishIndex(store, r, 300);
        try (ChunkIndex index = new ChunkIndex(tmp.resolve("cache"), store)) {
            index.sync();
        }
        WorkTree.deleteRecursively(tmp.resolve("cache"));
        try (ChunkIndex index = new ChunkIndex(tmp.resolve("cache"), store)) {
            index.sync();
            for (Pack.Entry e : entries) {
                assertThat(index.find(e.id())).isPresent();
            }
        }
        Files.writeString(tmp.resolve("cache/manifest"), "garbage");
        try (ChunkIndex index = new ChunkIndex(tmp.resolve("cache"), store)) {
            index.sync();
            assertThat(index.find(entries.get(0).id())).isPresent();
        }
    }
}
