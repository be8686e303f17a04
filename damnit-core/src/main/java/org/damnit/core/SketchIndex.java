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
 * Super-feature → chunk lookups for the most recently stored chunks (up to {@link #CAPACITY}, fewer in
 * a small heap), in a fixed-size open-addressing table (about 12 MB of heap at most, whatever the
 * repository's size). It lives in
 * {@code .damnit/cache/sketches} as records of four super-features and a chunk id; it is a hint only:
 * losing it loses delta opportunities, never data.
 */
final class SketchIndex {
    static final int CAPACITY = 65_536;
    private static final int RECORD = 8 * Sketch.SUPER_FEATURES + 32;

    private final Path file;
    private final int capacity;
    private final int slots;
    private final long[] keys;
    private final int[] values;
    private final byte[][] ids;
    private final long[][] features;
    private int next;
    private int added;

    private SketchIndex(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        this.slots = Integer.highestOneBit(capacity * Sketch.SUPER_FEATURES) * 2;
        this.keys = new long[slots];
        this.values = new int[slots];
        this.ids = new byte[capacity][];
        this.features = new long[capacity][];
    }

    static SketchIndex load(Path file) {
        return load(file, CAPACITY);
    }

    /**
     * Loads the newest {@code capacity} records from {@code file} (a missing or damaged file gives an
     * empty index).
     */
    static SketchIndex load(Path file, int capacity) {
        SketchIndex s = new SketchIndex(file, capacity);
        try (InputStream raw = RegularFiles.open(file)) {
            long size = Files.size(file);
            long records = size / RECORD;
            long skip = Math.max(0, records - capacity) * RECORD;
            raw.skipNBytes(skip);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            for (long r = Math.max(0, records - capacity); r < records; r++) {
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
            return new SketchIndex(file, capacity);
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
            for (int probe = 0; probe < slots; probe++) {
                int i = (slot + probe) & (slots - 1);
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
        next = (next + 1) % capacity;
        ids[v] = id; // an overwritten slot's old entries now fail the contains() check
        features[v] = sf.clone();
        for (long f : sf) {
            int slot = slot(f);
            for (int probe = 0; probe < slots; probe++) {
                int i = (slot + probe) & (slots - 1);
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

    private int slot(long f) {
        long x = f * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 40) & (slots - 1);
    }

    /** Appends what was added since loading; the file is compacted to the newest records when large. */
    synchronized void save() throws IOException {
        if (added == 0) {
            return;
        }
        Files.createDirectories(file.getParent());
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size / RECORD > 4L * capacity) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                for (int k = 0; k < capacity; k++) {
                    int v = (next + k) % capacity;
                    if (ids[v] != null) {
                        write(out, features[v], ids[v]);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16))) {
                for (int k = Math.min(added, capacity); k > 0; k--) {
                    int v = Math.floorMod(next - k, capacity);
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
