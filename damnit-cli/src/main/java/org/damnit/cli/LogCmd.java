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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Repository repo = root().open()) {
            List<Commit> commits = repo.log().setRevision(revision).setMaxCount(Math.max(0, max)).call();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                commits.forEach(c -> rows.add(Json.commit(c)));
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
            }
        }
        return ExitCodes.OK;
    }
}
