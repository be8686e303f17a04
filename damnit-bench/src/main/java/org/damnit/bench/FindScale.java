package org.damnit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.damnit.FindCommand;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.core.Internals;

/**
 * find on a commit with N file entries (default 1,000,000 in 1,000 directories, every 1,000th with
 * metadata), written as trees directly ({@link Internals#commitSyntheticTree}): builds the commit's
 * search index, then times queries on it. Usage: {@code FindScale [ENTRIES] [WORKDIR]}.
 */
public final class FindScale {
    private FindScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/damnit-find-scale");
        BenchFiles.deleteRecursively(work);
        Files.createDirectories(work);
        try (Repository api = Repository.init(work)) {
            ObjectId commit = Internals.commitSyntheticTree(api, n);

            long t0 = System.nanoTime();
            int hits = api.find().addExpression("sample=S500000").call().size();
            long t1 = System.nanoTime();
            List<Long> times = new ArrayList<>();
            for (String q : List.of("sample=S500000", "md5=" + String.format("%032x", 777_777), "path~*/f12345*",
                "size>999000")) {
                long s = System.nanoTime();
                List<FindCommand.Match> r = api.find().addExpression(q).call();
                times.add(System.nanoTime() - s);
                System.out.printf("query %-40s %6d match(es) in %.3f s%n", q, r.size(), (System.nanoTime() - s) / 1e9);
            }
            System.out.printf("entries %,d; first query (builds the index) %.2f s, %d hit(s)%n", n, (t1 - t0) / 1e9, hits);
            System.out.printf("index file %,d bytes%n", Files.size(work.resolve(".damnit/cache/find/" + commit.toHex())));
        }
        BenchFiles.deleteRecursively(work);
    }
}
