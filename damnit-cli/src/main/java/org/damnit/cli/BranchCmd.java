package org.damnit.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.ObjectId;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "branch", mixinStandardHelpOptions = true,
    description = {"Create, list or delete branches: lines of history that move forward with each commit.",
        "Without NAME, list them; '*' marks the current one. 'damnit switch NAME' moves the working tree to one."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit branch reanalysis          a new branch at HEAD", "  damnit branch hg38 v1.0            at a tag",
        "  damnit branch", "  damnit branch -d reanalysis", ExitCodes.FOOTER})
final class BranchCmd extends Subcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV", description = "Where it starts (default: HEAD).")
    String revision = "HEAD";

    @Option(names = {"-d", "--delete"}, description = "Delete the branch (not the current one).")
    boolean delete;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            String current = repo.currentBranch();
            if (name == null) {
                if (json) {
                    List<Map<String, Object>> rows = new java.util.ArrayList<>();
                    for (Map.Entry<String, ObjectId> b : repo.branches().entrySet()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", b.getKey());
                        m.put("commit", b.getValue().toHex());
                        m.put("current", b.getKey().equals(current));
                        rows.add(m);
                    }
                    Json.print(out(), rows);
                } else {
                    repo.branches().forEach((k, v) -> out().println((k.equals(current) ? "* " : "  ") + k + "\t"
                        + v.abbreviate(12)));
                }
            } else if (delete) {
                ObjectId was = repo.branches().get(name);
                if (!repo.deleteBranch(name) || was == null) {
                    throw new org.damnit.NotFoundException("no branch named '" + name + "'");
                }
                printResult(Map.of("deleted", name, "commit", was.toHex()),
                    "deleted branch " + name + " (was " + was.abbreviate(12) + ")");
            } else {
                ObjectId id = repo.createBranch(name, revision);
                printResult(Map.of("branch", name, "commit", id.toHex()), "branch " + name + " at " + id.abbreviate(12));
            }
        }
        return ExitCodes.OK;
    }

    private void printResult(Map<String, Object> m, String text) {
        if (json) {
            Json.print(out(), new java.util.TreeMap<>(m));
        } else {
            out().println(text);
        }
    }
}
