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
final class StatusOp {
    private final RepoContext ctx;
    private final StatusCommand.Request req;

    StatusOp(RepoContext ctx, StatusCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    List<FileStatus> execute() throws DamnitException {
        Map<String, Node> head = ctx.trees().headEntries();
        StatIndex index = StatIndex.load(ctx.paths().statCache());
        List<Scanner.Found> found = WorkTree.scan(ctx.paths().workTree(), req.scanOrder());
        Set<String> present = new HashSet<>();
        Set<String> parentsInTree = new HashSet<>();
        for (Scanner.Found f : found) {
            present.add(f.rel());
            parentsInTree.add(Names.parentOf(f.rel()));
        }
        Set<String> parentsInHead = new HashSet<>();
        head.keySet().forEach(p -> parentsInHead.add(Names.parentOf(p)));

        PendingMeta pending = PendingMeta.load(ctx.paths().pendingMeta());
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
                state = !WorkTree.matches(f, h, index) ? FileStatus.State.MODIFIED
                    : metaChanged ? FileStatus.State.METADATA : FileStatus.State.UNCHANGED;
            }
            if (state != FileStatus.State.UNCHANGED || req.includeUnchanged()) {
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
}
