package org.damnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Finds files by metadata, name, size and checksum in one revision (HEAD by default) or in all of
 * history. Expressions, all of which must hold: {@code key=value}, {@code key~glob}, {@code path~glob},
 * {@code size>N}, {@code size<N} (N in bytes, or with a binary unit: {@code 100M}, {@code 1.5G}, {@code 2TiB}),
 * {@code md5=HEX}, {@code sha256=HEX}, and a bare word, which matches paths containing it (as
 * {@code path~*word*}). Single use. {@link #call()} throws {@link BadArgumentException} for a malformed
 * expression and {@link RevisionNotFoundException} for an unknown revision.
 */
public final class FindCommand extends Command<List<FindCommand.Match>> {
    /**
     * One file that matched, in one commit.
     *
     * @param commit the commit it was found in
     * @param entry  the file's entry there
     */
    public record Match(ObjectId commit, TreeEntry entry) {
    }

    /**
     * The settings of one find.
     *
     * @param expressions the expressions, all of which must hold; unmodifiable
     * @param revision    the revision searched, unless {@code allHistory}
     * @param allHistory  whether every commit reachable from a branch or tag is searched
     */
    public record Request(List<String> expressions, String revision, boolean allHistory) {
        /**
         * Copies the expressions, so that the request stays immutable.
         *
         * @param expressions the expressions, all of which must hold; unmodifiable
         * @param revision    the revision searched, unless {@code allHistory}
         * @param allHistory  whether every commit reachable from a branch or tag is searched
         */
        public Request {
            expressions = List.copyOf(expressions);
        }
    }

    private final CommandExecutor<Request, List<Match>> executor;
    private final List<String> expressions = new ArrayList<>();
    private String revision = "HEAD";
    private boolean allHistory;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#find()}.
     *
     * @param executor runs the request when the command is called
     */
    public FindCommand(CommandExecutor<Request, List<Match>> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Adds an expression that must hold (see the class description).
     *
     * @param expression the expression
     * @return this command
     */
    public FindCommand addExpression(String expression) {
        expressions.add(Objects.requireNonNull(expression, "expression"));
        return this;
    }

    /**
     * The revision to search (default HEAD).
     *
     * @param revision the revision
     * @return this command
     */
    public FindCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /**
     * Search every commit reachable from any branch or tag instead of one revision.
     *
     * @param allHistory whether to
     * @return this command
     */
    public FindCommand setAllHistory(boolean allHistory) {
        this.allHistory = allHistory;
        return this;
    }

    @Override
    List<Match> run() throws DamnitException {
        return executor.execute(new Request(expressions, revision, allHistory));
    }
}
