package org.damnit;

/** What a tree entry records. */
public enum EntryType {
    FILE, DIRECTORY, SYMLINK
}
