package org.damnit;

/** The state of one path in the working tree compared with the HEAD commit. */
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

        /** Whether the bytes at the path differ from HEAD (new, modified or deleted). */
        public boolean content() {
            return this == NEW || this == MODIFIED || this == DELETED;
        }
    }
}
