package org.damnit.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.damnit.ObjectId;
import org.damnit.core.Internals;
import org.damnit.store.Store;
import org.damnit.store.Stores;

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
        BenchFiles.deleteRecursively(work);
        Files.createDirectories(work);
        int perPack = 10_000;
        Random r = new Random(1);
        List<ObjectId> sample = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Store store = Stores.open(work.resolve("store").toUri(), true)) {
            for (long done = 0; done < n; done += perPack) {
                byte[] p = new byte[32];
                r.nextBytes(p);
                List<ObjectId> ids = new ArrayList<>(perPack);
                for (int i = 0; i < perPack && done + i < n; i++) {
                    byte[] id = new byte[32];
                    r.nextBytes(id);
                    ObjectId oid = ObjectId.of(id);
                    if (sample.size() < 100_000 && r.nextInt(100) == 0) {
                        sample.add(oid);
                    }
                    ids.add(oid);
                }
                Internals.putPackIndex(store, ObjectId.of(p), ids);
            }
            long t1 = System.nanoTime();
            try (Internals.ChunkIndexView index = Internals.chunkIndex(work.resolve("cache"), store)) {
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
                    if (index.contains(sample.get(i % sample.size()))) {
                        hits++;
                    }
                }
                long h1 = System.nanoTime();
                int misses = 0;
                for (int i = 0; i < lookups; i++) {
                    byte[] id = new byte[32];
                    r.nextBytes(id);
                    if (!index.contains(ObjectId.of(id))) {
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
        BenchFiles.deleteRecursively(work);
    }
}
