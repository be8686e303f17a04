package org.damnit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A commit as stored: the root tree, its parents (none for the first commit), author, time, message
 * and user metadata.
 */
public record Commit(ObjectId id, ObjectId tree, List<ObjectId> parents, Person author, Instant time,
                     String message, Map<String, String> metadata) {
    public Commit {
        parents = List.copyOf(parents);
        metadata = Map.copyOf(metadata);
    }

    /** The first line of the message. */
    public String shortMessage() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
