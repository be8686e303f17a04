package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GlobTest {
    @Test
    void syntaxAsInGit() {
        assertThat(Glob.compile("*.bam").matches("a.bam")).isTrue();
        assertThat(Glob.compile("*.bam").matches("a/b.bam")).isFalse();
        assertThat(Glob.compileCrossingSlashes("*.bam").matches("a/b.bam")).isTrue();
        assertThat(Glob.compile("a?c").matches("abc")).isTrue();
        assertThat(Glob.compile("a?c").matches("a/c")).isFalse();
        assertThat(Glob.compile("[xy].log").matches("y.log")).isTrue();
        assertThat(Glob.compile("[!xy].log").matches("y.log")).isFalse();
        assertThat(Glob.compile("[!xy].log").matches("z.log")).isTrue();
        assertThat(Glob.compile("[a-c]").matches("b")).isTrue();
        assertThat(Glob.compile("[a-c]").matches("d")).isFalse();
        assertThat(Glob.compile("[!a]").matches("/")).as("a class never matches /").isFalse();
        assertThat(Glob.compile("docs/**/*.pdf").matches("docs/c.pdf")).isTrue();
        assertThat(Glob.compile("docs/**/*.pdf").matches("docs/a/b/c.pdf")).isTrue();
        assertThat(Glob.compile("docs/**/*.pdf").matches("other/c.pdf")).isFalse();
        assertThat(Glob.compile("out/**").matches("out/a/b")).isTrue();
        assertThat(Glob.compile("\\*").matches("*")).isTrue();
        assertThat(Glob.compile("\\*").matches("x")).isFalse();
        assertThat(Glob.compile("[ab").matches("[ab")).as("an unclosed class is literal").isTrue();
        assertThat(Glob.compile("😀?").matches("😀é")).as("whole code points").isTrue();
        assertThat(Glob.compile("line*").matches("line\nbreak")).isTrue();
        assertThat(Glob.compile("").matches("")).isTrue();
        assertThat(Glob.compile("").matches("x")).isFalse();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPatternThatMakesRegexesBacktrackStillTakesOnePassPerName() {
        String hostile = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        String name = "a".repeat(5_000);
        assertThat(Glob.compile(hostile).matches(name)).isFalse();
        assertThat(Glob.compileCrossingSlashes(hostile).matches(name)).isFalse();
        assertThat(Glob.compileCrossingSlashes("**/" + hostile).matches(name + "/" + name + "b")).isTrue();
    }

    /** The same answers as a plain backtracking reference over small patterns and names. */
    @Property(tries = 2000)
    void agreesWithABacktrackingReference(@ForAll @StringLength(max = 7) @Chars({'a', 'b', '*', '?', '/'}) String glob,
                                          @ForAll @StringLength(max = 8) @Chars({'a', 'b', '/'}) String name) {
        assertThat(Glob.compile(glob).matches(name)).isEqualTo(reference(glob, 0, name, 0, false));
        assertThat(Glob.compileCrossingSlashes(glob).matches(name)).isEqualTo(reference(glob, 0, name, 0, true));
    }

    private static boolean reference(String g, int gi, String s, int si, boolean cross) {
        if (gi == g.length()) {
            return si == s.length();
        }
        char c = g.charAt(gi);
        if (c == '*') {
            boolean dbl = gi + 1 < g.length() && g.charAt(gi + 1) == '*';
            boolean segStart = gi == 0 || g.charAt(gi - 1) == '/';
            if (dbl && segStart && (gi + 2 == g.length() || g.charAt(gi + 2) == '/')) {
                if (gi + 2 == g.length()) {
                    return true;
                }
                // zero or more directories: skip "**/", or consume up to and including some '/'
                if (reference(g, gi + 3, s, si, cross)) {
                    return true;
                }
                for (int k = si; k < s.length(); k++) {
                    if (s.charAt(k) == '/' && reference(g, gi + 3, s, k + 1, cross)) {
                        return true;
                    }
                }
                return false;
            }
            int next = gi + (dbl ? 2 : 1);
            for (int k = si; k <= s.length(); k++) {
                if (reference(g, next, s, k, cross)) {
                    return true;
                }
                if (k < s.length() && s.charAt(k) == '/' && !cross) {
                    return false;
                }
            }
            return false;
        }
        if (si == s.length()) {
            return false;
        }
        if (c == '?') {
            return s.charAt(si) != '/' && reference(g, gi + 1, s, si + 1, cross);
        }
        return s.charAt(si) == c && reference(g, gi + 1, s, si + 1, cross);
    }
}
