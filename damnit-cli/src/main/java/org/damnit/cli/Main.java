package org.damnit.cli;

import java.io.PrintWriter;
import org.damnit.BadPathException;
import org.damnit.ConcurrentUpdateException;
import org.damnit.ConfigException;
import org.damnit.DamnitException;
import org.damnit.NotARepositoryException;
import org.damnit.RepositoryExistsException;
import org.damnit.RevisionNotFoundException;
import org.damnit.UncommittedChangesException;
import picocli.CommandLine;

/** Entry point of the {@code damnit} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (see {@link ExitCodes}). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DamnitCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("damnit: " + message(ex));
            line.getErr().flush();
            return exitCode(ex);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("damnit: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String message(Throwable ex) {
        if (ex instanceof DamnitException) {
            return ex.getMessage();
        }
        if (ex instanceof java.io.UncheckedIOException u) {
            return u.getCause().getMessage();
        }
        String m = ex.getMessage();
        if (ex instanceof IllegalArgumentException && m != null) {
            return m;
        }
        return (m == null ? ex.getClass().getSimpleName() : m) + " (" + ex.getClass().getSimpleName() + ")";
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof RevisionNotFoundException || ex instanceof BadPathException
            || ex instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof UncommittedChangesException || ex instanceof ConcurrentUpdateException) {
            return ExitCodes.CONFLICT;
        }
        if (ex instanceof NotARepositoryException || ex instanceof ConfigException
            || ex instanceof RepositoryExistsException) {
            return ExitCodes.NOT_A_REPOSITORY;
        }
        return ExitCodes.FAILURE;
    }
}
