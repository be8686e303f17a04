package org.damnit.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.damnit.ObjectId;

/**
 * The codec-12 name index (BamRecords) of a BAM's decompressed content cut into 1 MiB chunks, built into
 * a cache directory of its own, with the thread CPU time of the build; then where the records of the reads
 * of the first MiB of a FASTQ.gz lie (how many BAM chunks, how many of them the 255 chunks holding most
 * reads hold). Run by fqbam-index-scale.sh. Args: CONTENT CACHE_DIR FASTQ.gz|- MATE_BITS (64: /1).
 */
public class FqbamIndexScale {
    public static void main(String[] a) throws Exception {
        Path content = Path.of(a[0]);
        Path cache = Path.of(a[1]);
        Path fq = Path.of(a[2]);
        int mate = Integer.parseInt(a[3]);
        var mx = ManagementFactory.getThreadMXBean();
        FileChannel ch = FileChannel.open(content, StandardOpenOption.READ);
        long size = ch.size();
        List<Node.Piece> pieces = new ArrayList<>();
        Map<ObjectId, long[]> where = new HashMap<>();
        for (long at = 0; at < size; at += 1 << 20) {
            int n = (int) Math.min(1 << 20, size - at);
            byte[] b = read(ch, at, n);
            ObjectId id = ObjectDb.sha256(b, 0, n);
            pieces.add(new Node.Piece(id, n));
            where.put(id, new long[] {at, n});
        }
        long t0 = mx.getCurrentThreadCpuTime();
        BamRecords br = new BamRecords(cache);
        BamRecords.Index idx = br.index(pieces, id -> {
            long[] w = where.get(id);
            try {
                return read(ch, w[0], (int) w[1]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t1 = mx.getCurrentThreadCpuTime();
        long entries = idx == null ? -1 : idx.size();
        System.out.printf("chunks=%d content=%d entries=%d index_build_thread_cpu_s=%.1f%n", pieces.size(), size, entries,
            (t1 - t0) / 1e9);
        if (idx == null || a[2].equals("-")) {
            return;
        }
        // the reads of the first MiB of the FASTQ: where their records are
        Map<Integer, Integer> votes = new HashMap<>();
        int reads = 0;
        int found = 0;
        long bytes = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(fq))))) {
            for (String l; (l = r.readLine()) != null && bytes < 1 << 20; ) {
                String s = r.readLine();
                r.readLine();
                r.readLine();
                bytes += 2L * s.length() + l.length() + 5;
                String name = l.substring(1, l.length() - 2);
                byte[] nb = name.getBytes();
                long[] p = idx.find(BamRecords.key(nb, 0, nb.length, mate), 4);
                reads++;
                if (p.length > 0) {
                    found++;
                    votes.merge((int) (p[0] >>> 32), 1, Integer::sum);
                }
            }
        }
        List<Integer> v = new ArrayList<>(votes.values());
        v.sort((x, y) -> y - x);
        int top = 0;
        for (int i = 0; i < Math.min(255, v.size()); i++) {
            top += v.get(i);
        }
        System.out.printf("first MiB of the FASTQ: reads=%d named=%d in_bam_chunks=%d in_top_255=%d (%.1f%%)%n", reads, found,
            votes.size(), top, 100.0 * top / reads);
    }

    private static byte[] read(FileChannel ch, long at, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IllegalStateException("short");
            }
        }
        return b.array();
    }
}
