package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.damnit.EntryType;
import org.damnit.ScanOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    @TempDir
    Path root;

    private List<String> scan(ScanOrder order) throws IOException {
        List<String> out = new ArrayList<>();
        new Scanner(root, order, (rel, why) -> out.add("skipped:" + rel)).scan(f -> out.add(f.rel()));
        return out;
    }

    private void tree() throws IOException {
        for (String f : List.of("b/x.txt", "a/c/deep.txt", "a/z.txt", "a.txt", "c.txt")) {
            TreeFixture.write(root, f, f);
        }
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve(".damnit/store"));
        Files.createSymbolicLink(root.resolve("link"), root.resolve("a"));
    }

    @Test
    void depthFirstIsPreOrderInNameOrder() throws IOException {
        tree();
        assertThat(scan(ScanOrder.DEPTH_FIRST)).containsExactly(
            "a", "a/c", "a/c/deep.txt", "a/z.txt", "a.txt", "b", "b/x.txt", "c.txt", "empty", "link");
    }

    @Test
    void breadthFirstIsLevelByLevel() throws IOException {
        tree();
        assertThat(scan(ScanOrder.BREADTH_FIRST)).containsExactly(
            "a", "a.txt", "b", "c.txt", "empty", "link", "a/c", "a/z.txt", "b/x.txt", "a/c/deep.txt");
    }

    @Test
    void bothOrdersFindTheSameSetAndNeverFollowLinks() throws IOException {
        tree();
        assertThat(new HashSet<>(scan(ScanOrder.DEPTH_FIRST))).isEqualTo(new HashSet<>(scan(ScanOrder.BREADTH_FIRST)));
        List<Scanner.Found> found = new ArrayList<>();
        new Scanner(root, ScanOrder.DEPTH_FIRST, (r, w) -> { }).scan(found::add);
        Scanner.Found link = found.stream().filter(f -> f.rel().equals("link")).findFirst().orElseThrow();
        assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
        assertThat(found).noneMatch(f -> f.rel().startsWith("link/") || f.rel().startsWith(".damnit"));
    }

    @Test
    void specialFilesAreSkippedAndReported() throws Exception {
        TreeFixture.write(root, "a.txt", "a");
        Process p = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
        if (p.waitFor() != 0) {
            return; // no mkfifo on this system
        }
        assertThat(scan(ScanOrder.DEPTH_FIRST)).containsExactlyInAnyOrder("a.txt", "skipped:pipe");
    }

    @Test
    void ignoreRulesFollowGitignoreSyntax() {
        IgnoreRules r = IgnoreRules.of("", String.join("\n",
            "# comment", "*.tmp", "!important.tmp", "build/", "/rooted.txt", "docs/**/*.pdf", "**/cache", "a?c",
            "[xy].log", "\\#hash"));
        assertThat(r.isIgnored("x.tmp", false)).isTrue();
        assertThat(r.isIgnored("deep/dir/x.tmp", false)).isTrue();
        assertThat(r.isIgnored("important.tmp", false)).isFalse();
        assertThat(r.isIgnored("build", true)).isTrue();
        assertThat(r.isIgnored("build", false)).as("dir-only pattern").isFalse();
        assertThat(r.isIgnored("sub/build", true)).isTrue();
        assertThat(r.isIgnored("rooted.txt", false)).isTrue();
        assertThat(r.isIgnored("sub/rooted.txt", false)).isFalse();
        assertThat(r.isIgnored("docs/a/b/c.pdf", false)).isTrue();
        assertThat(r.isIgnored("docs/c.pdf", false)).isTrue();
        assertThat(r.isIgnored("other/c.pdf", false)).isFalse();
        assertThat(r.isIgnored("x/y/cache", true)).isTrue();
        assertThat(r.isIgnored("abc", false)).isTrue();
        assertThat(r.isIgnored("a/c", false)).isFalse();
        assertThat(r.isIgnored("x.log", false)).isTrue();
        assertThat(r.isIgnored("z.log", false)).isFalse();
        assertThat(r.isIgnored("#hash", false)).isTrue();
        assertThat(r.isIgnored("comment", false)).isFalse();
    }

    @Test
    void nestedIgnoreFilesApplyBelowTheirDirectory() {
        IgnoreRules r = IgnoreRules.of("", "*.bam\n").enterText("sub", "!keep.bam\n/local.txt\n");
        assertThat(r.isIgnored("a.bam", false)).isTrue();
        assertThat(r.isIgnored("sub/keep.bam", false)).isFalse();
        assertThat(r.isIgnored("sub/other.bam", false)).isTrue();
        assertThat(r.isIgnored("sub/local.txt", false)).isTrue();
        assertThat(r.isIgnored("local.txt", false)).isFalse();
    }
}
