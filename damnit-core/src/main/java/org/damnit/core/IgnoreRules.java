package org.damnit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code .damnitignore} files in gitignore syntax: blank lines and {@code #} comments are skipped;
 * {@code !} negates; a trailing {@code /} matches directories only; a pattern with a {@code /} other
 * than a trailing one is anchored to the directory of its file, otherwise it matches a name at any
 * depth below; {@code *}, {@code ?}, {@code [...]} and {@code **} as in git; {@code \} escapes. Deeper
 * files and later lines win. As in git, a file cannot be re-included when a parent directory is
 * excluded.
 */
final class IgnoreRules {
    static final String FILE_NAME = ".damnitignore";
    static final IgnoreRules EMPTY = new IgnoreRules(List.of());

    private record Rule(String base, Glob pattern, boolean negate, boolean dirOnly, boolean anchored) {
    }

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** These rules plus those of {@code dir/.damnitignore} (if present), whose relative path is {@code relDir}. */
    IgnoreRules enter(Path dir, String relDir) throws IOException {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return this;
        }
        List<Rule> added = new ArrayList<>(rules);
        for (String line : new String(RegularFiles.readAllBytes(f), StandardCharsets.UTF_8).split("\n", -1)) {
            Rule r = parse(relDir, line);
            if (r != null) {
                added.add(r);
            }
        }
        return new IgnoreRules(added);
    }

    /** These rules plus rules from text, as if read from an ignore file in directory {@code relDir}. */
    IgnoreRules enterText(String relDir, String text) {
        List<Rule> added = new ArrayList<>(rules);
        added.addAll(of(relDir, text).rules);
        return new IgnoreRules(added);
    }

    /** Rules from text, as if read from a file in directory {@code relDir}. */
    static IgnoreRules of(String relDir, String text) {
        List<Rule> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Rule r = parse(relDir, line);
            if (r != null) {
                out.add(r);
            }
        }
        return new IgnoreRules(out);
    }

    boolean isIgnored(String relPath, boolean directory) {
        boolean ignored = false;
        for (Rule r : rules) {
            if (r.dirOnly && !directory) {
                continue;
            }
            String sub;
            if (r.base.isEmpty()) {
                sub = relPath;
            } else if (relPath.startsWith(r.base + "/")) {
                sub = relPath.substring(r.base.length() + 1);
            } else {
                continue;
            }
            String subject = r.anchored ? sub : sub.substring(sub.lastIndexOf('/') + 1);
            if (r.pattern.matches(subject)) {
                ignored = !r.negate;
            }
        }
        return ignored;
    }

    private static Rule parse(String base, String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        // trailing unescaped spaces are ignored
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        line = line.substring(0, end);
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        boolean negate = false;
        if (line.startsWith("!")) {
            negate = true;
            line = line.substring(1);
        } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
            line = line.substring(1);
        }
        boolean dirOnly = false;
        if (line.endsWith("/") && !line.endsWith("\\/")) {
            dirOnly = true;
            line = line.substring(0, line.length() - 1);
        }
        boolean anchored = line.contains("/");
        if (line.startsWith("/")) {
            line = line.substring(1);
        }
        if (line.isEmpty()) {
            return null;
        }
        return new Rule(base, Glob.compile(line), negate, dirOnly, anchored);
    }
}
