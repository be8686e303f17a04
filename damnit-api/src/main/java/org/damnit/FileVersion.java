package org.damnit;

/**
 * One change to a path in its history, newest first in {@link Repository#history}.
 *
 * @param commit      the commit that made the change
 * @param change      {@code ADDED}, {@code MODIFIED} (content, executable bit or metadata) or {@code DELETED}
 * @param entry       the path as that commit has it; {@code null} when the commit deleted it
 * @param storedBytes bytes this version added to the store: its chunks that the previous version of
 *                    the path did not have, as stored (compressed or delta-encoded); 0 for deletions
 */
public record FileVersion(Commit commit, DiffEntry.Change change, TreeEntry entry, long storedBytes) {
}
