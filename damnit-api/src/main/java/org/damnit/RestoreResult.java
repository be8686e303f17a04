package org.damnit;

/**
 * What a restore wrote.
 *
 * @param commit       the commit restored from
 * @param filesWritten regular files written
 * @param bytesWritten bytes of file content written
 * @param links        symbolic links created
 * @param directories  directories created
 * @param removed      tracked paths removed from the working tree
 */
public record RestoreResult(ObjectId commit, long filesWritten, long bytesWritten, long links, long directories,
                            long removed) {
}
