package org.damnit.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a repository (.damnit/) in DIR or the current directory.",
    footerHeading = "%nExamples:%n",
    footer = {"  damnit init", "  damnit init /data/project-42", "  damnit init --store file:/mnt/archive/p42-store",
        ExitCodes.FOOTER})
final class InitCmd extends Subcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Project directory (created if absent).")
    Path dir;

    @Option(names = "--store", paramLabel = "URI", description = "Object store URI (default: .damnit/store on local disk).")
    URI store;

    @Override
    public Integer call() throws Exception {
        Path target = dir == null ? root().workDir() : root().workDir().resolve(dir);
        try (Repository repo = Repository.builder(target).setStore(store).init()) {
            if (json) {
                Json.print(out(), new java.util.TreeMap<>(Map.of("workTree", repo.workTree().toString(),
                    "branch", repo.currentBranch())));
            } else {
                out().println("Initialised an empty DAMNIT repository in "
                    + repo.workTree().resolve(".damnit"));
            }
        }
        return ExitCodes.OK;
    }
}
