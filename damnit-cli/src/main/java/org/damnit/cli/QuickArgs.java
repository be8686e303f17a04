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
        boolean ok = options(args, from, (a, v) -> {
            switch (a) {
                case "-q", "--quiet" -> c.quiet = true;
                case "--json" -> c.json = true;
                case "--allow-empty" -> c.allowEmpty = true;
                case "-m", "--message" -> c.message = v;
                case "--author" -> c.author = v;
                case "--meta" -> c.meta.add(v);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return ok && c.message != null ? c : null;
    }

    private static RestoreCmd restore(String[] args, int from) {
        RestoreCmd r = new RestoreCmd();
        boolean ok = options(args, from, (a, v) -> {
            switch (a) {
                case "-q", "--quiet" -> r.quiet = true;
                case "--json" -> r.json = true;
                case "-f", "--force" -> r.force = true;
                case "-r", "--rev" -> r.revision = v;
                case "--to" -> {
                    r.to = path(v);
                    if (r.to == null) {
                        return false;
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        return false;
                    }
                    r.paths.add(a);
                }
            }
            return true;
        });
        return ok ? r : null;
    }

    /** Takes one option (with its value, or null) or operand; false if it is not the command's. */
    private interface Option {
        boolean take(String arg, String value);
    }

    /**
     * Gives {@code args} from {@code from} on to {@code take}; false if one is not taken, lacks its
     * value, or (but for {@code --meta} and operands) repeats.
     */
    private static boolean options(String[] args, int from, Option take) {
        Set<String> seen = new HashSet<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String v = null;
            if (takesValue(a)) {
                v = i + 1 < args.length ? value(args[i + 1]) : null;
                if (v == null) {
                    return false;
                }
                i++;
            }
            boolean repeat = a.startsWith("-") && !a.equals("--meta") && !seen.add(canonical(a));
            if (repeat || !take.take(a, v)) {
                return false;
            }
        }
        return true;
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
