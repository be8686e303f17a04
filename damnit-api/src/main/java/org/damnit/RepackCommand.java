package org.damnit;

import java.util.Objects;

/**
 * Stores committed gzip and BGZF files (FASTQ.gz, BAM, VCF.gz, BCF, tabix-indexed files) by their
 * decompressed content: the <em>deep</em> form. For each such file reachable from any ref it writes a
 * container, which re-creates the file byte for byte from the decompressed content (deduplicated and
 * delta-encoded like any file content) and a recipe of its members; the re-creation is compared byte
 * for byte with the original and with the file's SHA-256 and MD5 before the container is published.
 * Members that no known compressor re-creates are kept as they are. History is not rewritten: commits,
 * trees and digests stay the same, and a later {@link GcCommand} drops the file's original chunks.
 *
 * <p>Resumable and crash-safe: each file's container is published whole once verified, and a run after
 * an interrupted one carries on with the files that have none. Single use.
 */
public abstract class RepackCommand extends Command<RepackResult> {
    protected boolean deep = true;
    protected ProgressListener progress = ProgressListener.NONE;

    /** The deep form (the only one so far; plain repacking of packs is part of {@link GcCommand}). */
    public RepackCommand setDeep(boolean deep) {
        this.deep = deep;
        return this;
    }

    public RepackCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    protected void validate() {
        if (!deep) {
            throw new IllegalArgumentException("only the deep repack exists; packs are repacked by gc");
        }
    }
}
