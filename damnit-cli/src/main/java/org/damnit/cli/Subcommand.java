package org.damnit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every {@code damnit} subcommand shares: the global options, the output streams, {@code --json}. */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** Where {@link QuickArgs} parsed the command line, the top-level command and the streams (no {@link #spec}). */
    private DamnitCommand quickRoot;
    private PrintWriter quickOut;
    private PrintWriter quickErr;

    void bind(DamnitCommand root, PrintWriter out, PrintWriter err) {
        quickRoot = root;
        quickOut = out;
        quickErr = err;
    }

    /** The top-level command, which holds the global options ({@code -C DIR}). */
    DamnitCommand root() {
        return spec == null ? quickRoot : (DamnitCommand) spec.root().userObject();
    }

    /** A path given on the command line (relative to where damnit runs) as a '/'-separated path in the project. */
    /** How the command line says that a data file and its index changed without each other. */
    static String staleWarning(org.damnit.Companions.Stale s) {
        return s.changed() + " changed but its companion " + s.companion() + " did not; is the index stale?";
    }

    String projectPath(org.damnit.Repository repo, String arg) throws org.damnit.BadPathException {
        java.nio.file.Path p;
        try {
            p = java.nio.file.Path.of(arg);
        } catch (java.nio.file.InvalidPathException unencodable) {
            return projectPathOfBytes(repo, arg); // a name the locale cannot encode: worked out as text
        }
        java.nio.file.Path abs = root().workDir().resolve(p).normalize();
        if (!abs.startsWith(repo.workTree())) {
            throw new org.damnit.BadPathException(arg + " is outside the project tree " + repo.workTree());
        }
        String rel = repo.workTree().relativize(abs).toString();
        return java.io.File.separatorChar == '\\' ? rel.replace('\\', '/') : rel;
    }

    private String projectPathOfBytes(org.damnit.Repository repo, String arg) throws org.damnit.BadPathException {
        String full = arg.startsWith("/") ? arg : root().workDir().toAbsolutePath() + "/" + arg;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String seg : full.split("/")) {
            if (seg.equals("..")) {
                parts.pollLast();
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                parts.addLast(seg);
            }
        }
        String abs = "/" + String.join("/", parts);
        String top = repo.workTree().toAbsolutePath().normalize().toString();
        if (!abs.startsWith(top.endsWith("/") ? top : top + "/")) {
            throw new org.damnit.BadPathException(org.damnit.PathRules.display(arg) + " is outside the project tree " + top);
        }
        return abs.substring(top.length() + (top.endsWith("/") ? 0 : 1));
    }

    /** KEY=VALUE arguments as an ordered map; anything else is a usage error. */
    static java.util.Map<String, String> pairs(java.util.List<String> args, String what) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String kv : args) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(what + " needs KEY=VALUE, got '" + kv + "'");
            }
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    PrintWriter out() {
        return spec == null ? quickOut : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec == null ? quickErr : spec.commandLine().getErr();
    }

    /** The progress bar of this command, once {@link #progress()} made one. */
    ProgressBar bar;

    /** A progress bar on stderr for long work, unless the output is JSON or quiet, or stderr is not a terminal. */
    ProgressBar progress() {
        bar = new ProgressBar(err(), !json && !quiet() && ProgressBar.wanted());
        return bar;
    }

    /** Whether {@code -q} asked for no progress and no summary. */
    boolean quiet() {
        return false;
    }

    /** A command that may run long: {@code -q} silences its progress bar and its summary (not errors or warnings). */
    abstract static class LongRunning extends Subcommand {
        @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary; errors and warnings still"
            + " go to stderr (and --json output to stdout).")
        boolean quiet;

        @Override
        boolean quiet() {
            return quiet;
        }
    }

    /** A path for a listing: an index file listed with its data file is indented under it and says so. */
    static String withCompanion(String path, java.util.Collection<String> listed) {
        String data = org.damnit.Companions.dataFileOf(path, listed);
        return data == null ? path : "  " + path + "  (index of " + data.substring(data.lastIndexOf('/') + 1) + ")";
    }
}
