package org.damnit.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.damnit.BadPathException;
import org.damnit.DamnitException;
import org.damnit.NotFoundException;
import org.damnit.ObjectId;
import org.damnit.ProgressListener;
import org.damnit.StorageException;
import org.damnit.TransferResult;
import org.damnit.store.Store;
import org.damnit.store.Stores;

/** Clone: init a new repository, add the source as remote "origin", fetch its branch and restore it. */
final class CloneOp {
    private CloneOp() {
    }

    /** A new repository at {@code projectDir} (new or empty) filled from the store at {@code source}. */
    static LocalRepository call(Path projectDir, URI source, ProgressListener progress) throws DamnitException {
        Path root = projectDir.toAbsolutePath().normalize();
        try {
            if (Files.exists(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    if (s.findAny().isPresent()) {
                        throw new BadPathException(root + " is not empty; clone into a new or empty directory");
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + root + ": " + e.getMessage(), e);
        }
        String branch;
        try (Store src = Stores.open(source, false); Stream<String> heads = src.listRefs("heads/")) {
            java.util.List<String> names = heads.map(h -> h.substring("heads/".length())).toList();
            if (names.isEmpty()) {
                throw new NotFoundException(source + " has no branches to clone");
            }
            branch = names.contains(LocalRepository.DEFAULT_BRANCH) ? LocalRepository.DEFAULT_BRANCH : names.get(0);
        } catch (IOException e) {
            throw new StorageException("cannot open " + source + ": " + e.getMessage(), e);
        }
        LocalRepository repo = LocalRepository.init(root, null);
        try {
            repo.addRemote("origin", source);
            repo.context().refs().setCurrentBranch(branch);
            TransferResult f = repo.fetch().setRemote("origin").setBranch(branch).setProgressListener(progress).call();
            ObjectId tip = f.newCommit().orElseThrow(() -> new NotFoundException(source + " has no commits on " + branch));
            repo.context().refs().set(Refs.HEADS + branch, tip);
            repo.restore().setRevision(tip.toHex()).setForce(true).setProgressListener(progress).call();
            return repo;
        } catch (DamnitException | RuntimeException e) {
            repo.close();
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.toList()) {
                    WorkTree.deleteRecursively(p); // the directory was empty: leave it so
                }
            } catch (IOException ignored) {
                // the error below is what matters
            }
            throw e instanceof DamnitException d ? d
                : new StorageException("clone failed: " + e.getMessage(), e);
        }
    }
}
