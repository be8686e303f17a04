package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.damnit.BadArgumentException;
import org.damnit.FindCommand;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.TreeEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindTest {
    @TempDir
    Path tmp;

    private static List<String> paths(List<FindCommand.Match> m) {
        return m.stream().map(x -> x.entry().path()).toList();
    }

    @Test
    void expressionsAreAndedOverOneRevisionOrAllHistory() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "aln/A.bam", 300_000, 1);
        TreeFixture.writeRandom(p, "aln/B.bam", 1000, 2);
        TreeFixture.write(p, "reads/A.fastq", "@r\nAC\n+\nII\n");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            repo.setMetadata("aln/A.bam", Map.of("sample", "NA12878", "run", "2026-11-03"));
            repo.setMetadata("reads/A.fastq", Map.of("sample", "NA12878"));
            ObjectId v2 = repo.commit().setMessage("annotate").call().commit().orElseThrow().id();

            assertThat(paths(repo.find().addExpression("sample=NA12878").call())).containsExactly("aln/A.bam", "reads/A.fastq");
            assertThat(paths(repo.find().addExpression("sample=NA12878").addExpression("path~*.bam").call()))
                .containsExactly("aln/A.bam");
            assertThat(paths(repo.find().addExpression("run~2026-11-*").call())).containsExactly("aln/A.bam");
            assertThat(paths(repo.find().addExpression("size>100000").call())).containsExactly("aln/A.bam");
            assertThat(paths(repo.find().addExpression("size<100000").addExpression("path~aln/*").call()))
                .containsExactly("aln/B.bam");
            String md5 = repo.listTree("HEAD").stream().filter(e -> e.path().equals("aln/B.bam")).findFirst()
                .orElseThrow().md5();
            assertThat(paths(repo.find().addExpression("md5=" + md5.toUpperCase()).call())).containsExactly("aln/B.bam");
            assertThat(repo.find().addExpression("sample=NA12878").setRevision("HEAD~1").call()).isEmpty();

            // which commits hold this checksum?
            List<FindCommand.Match> all = repo.find().addExpression("md5=" + md5).setAllHistory(true).call();
            assertThat(all).hasSize(2);
            assertThat(all.get(0).commit()).isEqualTo(v2);

            // the per-commit index is reused, and rebuilt when it is lost
            Path index = p.resolve(".damnit/cache/find/" + v2.toHex());
            assertThat(index).exists();
            Files.write(index, new byte[] {1, 2, 3});
            assertThat(paths(repo.find().addExpression("sample=NA12878").call())).hasSize(2);
            assertThat(paths(repo.find().addExpression("A.").call())).as("a bare word matches names")
                .containsExactly("aln/A.bam", "reads/A.fastq");
            assertThat(paths(repo.find().addExpression("aln").addExpression("size>200K").call()))
                .containsExactly("aln/A.bam");
            assertThat(paths(repo.find().addExpression("size<100K").addExpression("path~aln/*").call()))
                .containsExactly("aln/B.bam");
            assertThat(repo.find().addExpression("nonsense").call()).isEmpty();
            assertThatThrownBy(() -> repo.find().addExpression("size>lots").call()).isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("100M");
            assertThatThrownBy(() -> repo.find().addExpression("=x").call()).isInstanceOf(BadArgumentException.class);
            assertThatThrownBy(() -> repo.find().addExpression("sample>3").call()).isInstanceOf(BadArgumentException.class);
        }
    }

    /** The globs of find and of a (cloned, tracked) ignore file take one pass over each name. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void globsThatWouldMakeARegexBacktrackFinish() throws Exception {
        String hostile = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        Path p = Files.createDirectories(tmp.resolve("h"));
        String name = "a".repeat(200);
        TreeFixture.write(p, name + "/" + name, "x");
        TreeFixture.write(p, ".damnitignore", hostile + "\n");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            repo.setMetadata(name + "/" + name, Map.of("note", name));
            repo.commit().setMessage("v2").call();
            assertThat(repo.find().addExpression("path~" + hostile).call()).isEmpty();
            assertThat(repo.find().addExpression("note~" + hostile).call()).isEmpty();
            assertThat(paths(repo.find().addExpression("path~*a*a*a*a*a*a*a*a*a*a*a*a*a*a").call()))
                .containsExactly(name + "/" + name);
            TreeFixture.write(p, name + "/" + name + "b", "ignored");
            assertThat(repo.status().call()).isEmpty();
        }
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(FindOp.parseSize("100")).isEqualTo(100);
        assertThat(FindOp.parseSize("100M")).isEqualTo(100L << 20);
        assertThat(FindOp.parseSize("100MiB")).isEqualTo(100L << 20);
        assertThat(FindOp.parseSize("2gb")).isEqualTo(2L << 30);
        assertThat(FindOp.parseSize("1.5K")).isEqualTo(1536);
        assertThat(FindOp.parseSize("1_000")).isEqualTo(1000);
        assertThat(FindOp.parseSize("12B")).isEqualTo(12);
        assertThat(FindOp.parseSize("lots")).isEqualTo(-1);
        assertThat(FindOp.parseSize("99999999P")).isEqualTo(-1);
    }

    @Test
    void nonAsciiNamesAndValuesAndWholeEntriesComeBackExactly() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("u"));
        TreeFixture.write(p, "données/échantillon-😀.fastq", "@r\nAC\n+\nII\n");
        TreeFixture.write(p, "plain.txt", "x");
        try (Repository repo = Repository.init(p)) {
            repo.setMetadata("données/échantillon-😀.fastq", java.util.Map.of("species", "Homo sapiens ♀", "n", "1"));
            repo.commit().setMessage("v1").call();
            TreeEntry direct = repo.listTree("HEAD").stream()
                .filter(e -> e.path().startsWith("données/é")).findFirst().orElseThrow();
            for (int round = 0; round < 2; round++) { // builds the search index, then reads it
                List<FindCommand.Match> m = repo.find().addExpression("species~Homo*").call();
                assertThat(m).hasSize(1);
                assertThat(m.get(0).entry()).isEqualTo(direct);
                assertThat(paths(repo.find().addExpression("path~*😀*").call())).containsExactly(direct.path());
                assertThat(paths(repo.find().addExpression("sha256=" + direct.sha256().toHex()).call()))
                    .containsExactly(direct.path());
                assertThat(repo.find().addExpression("md5=nothex").call()).isEmpty();
            }
        }
    }
}
