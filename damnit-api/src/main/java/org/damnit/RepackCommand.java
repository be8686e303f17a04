package org.damnit;

import java.util.Objects;
import org.damnit.spi.CommandExecutor;

/**
 * Gives committed files their <em>deep</em> form. Each gzip and BGZF file (FASTQ.gz, BAM, VCF.gz, BCF,
 * tabix-indexed files) reachable from any ref gets a container, which re-creates the file byte for byte
 * from the decompressed content (deduplicated and delta-encoded like any file content, and stored
 * through a content codec where one recognises it) and a recipe of its members; the re-creation is
 * compared byte for byte with the original and with the file's SHA-256 and MD5 before the container is
 * published. Members that no known compressor re-creates are kept as they are. The chunks of other files
 * that a content codec recognises (tables, FASTQ, SAM) are stored again through it where that is
 * shorter, each encoding checked against the chunk and read back from the store. History is not
 * rewritten: commits, trees and digests stay the same, and a later {@link GcCommand} drops the original
 * chunks and records.
 *
 * <p>Resumable and crash-safe: each file's container is published whole once verified, and a run after
 * an interrupted one carries on with the files that have none. Single use. {@link #call()} throws
 * {@link StorageException} if the store fails and {@link CorruptObjectException} if a stored file
 * cannot be read back.
 */
public final class RepackCommand extends Command<RepackResult> {
    /**
     * The settings of one repack.
     *
     * @param deep     whether files are stored by their decompressed content (always, so far)
     * @param progress where progress is reported
     */
    public record Request(boolean deep, ProgressListener progress) {
    }

    private final CommandExecutor<Request, RepackResult> executor;
    private boolean deep = true;
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * For {@link Repository} implementations; applications get commands from {@link Repository#repack()}.
     *
     * @param executor runs the request when the command is called
     */
    public RepackCommand(CommandExecutor<Request, RepackResult> executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The deep form (the only one so far; plain repacking of packs is part of {@link GcCommand}).
     *
     * @param deep whether to; false is refused when the command is called
     * @return this command
     */
    public RepackCommand setDeep(boolean deep) {
        this.deep = deep;
        return this;
    }

    /**
     * Where the repacking is reported (default: nowhere).
     *
     * @param progress the listener
     * @return this command
     */
    public RepackCommand setProgressListener(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    RepackResult run() throws DamnitException {
        if (!deep) {
            throw new IllegalArgumentException("only the deep repack exists; packs are repacked by gc");
        }
        return executor.execute(new Request(deep, progress));
    }
}
