package org.damnit.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.damnit.FindCommand;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.Repository;

/**
 * find on a commit with N file entries (default 1,000,000 in 1,000 directories, every 1,000th with
 * metadata), written as trees directly: builds the commit's search index, then times queries on it.
 * Usage: {@code FindScale [ENTRIES] [WORKDIR]}.
 */
public final class FindScale {
    private FindScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/damnit-find-scale");
        WorkTree.deleteRecursively(work);
        Files.createDirectories(work);
        try (Repository api = Repository.init(work)) {
            LocalRepository repo = (LocalRepository) api;
            int dirs = Math.max(1, n / 1000);
            List<Node> top = new ArrayList<>();
            ObjectId chunk = ObjectDb.sha256(new byte[0], 0, 0);
            for (int d = 0; d < dirs; d++) {
                List<Node> files = new ArrayList<>();
                for (int f = 0; f < n / dirs; f++) {
                    int i = d * (n / dirs) + f;
                    byte[] h = new byte[32];
                    h[0] = (byte) i;
                    h[1] = (byte) (i >> 8);
                    h[2] = (byte) (i >> 16);
                    Node node = Node.file(String.format("f%06d.bam", i), i, false, 0, ObjectId.of(h),
                        String.format("%032x", i), List.of(new Node.Piece(chunk, i)));
                    if (i % 1000 == 0) {
                        TreeMap<String, String> m = new TreeMap<>();
                        m.put("sample", "S" + i);
                        node = node.withMeta(m);
                    }
                    files.add(node);
                }
                ObjectId t = repo.db().put(ObjectKind.TREE, Codec.encodeTree(files), null);
                top.add(Node.directory(String.format("d%04d", d), t));
            }
            ObjectId root = repo.db().put(ObjectKind.TREE, Codec.encodeTree(top), null);
            ObjectId commit = repo.db().put(ObjectKind.COMMIT, Codec.encodeCommit(root, List.of(),
                new Person("bench", ""), java.time.Instant.now(), "synthetic", Map.of()), null);
            repo.context().refs().update("heads/main", Optional.empty(), commit);

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
        WorkTree.deleteRecursively(work);
    }
}
