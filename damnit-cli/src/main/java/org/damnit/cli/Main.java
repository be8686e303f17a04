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
        CommandLine cl = new CommandLine(new DamnitCommand());
        for (Class<?> c : subcommandsFor(args)) {
            cl.addSubcommand(c);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
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
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr()); // "Did you mean: damnit commit ...?"
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The subcommand classes to build: only the one {@code args} invoke when that is clear, otherwise
     * all (for help, completion and the suggestions of a misspelt name). Building picocli's model of
     * every subcommand costs more than starting the JVM.
     */
    static java.util.List<Class<?>> subcommandsFor(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-C")) {
                i++; // its value
            } else if (a.equals("--")) {
                break;
            } else if (!a.startsWith("-")) {
                if (a.equals("help") || a.equals("generate-completion")) {
                    break; // they describe every subcommand
                }
                for (Class<?> c : DamnitCommand.SUBCOMMANDS) {
                    if (c.getAnnotation(CommandLine.Command.class).name().equals(a)) {
                        return java.util.List.of(c);
                    }
                }
                break;
            } else if (!a.startsWith("-C")) {
                break; // --help, --version, or an unknown option: let picocli see everything
            }
        }
        return DamnitCommand.SUBCOMMANDS;
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
