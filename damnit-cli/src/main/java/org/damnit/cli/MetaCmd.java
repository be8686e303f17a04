package org.damnit.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "meta", mixinStandardHelpOptions = true,
    description = {"User metadata (key=value) on files, kept in history.",
        "set and rm record pending changes that status shows and the next commit records."},
    subcommands = {MetaCmd.Set.class, MetaCmd.Remove.class, MetaCmd.Get.class},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit meta set reads/A_R1.fastq.gz sample=NA12878 run=42", "  damnit meta rm reads/A_R1.fastq.gz run",
        "  damnit meta get reads/A_R1.fastq.gz", "  damnit meta get --rev v1.0 reads/A_R1.fastq.gz", ExitCodes.FOOTER})
final class MetaCmd extends Subcommand {
    @Override
    public Integer call() {
        if (json) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "which one? set, rm or get");
        }
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set KEY=VALUE pairs on PATH (pending until commit).")
    static final class Set extends Subcommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
        List<String> pairs;

        @Override
        public Integer call() throws Exception {
            Map<String, String> m = Subcommand.pairs(pairs, "meta set");
            try (Repository repo = root().open()) {
                String p = projectPath(repo, path);
                repo.setMetadata(p, m);
                printPending(this, repo, p);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove KEYs from PATH (pending until commit).")
    static final class Remove extends Subcommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY")
        List<String> keys;

        @Override
        public Integer call() throws Exception {
            Map<String, String> m = new LinkedHashMap<>();
            keys.forEach(k -> m.put(k, null));
            try (Repository repo = root().open()) {
                String p = projectPath(repo, path);
                repo.setMetadata(p, m);
                printPending(this, repo, p);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print PATH's metadata as key=value lines (default: HEAD with pending changes).")
    static final class Get extends Subcommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Option(names = {"-r", "--rev"}, paramLabel = "REV", description = "A committed revision instead.")
        String revision;

        @Override
        public Integer call() throws Exception {
            try (Repository repo = root().open()) {
                Map<String, String> m = repo.metadata(revision, projectPath(repo, path));
                if (json) {
                    Json.print(out(), m);
                } else {
                    m.forEach((k, v) -> out().println(k + "=" + v));
                }
            }
            return ExitCodes.OK;
        }
    }

    /** With --json, the path's metadata as the next commit will record it. */
    static void printPending(Subcommand cmd, Repository repo, String path) throws org.damnit.DamnitException {
        if (cmd.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", path);
            out.put("pending", true);
            out.put("metadata", repo.metadata(null, path));
            Json.print(cmd.out(), out);
        }
    }
}
