package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.FileStatus;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.ObjectId;
import org.damnit.StatusCommand;

/** Working tree against HEAD. Files the stat cache vouches for are not read. */
final class StatusOp extends StatusCommand {
    private final LocalRepository repo;

    StatusOp(LocalRepository repo) {
        this.repo = repo;
    }

    @Override
    protected List<FileStatus> execute() throws DamnitException {
        Map<String, Node> head = repo.headEntries();
        StatIndex index = StatIndex.load(repo.indexFile());
        List<Scanner.Found> found = WorkTree.scan(repo.workTree(), scanOrder);
        Set<String> present = new HashSet<>();
        Set<String> parentsInTree = new HashSet<>();
        for (Scanner.Found f : found) {
            present.add(f.rel());
            parentsInTree.add(CommitOp.parentOf(f.rel()));
        }
        Set<String> parentsInHead = new HashSet<>();
        head.keySet().forEach(p -> parentsInHead.add(CommitOp.parentOf(p)));

        PendingMeta pending = repo.pendingMeta();
        List<FileStatus> out = new ArrayList<>();
        for (Scanner.Found f : found) {
            Node h = head.get(f.rel());
            long size = f.type() == EntryType.FILE ? f.attrs().size() : 0;
            FileStatus.State state;
            if (f.type() == EntryType.DIRECTORY) {
                if (h != null && h.type() == EntryType.DIRECTORY) {
                    state = FileStatus.State.UNCHANGED;
                } else if (h == null && !parentsInTree.contains(f.rel())) {
                    state = FileStatus.State.NEW; // an empty directory is content of its own
                } else if (h != null) {
                    state = FileStatus.State.MODIFIED;
                } else {
                    continue; // a new directory shows through the new paths in it
                }
            } else if (h == null) {
                state = FileStatus.State.NEW;
            } else {
                boolean metaChanged = !pending.apply(f.rel(), h.meta()).equals(h.meta());
                state = !matches(f, h, index) ? FileStatus.State.MODIFIED
                    : metaChanged ? FileStatus.State.METADATA : FileStatus.State.UNCHANGED;
            }
            if (state != FileStatus.State.UNCHANGED || includeUnchanged) {
                out.add(new FileStatus(f.rel(), state, f.type(), size));
            }
        }
        for (Map.Entry<String, Node> e : head.entrySet()) {
            if (present.contains(e.getKey())) {
                continue;
            }
            Node n = e.getValue();
            if (n.type() == EntryType.DIRECTORY && parentsInHead.contains(e.getKey())) {
                continue; // a deleted directory shows through the deleted paths in it
            }
            out.add(new FileStatus(e.getKey(), FileStatus.State.DELETED, n.type(), n.size()));
        }
        return out;
    }

    /** Whether the working path has the same content, kind and executable bit as {@code h}. */
    static boolean matches(Scanner.Found f, Node h, StatIndex index) throws DamnitException {
        if (f.type() != h.type()) {
            return false;
        }
        if (f.type() == EntryType.SYMLINK) {
            return f.linkTarget().equals(h.target());
        }
        if (f.type() == EntryType.DIRECTORY) {
            return true; // its contents are compared path by path
        }
        boolean exec = f.executable();
        if (exec != h.executable() || f.attrs().size() != h.size()) {
            return false;
        }
        StatIndex.Stat s = index.get(f.rel());
        if (s != null && s.matches(f.attrs(), exec)) {
            return s.node().sha256().equals(h.sha256());
        }
        return sha256(f.path(), f.rel()).equals(h.sha256());
    }

    static ObjectId sha256(Path p, String rel) throws DamnitException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return Hasher.hash(in, HashAlgorithm.SHA256).sha256();
        } catch (IOException e) {
            throw new DamnitException(rel + ": cannot read: " + e.getMessage(), e);
        }
    }
}
