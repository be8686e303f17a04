package org.damnit.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.TransferCommand;
import org.damnit.TransferResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** push, fetch, pull and clone. */
final class TransferCmds {
    private TransferCmds() {
    }

    abstract static class Base extends Subcommand.LongRunning {
        @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "Remote name (default: origin).")
        String remote = "origin";

        @Option(names = {"-b", "--branch"}, paramLabel = "BRANCH", description = "Branch (default: the current one).")
        String branch;

        abstract TransferCommand command(Repository repo);

        abstract String verb();

        @Override
        public Integer call() throws Exception {
            try (Repository repo = root().open()) {
                TransferCommand c = command(repo).setRemote(remote).setProgressListener(progress());
                if (branch != null) {
                    c.setBranch(branch);
                }
                print(c.call());
            }
            return ExitCodes.OK;
        }

        void print(TransferResult r) {
            if (r.forcedUpdate()) {
                // as git says "(forced update)": the remote branch moved sideways, not forward
                err().println("warning: forced update of " + r.remote() + "/" + r.branch() + ": "
                    + r.oldCommit().map(c -> c.abbreviate(12)).orElse("?") + "..."
                    + r.newCommit().map(c -> c.abbreviate(12)).orElse("?") + "; the remote branch no longer contains "
                    + r.oldCommit().map(c -> c.abbreviate(12)).orElse("?") + ", which was fetched from it before "
                    + "(its history was rewritten, or a commit was lost there)");
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("remote", r.remote());
                m.put("branch", r.branch());
                m.put("objects", r.objects());
                m.put("bytes", r.bytes());
                m.put("skipped", r.skipped());
                m.put("old", r.oldCommit().map(Object::toString).orElse(null));
                m.put("new", r.newCommit().map(Object::toString).orElse(null));
                m.put("forcedUpdate", r.forcedUpdate());
                Json.print(out(), m);
            } else if (!quiet) {
                out().printf("%s %s/%s: %d object(s), %s sent over, %d already there; %s -> %s%n", verb(), r.remote(),
                    r.branch(), r.objects(), ProgressBar.human(r.bytes()), r.skipped(),
                    r.oldCommit().map(c -> c.abbreviate(12)).orElse("(none)"),
                    r.newCommit().map(c -> c.abbreviate(12)).orElse("(none)"));
                if (r.forcedUpdate()) {
                    out().printf("+ %s...%s %s -> %s/%s (forced update)%n", r.oldCommit().map(c -> c.abbreviate(12))
                        .orElse("?"), r.newCommit().map(c -> c.abbreviate(12)).orElse("?"), r.branch(), r.remote(),
                        r.branch());
                }
            }
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
        description = "Send the branch's missing objects to a remote and move its branch forward.",
        footerHeading = "%nExamples:%n", footer = {"  damnit push", "  damnit push backup --json", ExitCodes.FOOTER})
    static final class Push extends Base {
        @Override
        TransferCommand command(Repository repo) {
            return repo.push();
        }

        @Override
        String verb() {
            return "pushed";
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Copy a remote branch's missing objects here (as REMOTE/BRANCH); the working tree is untouched.",
        footerHeading = "%nExamples:%n", footer = {"  damnit fetch", "  damnit log origin/main", ExitCodes.FOOTER})
    static final class Fetch extends Base {
        @Override
        TransferCommand command(Repository repo) {
            return repo.fetch();
        }

        @Override
        String verb() {
            return "fetched";
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Fetch, move the branch forward to the remote one and update the working tree (fast-forward only).",
        footerHeading = "%nExamples:%n", footer = {"  damnit pull", ExitCodes.FOOTER})
    static final class Pull extends Base {
        @Override
        TransferCommand command(Repository repo) {
            return repo.pull();
        }

        @Override
        String verb() {
            return "pulled";
        }
    }

    @Command(name = "clone", mixinStandardHelpOptions = true,
        description = "Create a repository in DIR from a store URI and write its working tree.",
        footerHeading = "%nExamples:%n",
        footer = {"  damnit clone s3://lab-bucket/p42 p42", "  damnit clone file:/mnt/archive/p42 /tmp/p42", ExitCodes.FOOTER})
    static final class Clone extends Subcommand.LongRunning {
        @Parameters(index = "0", paramLabel = "URI")
        URI source;
        @Parameters(index = "1", paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path target = root().workDir().resolve(dir);
            try (Repository repo = Repository.builder(target).setProgressListener(progress()).cloneFrom(source)) {
                String head = repo.head().map(ObjectId::toHex).orElse(null);
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("workTree", repo.workTree().toString());
                    m.put("branch", repo.currentBranch());
                    m.put("head", head);
                    Json.print(out(), m);
                } else if (!quiet) {
                    out().println("cloned " + source + " into " + repo.workTree() + " at " + head);
                }
            }
            return ExitCodes.OK;
        }
    }
}
