package org.damnit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Genomics files that travel in pairs: a data file and its index ({@code .bam}+{@code .bai},
 * {@code .cram}+{@code .crai}, {@code .vcf.gz}/{@code .bcf}+{@code .tbi}/{@code .csi}, FASTA+{@code .fai}).
 * An index that does not match its data file misleads every tool that reads them, so a change to one
 * without the other deserves a warning.
 */
public final class Companions {
    private Companions() {
    }

    /**
     * The paths that would be the companions of {@code path} (whether or not they exist).
     *
     * @param path a data file or an index
     * @return its possible indexes, or its data file; empty when it has no companion kind
     */
    public static List<String> of(String path) {
        List<String> out = new ArrayList<>();
        String p = path;
        if (p.endsWith(".bam")) {
            out.add(p + ".bai");
            out.add(p.substring(0, p.length() - 4) + ".bai");
        } else if (p.endsWith(".cram")) {
            out.add(p + ".crai");
            out.add(p.substring(0, p.length() - 5) + ".crai");
        } else if (p.endsWith(".vcf.gz") || p.endsWith(".bcf") || p.endsWith(".bed.gz") || p.endsWith(".gff.gz")) {
            out.add(p + ".tbi");
            out.add(p + ".csi");
        } else if (p.endsWith(".fa") || p.endsWith(".fasta") || p.endsWith(".fa.gz") || p.endsWith(".fna")) {
            out.add(p + ".fai");
        } else if (p.endsWith(".bam.bai") || p.endsWith(".cram.crai") || p.endsWith(".tbi") || p.endsWith(".csi")
            || p.endsWith(".fai")) {
            out.add(p.substring(0, p.lastIndexOf('.')));
        } else if (p.endsWith(".bai")) {
            out.add(p.substring(0, p.length() - 4) + ".bam");
        } else if (p.endsWith(".crai")) {
            out.add(p.substring(0, p.length() - 5) + ".cram");
        }
        return out;
    }

    /**
     * A path that changed while its companion, which exists, did not: one of the two is likely stale.
     *
     * @param changed   the path that changed
     * @param companion its companion, unchanged
     */
    public record Stale(String changed, String companion) {
    }

    /**
     * The changed paths whose companion exists but did not change; the caller says it in its own words.
     *
     * @param changed  paths that changed (new, modified, deleted)
     * @param existing paths present on either side
     * @return one entry per such pair, in the order of {@code changed}
     */
    public static List<Stale> stale(Collection<String> changed, Collection<String> existing) {
        Set<String> ch = new HashSet<>(changed);
        Set<String> ex = new HashSet<>(existing);
        List<Stale> out = new ArrayList<>();
        for (String p : changed) {
            for (String c : of(p)) {
                if (ex.contains(c) && !ch.contains(c)) {
                    out.add(new Stale(p, c));
                }
            }
        }
        return out;
    }

    /**
     * The data file that an index belongs to.
     *
     * @param index a path, maybe of an index
     * @param paths the paths to look for the data file in
     * @return the data file, when {@code index} is an index and that file is in {@code paths}; else null
     */
    public static String dataFileOf(String index, Collection<String> paths) {
        if (!(index.endsWith(".bai") || index.endsWith(".crai") || index.endsWith(".tbi") || index.endsWith(".csi")
            || index.endsWith(".fai"))) {
            return null;
        }
        for (String c : of(index)) {
            if (paths.contains(c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Orders paths for display with each index next to its data file.
     *
     * @param paths the paths
     * @return {@code paths} in their order, except that each index comes right after its data file
     *         when both are listed
     */
    public static List<String> grouped(List<String> paths) {
        Set<String> all = new HashSet<>(paths);
        java.util.Map<String, List<String>> indexes = new java.util.HashMap<>();
        Set<String> placed = new HashSet<>();
        for (String p : paths) {
            String data = dataFileOf(p, all);
            if (data != null && !data.equals(p)) {
                indexes.computeIfAbsent(data, k -> new ArrayList<>()).add(p);
                placed.add(p);
            }
        }
        List<String> out = new ArrayList<>(paths.size());
        for (String p : paths) {
            if (!placed.contains(p)) {
                out.add(p);
                out.addAll(indexes.getOrDefault(p, List.of()));
            }
        }
        return out;
    }
}
