package org.damnit.cli;

/** Exit codes of the {@code damnit} command, documented in every command's help. */
final class ExitCodes {
    /** Success, including "nothing to commit". */
    static final int OK = 0;
    /** The operation failed: I/O error, damaged object, file changed while read, store unreachable. */
    static final int FAILURE = 1;
    /** Bad usage: unknown option, unknown revision, bad path. */
    static final int USAGE = 2;
    /** verify found damage. */
    static final int DAMAGED = 3;
    /** Refused: uncommitted changes would be overwritten, or another writer moved the branch. */
    static final int CONFLICT = 4;
    /** No repository here, or its config is malformed, or init found one already. */
    static final int NOT_A_REPOSITORY = 5;

    static final String FOOTER = "%nExit codes:%n"
        + "  0  success (also \"nothing to commit\")%n"
        + "  1  failure (I/O error, damaged object, file changed while read)%n"
        + "  2  bad usage (unknown option or revision, bad path)%n"
        + "  3  verify found damage%n"
        + "  4  refused: uncommitted changes, or the branch moved concurrently%n"
        + "  5  not a repository, malformed config, or already initialised%n";

    private ExitCodes() {
    }
}
