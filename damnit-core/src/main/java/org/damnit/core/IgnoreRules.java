package org.damnit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

    private record Rule(String base, Pattern pattern, boolean negate, boolean dirOnly, boolean anchored) {
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
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
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
            if (r.pattern.matcher(subject).matches()) {
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
        return new Rule(base, Pattern.compile(toRegex(line)), negate, dirOnly, anchored);
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
                if (doubleStar && atSegmentStart && (i + 2 == glob.length() || glob.charAt(i + 2) == '/')) {
                    if (i + 2 == glob.length()) {
                        re.append(".*");
                        i += 2;
                    } else {
                        re.append("(?:.*/)?");
                        i += 3;
                    }
                    continue;
                }
                re.append("[^/]*");
                i += doubleStar ? 2 : 1;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                    i++;
                    continue;
                }
                String body = glob.substring(i + 1, close);
                if (body.startsWith("!")) {
                    body = "^" + body.substring(1);
                }
                re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = close + 1;
            } else if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                int cp = glob.codePointAt(i); // whole code points: a surrogate pair quoted half by half never matches
                re.append(Pattern.quote(new String(Character.toChars(cp))));
                i += Character.charCount(cp) - 1;
                i++;
            }
        }
        return re.toString();
    }
}
