package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.ObjectId;
import org.damnit.Repository;

/** Random trees and random edits: every committed version restores exactly. */
class RoundTripPropertiesTest {

    @Property(tries = 15)
    void randomHistoriesRestoreExactly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int versions)
        throws Exception {
        Path base = Files.createTempDirectory("damnit-prop");
        try {
            Path p = Files.createDirectories(base.resolve("p"));
            Random r = new Random(seed);
            List<Map<String, String>> snaps = new ArrayList<>();
            List<ObjectId> ids = new ArrayList<>();
            try (Repository repo = Repository.init(p)) {
                // a small piece size so files span several pieces
                for (int v = 0; v < versions; v++) {
                    mutate(p, r);
                    var res = repo.commit().setMessage("v" + v).setAllowEmpty(true).call();
                    ids.add(res.commit().orElseThrow().id());
                    snaps.add(TreeFixture.snapshot(p));
                }
                for (int v = 0; v < versions; v++) {
                    Path out = base.resolve("out" + v);
                    repo.restore().setRevision(ids.get(v).toHex()).setTarget(out).call();
                    assertThat(TreeFixture.snapshot(out)).isEqualTo(snaps.get(v));
                }
            }
        } finally {
            WorkTree.deleteRecursively(base);
        }
    }

    private static void mutate(Path root, Random r) throws IOException {
        String[] dirs = {"", "a", "a/b", "c", "c/d/e"};
        int ops = 1 + r.nextInt(6);
        for (int i = 0; i < ops; i++) {
            String dir = dirs[r.nextInt(dirs.length)];
            String name = (dir.isEmpty() ? "" : dir + "/") + "f" + r.nextInt(6) + (r.nextBoolean() ? ".fastq" : ".tsv");
            Path f = root.resolve(name);
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    byte[] b = new byte[r.nextInt(3) == 0 ? r.nextInt(5_000_000) : r.nextInt(2000)];
                    r.nextBytes(b);
                    Files.createDirectories(f.getParent());
                    if (!Files.isDirectory(f)) {
                        Files.write(f, b);
                    }
                }
                case 2 -> Files.deleteIfExists(f);
                default -> {
                    Path d = root.resolve(dir.isEmpty() ? "empty" + r.nextInt(3) : dir + "/sub" + r.nextInt(3));
                    if (!Files.exists(d)) {
                        Files.createDirectories(d);
                    }
                }
            }
        }
    }
}
