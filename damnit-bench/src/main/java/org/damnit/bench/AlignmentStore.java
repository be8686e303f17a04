package org.damnit.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.damnit.Repository;

/**
 * What a repository stores for alignments with the content codecs on: each file (a BAM is taken by its
 * decompressed content, as a container's content stream holds it; a SAM as it is) is committed with
 * {@code deepOnCommit} into a new repository, alone and after a commit of the reference FASTA, and
 * restored again and compared. Prints one tab-separated line per file and mode: file, mode, content
 * bytes, stored bytes (the packs the commit added), commit and restore seconds (wall, every core).
 *
 * <p>{@code java -cp damnit-bench/target/damnit-bench.jar org.damnit.bench.AlignmentStore WORKDIR REF.fa FILE...}
 */
public final class AlignmentStore {
    private AlignmentStore() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path fasta = Path.of(args[1]);
        for (int i = 2; i < args.length; i++) {
            Path file = Path.of(args[i]);
            for (boolean ref : new boolean[] {false, true}) {
                Path repoDir = work.resolve(file.getFileName() + (ref ? ".ref" : ".alone"));
                System.out.println(run(repoDir, file, ref ? fasta : null));
            }
        }
    }

    private static String run(Path dir, Path file, Path fasta) throws Exception {
        Files.createDirectories(dir);
        Repository.init(dir).close();
        Path cfg = dir.resolve(".damnit/config");
        Files.writeString(cfg, Files.readString(cfg).replaceFirst("\\{", "{\"deepOnCommit\":true,"));
        Path content = dir.resolve("content");
        if (file.toString().endsWith(".bam")) {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                Files.copy(in, content);
            }
        } else {
            Files.copy(file, content);
        }
        Path keep = dir.resolveSibling(dir.getFileName() + ".content");
        Files.move(content, keep);
        try (Repository repo = Repository.open(dir)) {
            if (fasta != null) {
                Files.copy(fasta, dir.resolve("ref.fa"));
                repo.commit().setMessage("reference").call();
            }
            long before = packBytes(dir);
            Files.copy(keep, content);
            long t0 = System.nanoTime();
            repo.commit().setMessage("alignments").call();
            long t1 = System.nanoTime();
            long stored = packBytes(dir) - before;
            Path out = dir.resolveSibling(dir.getFileName() + ".restored");
            long t2 = System.nanoTime();
            repo.restore().setTarget(out).call();
            long t3 = System.nanoTime();
            if (Files.mismatch(out.resolve("content"), keep) != -1) {
                throw new IllegalStateException(file + " did not restore exactly");
            }
            return String.join("\t", file.toString(), fasta == null ? "alone" : "reference",
                Long.toString(Files.size(keep)), Long.toString(stored), Double.toString((t1 - t0) / 1e9),
                Double.toString((t3 - t2) / 1e9));
        }
    }

    private static long packBytes(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve(".damnit"))) {
            return s.filter(f -> f.toString().contains("/packs/") && Files.isRegularFile(f))
                .mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
