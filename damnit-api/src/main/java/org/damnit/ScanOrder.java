package org.damnit;

/**
 * The order in which the working tree is walked. Both orders visit exactly the same set of paths.
 *
 * <ul>
 *   <li>{@link #DEPTH_FIRST}: pre-order; a directory's entries are visited in name order (by UTF-8
 *   bytes) and each subdirectory is fully walked before the next sibling.</li>
 *   <li>{@link #BREADTH_FIRST}: level by level; all entries at depth <i>d</i> (in name order within
 *   each directory, directories in the order they were discovered) before any at depth <i>d</i>+1.</li>
 * </ul>
 */
public enum ScanOrder {
    /** Pre-order: each subdirectory fully before the next sibling. */
    DEPTH_FIRST,
    /** Level by level. */
    BREADTH_FIRST
}
