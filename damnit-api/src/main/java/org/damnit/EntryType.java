package org.damnit;

/** What a tree entry records. */
public enum EntryType {
    /** A regular file, stored as chunks. */
    FILE,
    /** A directory, stored as a tree. */
    DIRECTORY,
    /** A symbolic link, stored as its target (never followed). */
    SYMLINK
}
