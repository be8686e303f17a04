package org.damnit;

/**
 * One difference between two trees.
 *
 * @param path        the path in the new tree (in the old one for deletions)
 * @param change      what happened
 * @param oldPath     for renames and copies: where the content came from; otherwise null
 * @param type        the kind of entry (in the new tree, or the old one for deletions)
 * @param oldSize     size before (0 if added)
 * @param newSize     size after (0 if deleted)
 * @param storedBytes bytes the new version added to the store for this path (chunks the old tree did
 *                    not have), or -1 when the new side is the working tree (nothing stored yet)
 */
public record DiffEntry(String path, Change change, String oldPath, EntryType type, long oldSize, long newSize,
                        long storedBytes) {
    /** The kinds of difference; renames and copies are detected by content. */
    public enum Change {
        /** Only in the new tree. */
        ADDED,
        /** Only in the old tree. */
        DELETED,
        /** The bytes (or type, link target, executable bit) changed. */
        MODIFIED,
        /** The old path's content is at a new path, and the old path is gone. */
        RENAMED,
        /** The content of a path that stays is also at a new path. */
        COPIED,
        /** Only the user metadata changed; the bytes are the same. */
        METADATA;

        /**
         * Whether the bytes at the path changed.
         *
         * @return true for everything but {@link #METADATA}
         */
        public boolean content() {
            return this != METADATA;
        }
    }
}
