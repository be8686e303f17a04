package org.damnit.core;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.damnit.ObjectId;

/**
 * The dedup index at scale: publishes N chunk entries as pack indexes in a local file store, builds the
 * on-disk index from them through the normal sync path, then measures lookups of present and absent ids
 * and the heap in use. Usage: {@code IndexScale [ENTRIES] [WORKDIR]} (default 10,000,000).
 */
public final class IndexScale {
    private IndexScale() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/damnit-index-scale");
        WorkTree.deleteRecursively(work);
        Files.createDirectories(work);
        int perPack = 10_000;
        Random r = new Random(1);
        List<ObjectId> sample = new ArrayList<>();
        long t0 = System.nanoTime();
        try (FileStore store = new FileStore(work.resolve("store"), true)) {
            for (long done = 0; done < n; done += perPack) {
                byte[] p = new byte[32];
                r.nextBytes(p);
                List<Pack.Entry> entries = new ArrayList<>(perPack);
                for (int i = 0; i < perPack && done + i < n; i++) {
                    byte[] id = new byte[32];
                    r.nextBytes(id);
                    ObjectId oid = ObjectId.of(id);
                    if (sample.size() < 100_000 && r.nextInt(100) == 0) {
                        sample.add(oid);
                    }
                    entries.add(new Pack.Entry(oid, 8 + i * 1000L, 1000, 4000, ChunkCodecs.ZSTD.id(), 0, Pack.NO_BASE));
                }
                byte[] idx = Pack.encodeIndex(ObjectId.of(p), entries);
                store.put(StoreLayout.PACK_INDEXES.key(ObjectId.of(p)), new ByteArrayInputStream(idx), idx.length);
            }
            long t1 = System.nanoTime();
            try (ChunkIndex index = new ChunkIndex(work.resolve("cache"), store)) {
                index.sync();
                long t2 = System.nanoTime();
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long runBytes;
                try (Stream<Path> s = Files.list(work.resolve("cache"))) {
                    runBytes = s.filter(f -> f.getFileName().toString().startsWith("run-")).mapToLong(f -> f.toFile().length()).sum();
                }
                int lookups = 200_000;
                long h0 = System.nanoTime();
                int hits = 0;
                for (int i = 0; i < lookups; i++) {
                    if (index.find(sample.get(i % sample.size())).isPresent()) {
                        hits++;
                    }
                }
                long h1 = System.nanoTime();
                int misses = 0;
                for (int i = 0; i < lookups; i++) {
                    byte[] id = new byte[32];
                    r.nextBytes(id);
                    if (index.find(ObjectId.of(id)).isEmpty()) {
                        misses++;
                    }
                }
                long h2 = System.nanoTime();
                System.out.printf("entries            %,d in %d run(s), %,d bytes on disk (%.1f B/entry)%n", index.size(),
                    index.runCount(), runBytes, (double) runBytes / index.size());
                System.out.printf("publish pack idx   %.1f s%n", (t1 - t0) / 1e9);
                System.out.printf("build (sync)       %.1f s%n", (t2 - t1) / 1e9);
                System.out.printf("lookups, present   %,.0f /s (%d/%d found)%n", lookups / ((h1 - h0) / 1e9), hits, lookups);
                System.out.printf("lookups, absent    %,.0f /s (%d/%d absent)%n", lookups / ((h2 - h1) / 1e9), misses, lookups);
                System.out.printf("heap in use        %,d bytes (max %,d) after GC, incl. the %,d-id sample%n", heap,
                    Runtime.getRuntime().maxMemory(), sample.size());
            }
        }
        WorkTree.deleteRecursively(work);
    }
}
