package org.damnit.cli;

import java.util.Map;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "switch", mixinStandardHelpOptions = true,
    description = {"Make BRANCH the current branch and write its files into the working tree.",
        "Needs a clean working tree; tracked files the branch does not have are removed, untracked ones stay."},
    footerHeading = "%nExamples:%n", footer = {"  damnit switch reanalysis", "  damnit switch main", ExitCodes.FOOTER})
final class SwitchCmd extends Subcommand {
    @Parameters(index = "0", paramLabel = "BRANCH")
    String branch;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            repo.switchBranch(branch);
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("branch", branch);
                m.put("commit", repo.head().map(Object::toString).orElse(null));
                Json.print(out(), m);
            } else {
                out().println("on branch " + branch + repo.head().map(h -> " at " + h.abbreviate(12)).orElse(""));
            }
        }
        return ExitCodes.OK;
    }
}
