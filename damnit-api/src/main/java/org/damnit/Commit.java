package org.damnit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A commit as stored: the root tree, its parents (none for the first commit), author, time, message
 * and user metadata.
 *
 * @param id       the commit's id (the SHA-256 of its encoding)
 * @param tree     the root tree
 * @param parents  the parents, first parent first; unmodifiable
 * @param author   who made it
 * @param time     when it was made
 * @param message  the message, possibly several lines
 * @param metadata key=value metadata of the commit; unmodifiable
 */
public record Commit(ObjectId id, ObjectId tree, List<ObjectId> parents, Person author, Instant time,
                     String message, Map<String, String> metadata) {
    /**
     * Copies the lists, so that the commit stays immutable.
     *
     * @param id       the commit's id (the SHA-256 of its encoding)
     * @param tree     the root tree
     * @param parents  the parents, first parent first
     * @param author   who made it
     * @param time     when it was made
     * @param message  the message, possibly several lines
     * @param metadata key=value metadata of the commit
     */
    public Commit {
        parents = List.copyOf(parents);
        metadata = Map.copyOf(metadata);
    }

    /**
     * The first line of the message.
     *
     * @return the message up to its first line break
     */
    public String shortMessage() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
