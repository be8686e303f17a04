package org.damnit.cli;

import java.io.PrintWriter;
import org.damnit.DamnitException;
import picocli.CommandLine;

/** Entry point of the {@code damnit} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(RawArgs.recover(args), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (see {@link ExitCodes}). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.out);
    }

    /** Like {@link #run(String[], PrintWriter, PrintWriter)}, with the stream {@code cat} writes its bytes to. */
    static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr, java.io.OutputStream binaryOut) {
        PrintWriter out = NameEscapingWriter.wrap(rawOut); // names shown escaped, whatever the locale
        PrintWriter err = NameEscapingWriter.wrap(rawErr);
        DamnitCommand top = new DamnitCommand();
        top.binaryOut = binaryOut;
        // what stores tell the user while a command runs, e.g. that a store runs in single-writer mode
        org.damnit.store.Stores.setNoticeHandler(m -> {
            err.println("warning: " + m);
            err.flush();
        });
        Subcommand quick = QuickArgs.parse(args, top);
        int code;
        try {
            code = quick != null ? runQuick(quick, top, out, err) : runPicocli(top, args, out, err);
        } catch (OutOfMemoryError e) {
            err.println("damnit: " + message(e));
            code = ExitCodes.FAILURE;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Runs a subcommand {@link QuickArgs} parsed, reporting a failure as picocli's handler below does. */
    private static int runQuick(Subcommand cmd, DamnitCommand top, PrintWriter out, PrintWriter err) {
        cmd.bind(top, out, err);
        try {
            return cmd.call();
        } catch (Exception ex) {
            return report(cmd, out, err, cmd.json, message(ex), ExitCodes.of(ex));
        }
    }

    private static int runPicocli(DamnitCommand top, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(top);
        for (Class<?> c : subcommandsFor(args)) {
            cl.addSubcommand(c);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            int code = ExitCodes.of(ex);
            boolean json = line.getCommand() instanceof Subcommand s ? s.json : jsonRequested(args);
            return report(line, json, message(ex), code, null);
        });
        cl.setParameterExceptionHandler((ex, a) -> report(ex.getCommandLine(), jsonRequested(a), ex.getMessage(),
            ExitCodes.of(ex), ex));
        return cl.execute(args);
    }

    /** The out-of-memory error among {@code ex} and its causes, or null. */
    private static OutOfMemoryError outOfMemory(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError o) {
                return o;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** What ran out and the setting that gives more of it. */
    static String outOfMemoryMessage(OutOfMemoryError e) {
        String what = String.valueOf(e.getMessage());
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        if (what.contains("Metaspace")) {
            return "out of memory (class metadata): raise it with JAVA_OPTS=-XX:MaxMetaspaceSize=512m";
        }
        if (what.contains("Direct buffer")) {
            return "out of memory (direct buffers): raise them with JAVA_OPTS=-XX:MaxDirectMemorySize=1g";
        }
        if (what.contains("native thread")) {
            return "out of memory: cannot start another thread (raise the process limit, ulimit -u)";
        }
        return "out of memory: the Java heap (" + heapMiB + " MiB) is too small for this; give it more with "
            + "JAVA_OPTS=-Xmx" + Math.max(256, Integer.highestOneBit((int) Math.max(1, heapMiB)) * 2) + "m";
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

    /**
     * Reports an error: with {@code --json}, as one JSON object on stdout (the stream a pipeline parses)
     * and nothing on stderr; otherwise as "damnit: MESSAGE" on stderr.
     */
    private static int report(CommandLine c, boolean json, String message, int code,
                              CommandLine.ParameterException usage) {
        report(c.getCommand(), c.getOut(), c.getErr(), json, message, code);
        if (!json && usage != null) {
            CommandLine.UnmatchedArgumentException.printSuggestions(usage, c.getErr()); // "Did you mean: ...?"
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
        }
        return code;
    }

    private static int report(Object command, PrintWriter out, PrintWriter err, boolean json, String message, int code) {
        if (command instanceof Subcommand s && s.bar != null) {
            s.bar.clear();
        }
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("error", message);
            m.put("exitCode", code);
            m.put("kind", ExitCodes.name(code));
            Json.print(out, m);
            return code;
        }
        err.println("damnit: " + message);
        err.flush();
        return code;
    }

    /** Whether {@code --json} is among the options (before any "--"). */
    static boolean jsonRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    static String message(Throwable ex) {
        OutOfMemoryError oom = outOfMemory(ex);
        if (oom != null) {
            return outOfMemoryMessage(oom);
        }
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
}
