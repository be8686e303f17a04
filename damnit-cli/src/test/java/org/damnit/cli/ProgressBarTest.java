package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static List<String> frames(StringWriter w) {
        return Arrays.stream(w.toString().split("\r")).filter(f -> !f.isEmpty()).toList();
    }

    @Test
    void aShorterFrameCoversTheLongerOneBeforeIt() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), true);
        bar.start("restoring", 100L << 20);
        bar.advance(1 << 20); // drawn with an ETA
        bar.advance(99 << 20); // too soon to draw
        bar.end(); // done: no ETA, a shorter text
        List<String> f = frames(w);
        assertThat(f).hasSize(2);
        assertThat(f.get(0)).contains("ETA");
        assertThat(f.get(1)).doesNotContain("ETA").endsWith("\n");
        assertThat(f.get(1).length() - 1).as("the last frame is padded over the first").isGreaterThanOrEqualTo(f.get(0).length());
    }

    @Test
    void theTotalIsNeverOvershot() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), true);
        bar.start("copying", 1000);
        bar.advance(1500);
        bar.end();
        assertThat(w.toString()).contains("100% 1000 B / 1000 B").doesNotContain("1500").doesNotContain("150%");
    }

    @Test
    void clearLeavesABlankLineForTheMessageAfterIt() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), true);
        bar.start("verifying", -1);
        bar.advance(5);
        bar.clear();
        String s = w.toString();
        assertThat(s).endsWith("\r");
        String wipe = s.substring(s.lastIndexOf('\r', s.length() - 2) + 1, s.length() - 1);
        assertThat(wipe).isBlank().hasSizeGreaterThanOrEqualTo(s.indexOf('\r', 1) - 1);
    }

    @Test
    void disabledDrawsNothing() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), false);
        bar.start("x", 10);
        bar.advance(5);
        bar.end();
        assertThat(w.toString()).isEmpty();
    }
}
