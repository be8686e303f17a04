package org.damnit;

/** The state of one path in the working tree compared with the HEAD commit. */
public record FileStatus(String path, State state, EntryType type, long size) {
    /** How a path differs from HEAD. */
    public enum State {
        /** Present in the working tree, absent from HEAD. */
        NEW,
        /** Present in both, with different content, type, link target or executable bit. */
        MODIFIED,
        /** Present in HEAD, absent from the working tree. */
        DELETED,
        /** Identical to HEAD. */
        UNCHANGED
    }
}
