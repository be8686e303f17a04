package org.damnit.cli;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remote", mixinStandardHelpOptions = true,
    description = "Manage remotes: other stores (file:, s3:, ...) to push to and pull from.",
    subcommands = {RemoteCmd.Add.class, RemoteCmd.ListRemotes.class, RemoteCmd.Remove.class},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit remote add origin s3://lab-bucket/p42", "  damnit remote add backup file:/mnt/archive/p42",
        "  damnit remote list", "  damnit remote remove backup", ExitCodes.FOOTER})
final class RemoteCmd extends Subcommand {
    @Override
    public Integer call() {
        if (json) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "which one? add, list or remove");
        }
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** Base of the remote subcommands: they open the repository through the top-level command. */
    abstract static class Sub extends Subcommand {
        @picocli.CommandLine.ParentCommand
        RemoteCmd remoteCmd;

        Repository open() throws org.damnit.DamnitException {
            return remoteCmd.root().open();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a remote (its store is opened, and created if new).")
    static final class Add extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "URI")
        URI uri;

        @Override
        public Integer call() throws Exception {
            try (Repository repo = open()) {
                repo.addRemote(name, uri);
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("added", name);
                    m.put("uri", uri.toString());
                    Json.print(out(), m);
                } else {
                    out().println("added remote " + name + " " + uri);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the remotes.")
    static final class ListRemotes extends Sub {
        @Override
        public Integer call() throws Exception {
            try (Repository repo = open()) {
                Map<String, String> m = new LinkedHashMap<>();
                repo.remotes().forEach((k, v) -> m.put(k, v.toString()));
                if (json) {
                    Json.print(out(), m);
                } else {
                    m.forEach((k, v) -> out().println(k + "\t" + v));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Forget a remote (its store is not touched).")
    static final class Remove extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (Repository repo = open()) {
                URI was = repo.remotes().get(name);
                if (was == null || !repo.removeRemote(name)) {
                    throw new org.damnit.NotFoundException("no remote named '" + name + "'");
                }
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("removed", name);
                    m.put("uri", was.toString());
                    Json.print(out(), m);
                } else {
                    out().println("removed remote " + name + " (" + was + "; its store is not touched)");
                }
            }
            return ExitCodes.OK;
        }
    }
}
