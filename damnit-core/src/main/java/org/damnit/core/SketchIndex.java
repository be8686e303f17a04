package org.damnit.core;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.damnit.ObjectId;

/**
 * Super-feature → chunk lookups for the most recently stored {@link #CAPACITY} chunks, in a fixed-size
 * open-addressing table (about 12 MB of heap whatever the repository's size). It lives in
 * {@code .damnit/cache/sketches} as records of four super-features and a chunk id; it is a hint only:
 * losing it loses delta opportunities, never data.
 */
final class SketchIndex {
    static final int CAPACITY = 65_536;
    private static final int SLOTS = Integer.highestOneBit(CAPACITY * Sketch.SUPER_FEATURES) * 2;
    private static final int RECORD = 8 * Sketch.SUPER_FEATURES + 32;

    private final Path file;
    private final long[] keys = new long[SLOTS];
    private final int[] values = new int[SLOTS];
    private final byte[][] ids = new byte[CAPACITY][];
    private final long[][] features = new long[CAPACITY][];
    private int next;
    private int added;

    private SketchIndex(Path file) {
        this.file = file;
    }

    /** Loads the newest records from {@code file} (a missing or damaged file gives an empty index). */
    static SketchIndex load(Path file) {
        SketchIndex s = new SketchIndex(file);
        try (InputStream raw = Files.newInputStream(file)) {
            long size = Files.size(file);
            long records = size / RECORD;
            long skip = Math.max(0, records - CAPACITY) * RECORD;
            raw.skipNBytes(skip);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            for (long r = Math.max(0, records - CAPACITY); r < records; r++) {
                long[] sf = new long[Sketch.SUPER_FEATURES];
                for (int j = 0; j < sf.length; j++) {
                    sf[j] = in.readLong();
                }
                byte[] id = new byte[32];
                in.readFully(id);
                s.insert(sf, id);
            }
        } catch (NoSuchFileException e) {
            // nothing stored yet
        } catch (IOException | RuntimeException e) {
            return new SketchIndex(file);
        }
        s.added = 0;
        return s;
    }

    /** A stored chunk sharing a super-feature with {@code sf}, or null. */
    synchronized ObjectId find(long[] sf) {
        for (long f : sf) {
            if (f == 0) {
                continue;
            }
            int slot = slot(f);
            for (int probe = 0; probe < SLOTS; probe++) {
                int i = (slot + probe) & (SLOTS - 1);
                if (keys[i] == 0) {
                    break;
                }
                if (keys[i] == f) {
                    int v = values[i];
                    if (ids[v] != null && contains(features[v], f)) {
                        return ObjectId.of(ids[v]);
                    }
                }
            }
        }
        return null;
    }

    synchronized void add(long[] sf, ObjectId id) {
        insert(sf, id.toBytes());
        added++;
    }

    private void insert(long[] sf, byte[] id) {
        if (sf[0] == 0) {
            return;
        }
        int v = next;
        next = (next + 1) % CAPACITY;
        ids[v] = id; // an overwritten slot's old entries now fail the contains() check
        features[v] = sf.clone();
        for (long f : sf) {
            int slot = slot(f);
            for (int probe = 0; probe < SLOTS; probe++) {
                int i = (slot + probe) & (SLOTS - 1);
                if (keys[i] == 0 || keys[i] == f || !live(i)) {
                    keys[i] = f;
                    values[i] = v;
                    break;
                }
            }
        }
    }

    private boolean live(int slot) {
        int v = values[slot];
        return ids[v] != null && contains(features[v], keys[slot]);
    }

    private static boolean contains(long[] a, long f) {
        for (long x : a) {
            if (x == f) {
                return true;
            }
        }
        return false;
    }

    private static int slot(long f) {
        long x = f * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 40) & (SLOTS - 1);
    }

    /** Appends what was added since loading; the file is compacted to the newest records when large. */
    synchronized void save() throws IOException {
        if (added == 0) {
            return;
        }
        Files.createDirectories(file.getParent());
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size / RECORD > 4L * CAPACITY) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                for (int k = 0; k < CAPACITY; k++) {
                    int v = (next + k) % CAPACITY;
                    if (ids[v] != null) {
                        write(out, features[v], ids[v]);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16))) {
                for (int k = Math.min(added, CAPACITY); k > 0; k--) {
                    int v = Math.floorMod(next - k, CAPACITY);
                    if (ids[v] != null) {
                        write(out, features[v], ids[v]);
                    }
                }
            }
        }
        added = 0;
    }

    private static void write(DataOutputStream out, long[] sf, byte[] id) throws IOException {
        for (long f : sf) {
            out.writeLong(f);
        }
        out.write(id);
    }
}
