package org.damnit;

/**
 * What a {@link RepackCommand} found and did.
 *
 * @param files           distinct committed files (by content) looked at
 * @param converted       files given a container by this run
 * @param alreadyDeep     files that had one already
 * @param notConverted    gzip-looking files left as they are (under 64 KiB, nothing re-creates, or the re-creation
 *                        did not match)
 * @param members         gzip members, BGZF blocks and raw regions in the files walked (converted or not)
 * @param recreated       members and blocks re-created bit for bit
 * @param rawFallbacks    regions kept as they are (unknown compressors, damage, trailing bytes)
 * @param rawBytes        their size
 * @param contentBytes    decompressed bytes of the converted files
 * @param recoded         chunks stored again through a content codec (tables, reads, alignments: of plain
 *                        files and of containers' decompressed content), where that is shorter
 * @param bytesStored     bytes of packs written for the containers and the recoded chunks
 */
public record RepackResult(long files, long converted, long alreadyDeep, long notConverted, long members,
                           long recreated, long rawFallbacks, long rawBytes, long contentBytes, long recoded,
                           long bytesStored) {
}
