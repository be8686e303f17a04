package org.damnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds files by metadata, name, size and checksum in one revision (HEAD by default) or in all of
 * history. Expressions, all of which must hold: {@code key=value}, {@code key~glob}, {@code path~glob},
 * {@code size>N}, {@code size<N} (N in bytes, or with a binary unit: {@code 100M}, {@code 1.5G}, {@code 2TiB}),
 * {@code md5=HEX}, {@code sha256=HEX}, and a bare word, which matches paths containing it (as
 * {@code path~*word*}). Single use.
 */
public abstract class FindCommand extends Command<List<FindCommand.Match>> {
    protected final List<String> expressions = new ArrayList<>();
    protected String revision = "HEAD";
    protected boolean allHistory;

    /** One file that matched, in one commit. */
    public record Match(ObjectId commit, TreeEntry entry) {
    }

    public FindCommand addExpression(String expression) {
        expressions.add(Objects.requireNonNull(expression, "expression"));
        return this;
    }

    public FindCommand setRevision(String revision) {
        this.revision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /** Search every commit reachable from any branch or tag instead of one revision. */
    public FindCommand setAllHistory(boolean allHistory) {
        this.allHistory = allHistory;
        return this;
    }
}
