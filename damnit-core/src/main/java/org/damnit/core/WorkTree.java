package org.damnit.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.damnit.DamnitException;
import org.damnit.ScanOrder;

/** Scanning the working tree with the errors turned into {@link DamnitException}s. */
final class WorkTree {
    private WorkTree() {
    }

    static List<Scanner.Found> scan(Path root, ScanOrder order) throws DamnitException {
        return scan(root, order, new ArrayList<>());
    }

    /** Scans, adding "PATH: reason" to {@code warnings} for each path skipped. */
    static List<Scanner.Found> scan(Path root, ScanOrder order, List<String> warnings) throws DamnitException {
        List<Scanner.Found> out = new ArrayList<>();
        try {
            new Scanner(root, order, (rel, why) -> warnings.add(rel + ": skipped, " + why)).scan(out::add);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DamnitException("permission denied while scanning " + e.getFile()
                + "; make it readable or add it to .damnitignore");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DamnitException("cannot scan " + root + ": " + e.getMessage(), e);
        }
        return out;
    }
}
