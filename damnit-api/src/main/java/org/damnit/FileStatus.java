package org.damnit;

/**
 * The state of one path in the working tree compared with the HEAD commit.
 *
 * @param path  the path, relative to the project root
 * @param state how it differs from HEAD
 * @param type  what it is (in the working tree, or in HEAD when deleted)
 * @param size  its size in bytes (files only; 0 otherwise)
 */
public record FileStatus(String path, State state, EntryType type, long size) {
    /** How a path differs from HEAD. */
    public enum State {
        /** Present in the working tree, absent from HEAD. */
        NEW,
        /** Present in both, with different content, type, link target or executable bit. */
        MODIFIED,
        /** Present in both with the same bytes; only its metadata has pending changes. */
        METADATA,
        /** Present in HEAD, absent from the working tree. */
        DELETED,
        /** Identical to HEAD. */
        UNCHANGED;

        /**
         * Whether the bytes at the path differ from HEAD.
         *
         * @return true for new, modified and deleted paths
         */
        public boolean content() {
            return this == NEW || this == MODIFIED || this == DELETED;
        }
    }
}
