package org.damnit;

import java.time.Instant;

/**
 * One entry of a committed tree, as seen through the API.
 *
 * @param path       '/'-separated, relative to the project root; a byte of a file name that is not part of
 *                   valid UTF-8 is held as the char U+DC80 + (byte - 0x80) ({@link PathRules#display} shows it)
 * @param type       file, directory or symbolic link
 * @param size       file size in bytes (0 for directories and links)
 * @param executable the owner-executable bit of a file
 * @param modified   modification time recorded at commit (files only; {@code null} otherwise)
 * @param sha256     SHA-256 of the file's bytes, the content address (files only)
 * @param md5        lower-case hex MD5 of the file's bytes, equal to {@code md5sum} (files only)
 * @param linkTarget the target of a symbolic link, exactly as read (links only)
 * @param metadata   user key=value pairs recorded with this path in this revision
 */
public record TreeEntry(String path, EntryType type, long size, boolean executable, Instant modified,
                        ObjectId sha256, String md5, String linkTarget, java.util.Map<String, String> metadata) {
    /**
     * Copies the metadata, sorted, so that the entry stays immutable.
     *
     * @param path       the path
     * @param type       file, directory or symbolic link
     * @param size       file size in bytes
     * @param executable the owner-executable bit
     * @param modified   modification time, or null
     * @param sha256     SHA-256 of the file's bytes, or null
     * @param md5        hex MD5 of the file's bytes, or null
     * @param linkTarget the link's target, or null
     * @param metadata   user key=value pairs
     */
    public TreeEntry {
        metadata = metadata.isEmpty() ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata));
    }
}
