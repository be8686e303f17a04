package org.damnit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.DiffCommand;
import org.damnit.DiffEntry;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show what changed between two revisions, or between a revision and the working tree.",
        "Renames and copies are found by content; with two revisions, the bytes each change stored are shown."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit diff                      # HEAD against the working tree", "  damnit diff HEAD~1 HEAD --stat",
        "  damnit diff v1.0 v2.0 --json", ExitCodes.FOOTER})
final class DiffCmd extends Subcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "OLD", description = "Old revision (default: HEAD).")
    String oldRev = "HEAD";

    @Parameters(index = "1", arity = "0..1", paramLabel = "NEW", description = "New revision (default: the working tree).")
    String newRev;

    @Option(names = "--stat", description = "Add sizes and stored bytes, and a summary line.")
    boolean stat;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            DiffCommand d = repo.diff().setOld(oldRev);
            if (newRev != null) {
                d.setNew(newRev);
            }
            List<DiffEntry> entries = d.call();
            List<String> changed = entries.stream().filter(e -> e.change().content()).map(DiffEntry::path).toList();
            List<String> existing = new ArrayList<>(changed);
            repo.listTree(oldRev).forEach(e -> existing.add(e.path()));
            for (org.damnit.Companions.Stale s : org.damnit.Companions.stale(changed, existing)) {
                err().println("warning: " + staleWarning(s));
            }
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (DiffEntry e : entries) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", e.path());
                    m.put("change", e.change().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("contentChanged", e.change().content());
                    m.put("from", e.oldPath());
                    m.put("oldSize", e.oldSize());
                    m.put("newSize", e.newSize());
                    m.put("storedBytes", e.storedBytes() < 0 ? null : e.storedBytes());
                    rows.add(m);
                }
                Json.print(out(), rows);
                return ExitCodes.OK;
            }
            long stored = 0;
            Map<String, DiffEntry> byPath = new LinkedHashMap<>();
            entries.forEach(e -> byPath.put(e.path(), e));
            for (String path : org.damnit.Companions.grouped(new ArrayList<>(byPath.keySet()))) {
                DiffEntry e = byPath.get(path);
                String what = switch (e.change()) {
                    case ADDED -> "added    ";
                    case DELETED -> "deleted  ";
                    case MODIFIED -> "modified ";
                    case RENAMED -> "renamed  ";
                    case COPIED -> "copied   ";
                    case METADATA -> "metadata ";
                };
                String line = what + " " + (e.oldPath() != null ? e.oldPath() + " -> " : "")
                    + withCompanion(e.path(), byPath.keySet());
                if (e.change() == DiffEntry.Change.METADATA) {
                    line += stat ? "  (" + ProgressBar.human(e.newSize()) + ", metadata only: bytes unchanged"
                        + (e.storedBytes() >= 0 ? ", stored 0 B" : "") + ")" : "  (metadata only)";
                } else if (stat) {
                    line += "  (" + ProgressBar.human(e.oldSize()) + " -> " + ProgressBar.human(e.newSize())
                        + (e.storedBytes() >= 0 ? ", stored " + ProgressBar.human(e.storedBytes()) : "") + ")";
                    stored += Math.max(0, e.storedBytes());
                }
                out().println(line);
            }
            if (stat) {
                out().println(entries.size() + " path(s) changed" + (newRev != null ? ", " + ProgressBar.human(stored)
                    + " stored by the new revision" : ""));
            }
        }
        return ExitCodes.OK;
    }
}
