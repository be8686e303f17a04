package org.damnit.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.damnit.Commit;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", mixinStandardHelpOptions = true, description = "List commits, newest first.",
    footerHeading = "%nExamples:%n",
    footer = {"  damnit log", "  damnit log -n 5 --oneline", "  damnit log HEAD~3 --json", ExitCodes.FOOTER})
final class LogCmd extends Subcommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");

    @Parameters(index = "0", arity = "0..1", paramLabel = "REV", description = "Start here (default: HEAD).")
    String revision = "HEAD";

    @Option(names = {"-n", "--max-count"}, paramLabel = "N", description = "Show at most N commits.")
    int max = Integer.MAX_VALUE;

    @Option(names = "--oneline", description = "One line per commit.")
    boolean oneline;

    @Option(names = "--name-status", description = "List the paths each commit changed (indexes under their data"
        + " files) and warn where a data file changed without its index, or the other way round.")
    boolean nameStatus;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Repository repo = root().open()) {
            List<Commit> commits = repo.log().setRevision(revision).setMaxCount(Math.max(0, max)).call();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Commit c : commits) {
                    Map<String, Object> row = Json.commit(c);
                    if (nameStatus) {
                        List<org.damnit.DiffEntry> diff = changes(repo, c);
                        List<Map<String, Object>> changes = new ArrayList<>();
                        for (org.damnit.DiffEntry e : diff) {
                            Map<String, Object> m = new java.util.LinkedHashMap<>();
                            m.put("path", e.path());
                            m.put("change", e.change().name().toLowerCase(java.util.Locale.ROOT));
                            m.put("contentChanged", e.change().content());
                            m.put("from", e.oldPath());
                            changes.add(m);
                        }
                        row.put("changes", changes);
                        row.put("warnings", companionWarnings(repo, c, diff));
                    }
                    rows.add(row);
                }
                Json.print(out, rows);
                return ExitCodes.OK;
            }
            if (commits.isEmpty()) {
                out.println("no commits yet");
            }
            for (Commit c : commits) {
                if (oneline) {
                    out.println(c.id().abbreviate(12) + " " + c.shortMessage());
                    continue;
                }
                out.println("commit " + c.id());
                out.println("Author: " + c.author());
                out.println("Date:   " + TIME.format(c.time().atZone(ZoneId.systemDefault())));
                c.metadata().forEach((k, v) -> out.println("Meta:   " + k + "=" + v));
                out.println();
                for (String line : c.message().split("\n", -1)) {
                    out.println("    " + line);
                }
                out.println();
                if (nameStatus) {
                    List<org.damnit.DiffEntry> changes = changes(repo, c);
                    Map<String, org.damnit.DiffEntry> byPath = new java.util.LinkedHashMap<>();
                    changes.forEach(e -> byPath.put(e.path(), e));
                    for (String path : org.damnit.Companions.grouped(new ArrayList<>(byPath.keySet()))) {
                        org.damnit.DiffEntry e = byPath.get(path);
                        boolean metaOnly = !e.change().content();
                        out.println("    " + (metaOnly ? 'm' : Character.toUpperCase(e.change().name().charAt(0))) + "  "
                            + (e.oldPath() != null ? e.oldPath() + " -> " : "") + withCompanion(path, byPath.keySet())
                            + (metaOnly ? "  (metadata only)" : ""));
                    }
                    for (String w : companionWarnings(repo, c, changes)) {
                        out.println("    warning: " + w);
                    }
                    out.println();
                }
            }
        }
        return ExitCodes.OK;
    }

    private static List<org.damnit.DiffEntry> changes(Repository repo, Commit c) throws org.damnit.DamnitException {
        return repo.diff().setCommit(c.id().toHex()).call();
    }

    private static List<String> companionWarnings(Repository repo, Commit c, List<org.damnit.DiffEntry> changes)
        throws org.damnit.DamnitException {
        List<String> changed = changes.stream().filter(e -> e.change().content()).map(org.damnit.DiffEntry::path)
            .toList();
        List<String> existing = new ArrayList<>(changed);
        repo.listTree(c.id().toHex()).forEach(e -> existing.add(e.path()));
        return org.damnit.Companions.stale(changed, existing).stream().map(Subcommand::staleWarning).toList();
    }
}
