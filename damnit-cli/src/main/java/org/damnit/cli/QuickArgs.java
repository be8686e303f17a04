package org.damnit.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The plain forms of the two commands a pipeline runs most, {@code commit} and {@code restore}, parsed
 * without picocli. Picocli's classes are Java 5 class files, which JDK 17's class-data sharing does not
 * archive, so loading, verifying and running them to build its model costs a command about a quarter
 * of a CPU second: more than a commit with nothing to do spends on its work.
 *
 * <p>Only what is unambiguous is taken: {@code -C DIR} first, then each option at most once (repeatable
 * ones aside) in a spelling {@link CommitCmd} or {@link RestoreCmd} declares, its value as the next
 * argument and not starting with '-'. Anything else (help, {@code --opt=value}, clustered flags,
 * argument files, a missing or repeated option, every error) returns null and goes to picocli, so the
 * result of any command line is the one picocli gives; {@code QuickArgsTest} checks that both agree.
 */
final class QuickArgs {
    private QuickArgs() {
    }

    /** The subcommand {@code args} run, with its options set and {@code top}'s {@code -C}, or null for picocli. */
    static Subcommand parse(String[] args, DamnitCommand top) {
        for (String a : args) {
            if (a.startsWith("@")) {
                return null; // an argument file
            }
        }
        int i = 0;
        if (args.length > 0 && args[0].equals("-C")) {
            Path dir = args.length > 1 && value(args[1]) != null ? path(args[1]) : null;
            if (dir == null) {
                return null;
            }
            top.directory = dir;
            i = 2;
        }
        if (i >= args.length) {
            return null;
        }
        return switch (args[i]) {
            case "commit" -> commit(args, i + 1);
            case "restore" -> restore(args, i + 1);
            default -> null;
        };
    }

    private static CommitCmd commit(String[] args, int from) {
        CommitCmd c = new CommitCmd();
        Set<String> seen = new HashSet<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? value(args[i + 1]) : null;
            switch (a) {
                case "-q", "--quiet" -> c.quiet = true;
                case "--json" -> c.json = true;
                case "--allow-empty" -> c.allowEmpty = true;
                case "-m", "--message" -> c.message = v;
                case "--author" -> c.author = v;
                case "--meta" -> {
                    if (v == null) {
                        return null;
                    }
                    c.meta.add(v);
                }
                default -> {
                    return null;
                }
            }
            if (takesValue(a)) {
                if (v == null) {
                    return null;
                }
                i++;
            }
            if (!a.equals("--meta") && !seen.add(canonical(a))) {
                return null;
            }
        }
        return c.message == null ? null : c;
    }

    private static RestoreCmd restore(String[] args, int from) {
        RestoreCmd r = new RestoreCmd();
        Set<String> seen = new HashSet<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? value(args[i + 1]) : null;
            if (!a.startsWith("-")) {
                r.paths.add(a);
                continue;
            }
            switch (a) {
                case "-q", "--quiet" -> r.quiet = true;
                case "--json" -> r.json = true;
                case "-f", "--force" -> r.force = true;
                case "-r", "--rev" -> r.revision = v;
                case "--to" -> {
                    r.to = v == null ? null : path(v);
                    if (r.to == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            if (takesValue(a)) {
                if (v == null) {
                    return null;
                }
                i++;
            }
            if (!seen.add(canonical(a))) {
                return null;
            }
        }
        return r;
    }

    private static boolean takesValue(String option) {
        return switch (option) {
            case "-m", "--message", "--author", "--meta", "-r", "--rev", "--to" -> true;
            default -> false;
        };
    }

    /** One name for an option's two spellings, so that {@code -q --quiet} counts as a repeat. */
    private static String canonical(String option) {
        return switch (option) {
            case "-q" -> "--quiet";
            case "-m" -> "--message";
            case "-f" -> "--force";
            case "-r" -> "--rev";
            default -> option;
        };
    }

    /** An option's value, or null where picocli might read it otherwise (it looks like an option). */
    private static String value(String arg) {
        return arg.startsWith("-") ? null : arg;
    }

    private static Path path(String arg) {
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
