package org.damnit;

/**
 * What a {@link GcCommand} found and did.
 *
 * @param liveCommits     commits reachable from any ref
 * @param liveChunks      chunks those commits need, delta bases included
 * @param condemned       objects found unreachable and recorded for deletion by this run
 * @param deleted         objects deleted (condemned by an earlier run, or this one with a zero grace period)
 * @param bytesDeleted    their size
 * @param rescued         condemned objects that became reachable again and were kept
 * @param packsRepacked   packs whose live chunks were copied into new packs (the old ones are condemned)
 * @param bytesRepacked   bytes of live records copied
 * @param waiting         condemned objects whose grace period has not passed yet
 */
public record GcResult(long liveCommits, long liveChunks, long condemned, long deleted, long bytesDeleted,
                       long rescued, long packsRepacked, long bytesRepacked, long waiting) {
}
