package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.damnit.ProgressListener;
import org.damnit.StorageException;
import org.damnit.store.Store;

/**
 * Copies the objects one store has and another lacks, in publish order (packs, pack indexes, trees,
 * commits), so that a copy interrupted at any point leaves the receiving side consistent and a restart
 * sends only what is still missing.
 */
final class Transfer {
    /** objects copied, bytes copied, objects already present. */
    record Counts(long objects, long bytes, long skipped) {
    }

    private Transfer() {
    }

    /** Checks one object after it arrived; throws if it is damaged (the caller deletes it). */
    interface Verifier {
        void verify(String key) throws org.damnit.DamnitException;
    }

    static Counts copyMissing(Store from, Store to, ProgressListener progress) throws StorageException {
        try {
            return copyMissing(from, to, progress, null);
        } catch (StorageException e) {
            throw e;
        } catch (org.damnit.DamnitException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /**
     * Copies what {@code to} lacks; each object is checked by {@code verifier} (if any) as it arrives,
     * and a damaged one is deleted again and reported, before anything that depends on it is copied.
     */
    static Counts copyMissing(Store from, Store to, ProgressListener progress, Verifier verifier)
        throws org.damnit.DamnitException {
        long objects = 0;
        long bytes = 0;
        long skipped = 0;
        try {
            // what is missing, and how much, so that progress can show a total and an ETA
            java.util.List<String> missing = new java.util.ArrayList<>();
            long total = 0;
            for (StoreLayout area : StoreLayout.PUBLISH_ORDER) {
                String prefix = area.prefix;
                Set<String> have = new HashSet<>();
                try (Stream<String> s = to.list(prefix)) {
                    s.forEach(have::add);
                }
                try (Stream<String> s = from.list(prefix)) {
                    for (Iterator<String> it = s.iterator(); it.hasNext(); ) {
                        String key = it.next();
                        if (have.contains(key)) {
                            skipped++;
                        } else {
                            missing.add(key);
                            if (area == StoreLayout.PACKS) {
                                total += from.size(key).orElse(0L);
                            }
                        }
                    }
                }
            }
            progress.start("copying", total); // bytes of packs; the rest is small
            for (String key : missing) {
                Optional<Long> size = from.size(key);
                if (size.isEmpty()) {
                    continue; // deleted meanwhile
                }
                try (InputStream in = from.get(key)) {
                    to.put(key, in, size.get());
                    if (verifier != null) {
                        try {
                            verifier.verify(key);
                        } catch (org.damnit.DamnitException e) {
                            to.delete(key);
                            throw e;
                        }
                    }
                    objects++;
                    bytes += size.get();
                    if (StoreLayout.PACKS.holds(key)) {
                        progress.advance(size.get()); // the total counts packs only
                    }
                } catch (FileAlreadyExistsException e) {
                    skipped++;
                } catch (NoSuchFileException e) {
                    // deleted meanwhile
                }
            }
        } catch (IOException e) {
            throw new StorageException("copying from " + from + " to " + to + " failed: " + e.getMessage()
                + " (what was copied stays; run the command again to send the rest)", e);
        }
        return new Counts(objects, bytes, skipped);
    }
}
