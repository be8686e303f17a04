package org.damnit.cli;

import java.util.ArrayList;
import java.util.List;
import org.damnit.Commit;
import org.damnit.Repository;
import org.damnit.RevertCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revert", mixinStandardHelpOptions = true,
    description = {"Make a new commit that puts PATHs (or the whole tree) back to how they were at REV.",
        "History is never rewritten. The working tree must have no uncommitted changes."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit revert HEAD~1 calls/cohort.vcf.gz", "  damnit revert v1.0            # the whole tree",
        "  damnit revert v1.0 results/ -m \"back to the published results\"", ExitCodes.FOOTER})
final class RevertCmd extends Subcommand {
    @Parameters(index = "0", paramLabel = "REV")
    String revision;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message (default: says what was reverted).")
    String message;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            RevertCommand revert = repo.revert().setRevision(revision).setMessage(message);
            List<String> rel = new ArrayList<>();
            for (String p : paths) {
                String r = projectPath(repo, p);
                rel.add(r);
                revert.addPath(r);
            }
            Commit c = revert.call();
            if (json) {
                java.util.Map<String, Object> m = Json.commit(c);
                m.put("branch", repo.currentBranch());
                m.put("revertedTo", repo.resolve(revision).toHex());
                m.put("paths", rel);
                Json.print(out(), m);
            } else {
                out().println("[" + repo.currentBranch() + " " + c.id().abbreviate(12) + "] " + c.shortMessage());
            }
        }
        return ExitCodes.OK;
    }
}
