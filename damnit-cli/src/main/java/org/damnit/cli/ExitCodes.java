package org.damnit.cli;

import org.damnit.BadArgumentException;
import org.damnit.ConfigException;
import org.damnit.NotARepositoryException;
import org.damnit.NotFoundException;
import org.damnit.RefusedException;

/**
 * The one exit-code rule of every {@code damnit} command, documented in each command's help. Commands
 * report a problem by throwing (or returning the code {@link #of} gives), never by picking a number.
 */
final class ExitCodes {
    /** Success, also when there was nothing to do ("nothing to commit"). */
    static final int OK = 0;
    /** The operation was tried and failed: I/O error, store unreachable, damaged object, file changed while read. */
    static final int FAILURE = 1;
    /** Bad usage: unknown option or malformed value, or no such revision, branch, tag, remote or path. */
    static final int USAGE = 2;
    /** verify found damage. */
    static final int DAMAGED = 3;
    /**
     * Refused, nothing changed: the request is well-formed but the repository's state forbids it (uncommitted
     * changes would be lost, the name already exists, the branch is the current one, another writer moved it).
     */
    static final int REFUSED = 4;
    /** No usable repository: not a repository, or its config is malformed. */
    static final int NOT_A_REPOSITORY = 5;

    static final String FOOTER = "%nExit codes (the same for every command):%n"
        + "  0  success, also when there was nothing to do (\"nothing to commit\")%n"
        + "  1  failure: I/O error, store unreachable, damaged object, file changed while read%n"
        + "  2  bad usage: unknown option or bad value; no such revision, branch, tag, remote or path%n"
        + "  3  verify found damage%n"
        + "  4  refused, nothing changed: uncommitted changes, name already exists, current branch,%n"
        + "     branch moved concurrently%n"
        + "  5  not a repository, or its config is malformed%n";

    private ExitCodes() {
    }

    /** The exit code for a command that ended with {@code ex}. */
    static int of(Throwable ex) {
        if (ex instanceof NotFoundException || ex instanceof BadArgumentException
            || ex instanceof IllegalArgumentException
            || ex instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        if (ex instanceof RefusedException) {
            return REFUSED;
        }
        if (ex instanceof NotARepositoryException || ex instanceof ConfigException) {
            return NOT_A_REPOSITORY;
        }
        return FAILURE;
    }

    /** A short name for the code, for JSON errors. */
    static String name(int code) {
        return switch (code) {
            case OK -> "ok";
            case USAGE -> "usage";
            case DAMAGED -> "damaged";
            case REFUSED -> "refused";
            case NOT_A_REPOSITORY -> "not-a-repository";
            default -> "failure";
        };
    }
}
