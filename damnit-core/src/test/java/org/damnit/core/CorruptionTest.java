package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips, truncates or deletes bytes of every kind of stored object in turn. Each time: verify (with
 * and without --read-data) names the damage without throwing, and every file of every commit that the
 * damage does not touch still restores byte for byte.
 */
class CorruptionTest {
    @TempDir
    Path tmp;

    private final Map<ObjectId, Map<String, String>> snapshots = new LinkedHashMap<>();

    @Test
    void everyDamageIsNamedAndEverythingElseStillRestores() throws Exception {
        Path template = tmp.resolve("template");
        Path p = Files.createDirectories(template.resolve("project"));
        try (Repository repo = Repository.init(p)) {
            TreeFixture.setPackSize(p, 1 << 20);
        }
        try (Repository repo = Repository.open(p)) {
            for (int v = 0; v < 3; v++) {
                TreeFixture.writeRandom(p, "reads/r" + v + ".fastq", 1_200_000, 10 + v);
                TreeFixture.write(p, "calls/v" + v + ".vcf", "##fileformat=VCFv4.3\n" + "chr1\t" + v + "\n");
                TreeFixture.write(p, "notes.txt", "version " + v + "\n");
                ObjectId c = repo.commit().setMessage("v" + v).call().commit().orElseThrow().id();
                snapshots.put(c, TreeFixture.snapshot(p));
            }
        }
        Path objects = p.resolve(".damnit/store/objects");
        List<Path> targets = new ArrayList<>();
        for (String kind : List.of("packs", "index", "trees", "commits")) {
            List<Path> files = files(objects.resolve(kind));
            targets.add(files.get(0));
            targets.add(files.get(files.size() - 1));
        }
        targets.add(p.resolve(".damnit/store/refs/heads/main"));

        int corruptions = 0;
        for (Path target : targets) {
            String rel = template.relativize(target).toString();
            for (String damage : List.of("flip-start", "flip-middle", "flip-end", "truncate", "delete")) {
                Path run = TreeFixture.copyTree(template, tmp.resolve("run-" + corruptions));
                Path victim = run.resolve(rel);
                damage(victim, damage);
                corruptions++;
                check(run.resolve("project"), keyOf(rel), damage + " of " + rel);
                WorkTree.deleteRecursively(run);
            }
        }
        String report = corruptions + " corruptions of " + targets.size() + " objects (packs, pack indexes, trees,"
            + " commits, a ref): each named by verify, everything else restored";
        System.out.println("CorruptionTest: " + report);
        Files.writeString(Path.of("target", "corruption-report.txt"), report + "\n");
    }

    private void check(Path project, String key, String what) throws Exception {
        try (Repository repo = Repository.open(project)) {
            VerifyResult full = repo.verify().setReadData(true).call();
            assertThat(full.problems()).as(what + ": found by verify --read-data").isNotEmpty();
            assertThat(full.problems()).as(what + ": the damaged object is named")
                .anySatisfy(pr -> assertThat(pr.object() + " " + pr.reason()).contains(key));
            VerifyResult quick = repo.verify().call();
            if (!(what.startsWith("flip") && key.startsWith("packs/"))) {
                assertThat(quick.problems()).as(what + ": found by the quick check too").isNotEmpty();
            }
            for (Map.Entry<ObjectId, Map<String, String>> c : snapshots.entrySet()) {
                for (Map.Entry<String, String> f : c.getValue().entrySet()) {
                    if (!f.getValue().startsWith("file:") || affected(full, c.getKey(), f.getKey(), key)) {
                        continue;
                    }
                    Path out = project.resolveSibling("out-" + c.getKey().abbreviate(8) + "-" + f.getKey().replace('/', '_'));
                    repo.restore().setRevision(c.getKey().toHex()).addPath(f.getKey()).setTarget(out).call();
                    assertThat(TreeFixture.snapshot(out).get(f.getKey())).as(what + ": " + f.getKey() + " at "
                        + c.getKey().abbreviate(8) + " is untouched by the damage").isEqualTo(f.getValue());
                }
            }
        }
    }

    /** Whether verify says the damage reaches this file of this commit (or the commit itself is damaged). */
    private static boolean affected(VerifyResult r, ObjectId commit, String path, String key) {
        if (key.equals(ObjectKind.COMMIT.key(commit))) {
            return true;
        }
        for (VerifyResult.Problem pr : r.problems()) {
            if (!pr.commits().contains(commit)) {
                continue;
            }
            for (String p : pr.paths()) {
                if (p.equals("/") || p.equals(path) || path.startsWith(p + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String keyOf(String rel) {
        String k = rel.substring(rel.indexOf(".damnit/store/") + ".damnit/store/".length());
        return k.startsWith("objects/") ? k.substring("objects/".length()) : k;
    }

    private static void damage(Path f, String how) throws IOException {
        byte[] b = Files.readAllBytes(f);
        switch (how) {
            case "flip-start" -> flip(f, b, 0);
            case "flip-middle" -> flip(f, b, b.length / 2);
            case "flip-end" -> flip(f, b, b.length - 1);
            case "truncate" -> Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
            default -> Files.delete(f);
        }
    }

    private static void flip(Path f, byte[] b, int at) throws IOException {
        b[at] ^= 0x41; // never turns a hex digit into another spelling of itself
        Files.write(f, b);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
