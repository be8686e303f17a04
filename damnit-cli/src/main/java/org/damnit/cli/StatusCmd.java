package org.damnit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.EntryType;
import org.damnit.FileStatus;
import org.damnit.Repository;
import org.damnit.ScanOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show what is new, modified or deleted since the last commit.",
    footerHeading = "%nExamples:%n",
    footer = {"  damnit status", "  damnit status --all --json", ExitCodes.FOOTER})
final class StatusCmd extends Subcommand {

    @Option(names = "--all", description = "Also list unchanged paths.")
    boolean all;

    @Option(names = "--scan", paramLabel = "ORDER", description = "Scan order: ${COMPLETION-CANDIDATES} (default: DEPTH_FIRST).")
    ScanOrder scan = ScanOrder.DEPTH_FIRST;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Repository repo = root().open()) {
            List<FileStatus> st = repo.status().setIncludeUnchanged(true).setScanOrder(scan).call();
            List<String> changed = st.stream().filter(s -> s.state().content()).map(FileStatus::path).toList();
            for (org.damnit.Companions.Stale s : org.damnit.Companions.stale(changed,
                st.stream().map(FileStatus::path).toList())) {
                err().println("warning: " + staleWarning(s));
            }
            if (!all) {
                st = st.stream().filter(s -> s.state() != FileStatus.State.UNCHANGED).toList();
            }
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (FileStatus s : st) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", s.path());
                    m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("contentChanged", s.state().content());
                    m.put("type", s.type().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("size", s.size());
                    rows.add(m);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("branch", repo.currentBranch());
                m.put("head", repo.head().map(Object::toString).orElse(null));
                m.put("changes", rows);
                Json.print(out, m);
                return ExitCodes.OK;
            }
            out.println("On branch " + repo.currentBranch()
                + (repo.head().isEmpty() ? " (no commits yet)" : ""));
            if (st.stream().allMatch(s -> s.state() == FileStatus.State.UNCHANGED)) {
                out.println("nothing to commit, working tree clean");
            }
            Map<String, FileStatus> byPath = new LinkedHashMap<>();
            st.forEach(s -> byPath.put(s.path(), s));
            for (String path : org.damnit.Companions.grouped(new ArrayList<>(byPath.keySet()))) {
                FileStatus s = byPath.get(path);
                String label = switch (s.state()) {
                    case NEW -> "new:      ";
                    case MODIFIED -> "modified: ";
                    case METADATA -> "metadata: ";
                    case DELETED -> "deleted:  ";
                    case UNCHANGED -> "unchanged:";
                };
                String suffix = s.type() == EntryType.DIRECTORY ? "/" : s.type() == EntryType.SYMLINK ? " (link)"
                    : s.state() == FileStatus.State.METADATA ? "  (metadata only; the bytes are unchanged)" : "";
                out.println("  " + label + " " + Subcommand.withCompanion(s.path(), byPath.keySet()) + suffix);
            }
        }
        return ExitCodes.OK;
    }
}
