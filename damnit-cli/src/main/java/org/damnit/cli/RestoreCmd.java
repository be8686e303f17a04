package org.damnit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.Repository;
import org.damnit.RestoreCommand;
import org.damnit.RestoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true, description = {"Write files of a revision back, byte-identical.",
    "Into the working tree (refusing to overwrite uncommitted changes unless --force), or into another"
        + " directory with --to (created if absent, otherwise it must be empty). HEAD does not move."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit restore --rev HEAD~1 aln/A.bam", "  damnit restore --rev v1.0 --to /tmp/v1",
        "  damnit restore --force            # discard uncommitted changes", ExitCodes.FOOTER})
final class RestoreCmd extends Subcommand.LongRunning {

    @Option(names = {"-r", "--rev"}, paramLabel = "REV", description = "Revision (default: HEAD).")
    String revision = "HEAD";

    @Option(names = "--to", paramLabel = "DIR", description = "Write into DIR instead of the working tree.")
    Path to;

    @Option(names = {"-f", "--force"}, description = "Overwrite uncommitted changes in the working tree.")
    boolean force;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories to restore (default: all).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Repository repo = root().open()) {
            RestoreCommand r = repo.restore().setRevision(revision).setForce(force)
                .setProgressListener(progress());
            if (to != null) {
                r.setTarget(root().workDir().resolve(to));
            }
            for (String p : paths) {
                r.addPath(projectPath(repo, p));
            }
            RestoreResult res = r.call();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("commit", res.commit().toHex());
                m.put("files", res.filesWritten());
                m.put("bytes", res.bytesWritten());
                m.put("links", res.links());
                m.put("directories", res.directories());
                m.put("removed", res.removed());
                Json.print(out, m);
            } else if (!quiet) {
                out.printf("Restored %d file(s) (%s), %d link(s), %d director(ies) from %s%s%n", res.filesWritten(),
                    ProgressBar.human(res.bytesWritten()), res.links(), res.directories(), res.commit().abbreviate(12),
                    res.removed() > 0 ? "; removed " + res.removed() + " path(s) not in that revision" : "");
            }
        }
        return ExitCodes.OK;
    }
}
