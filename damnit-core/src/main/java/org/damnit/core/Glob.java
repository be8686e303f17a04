package org.damnit.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A compiled glob, matched by simulating all of its positions at once (no backtracking), so a match
 * costs at most the glob's length per code point of the subject, whatever the pattern. Syntax as in
 * git: {@code *} (any run without {@code /}), {@code ?} (one code point but {@code /}), {@code [...]}
 * with ranges and a leading {@code !} or {@code ^} (never {@code /}), {@code \} escapes, and
 * {@code **} as a whole segment: {@code ** /} is zero or more directories, a trailing {@code /**}
 * everything below.
 */
final class Glob {
    /**
     * STAR and ANY_RUN may match nothing; {@code ** /} is DIRS_SKIP (nothing, or enter the loop) then
     * DIRS_LOOP (any code point, leaving after a {@code /}).
     */
    private enum Kind { LITERAL, ONE, CLASS, STAR, ANY_RUN, DIRS_SKIP, DIRS_LOOP }

    /** One position of the pattern. */
    private record Token(Kind kind, int cp, int[] ranges, boolean negated) {
        boolean accepts(int c) {
            return switch (kind) {
                case LITERAL -> c == cp;
                case ONE -> c != '/';
                case CLASS -> c != '/' && inRanges(c) != negated;
                default -> throw new AssertionError(kind);
            };
        }

        private boolean inRanges(int c) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Token[] tokens;

    private Glob(List<Token> tokens) {
        this.tokens = tokens.toArray(new Token[0]);
    }

    /** A glob in which {@code *} stops at {@code /} (ignore files). */
    static Glob compile(String glob) {
        return new Glob(parse(glob, false));
    }

    /** A glob in which {@code *} also crosses {@code /} (search expressions over whole paths). */
    static Glob compileCrossingSlashes(String glob) {
        return new Glob(parse(glob, true));
    }

    boolean matches(CharSequence subject) {
        int n = tokens.length;
        BitSet cur = new BitSet(n + 1);
        BitSet next = new BitSet(n + 1);
        cur.set(0);
        close(cur);
        for (int i = 0; i < subject.length() && !cur.isEmpty(); ) {
            int c = Character.codePointAt(subject, i);
            i += Character.charCount(c);
            next.clear();
            for (int s = cur.nextSetBit(0); s >= 0 && s < n; s = cur.nextSetBit(s + 1)) {
                Token t = tokens[s];
                switch (t.kind) {
                    case STAR -> {
                        if (c != '/') {
                            next.set(s);
                        }
                    }
                    case ANY_RUN -> next.set(s);
                    case DIRS_SKIP -> {
                        // consumes nothing; its successors are already in the set
                    }
                    case DIRS_LOOP -> {
                        next.set(s);
                        if (c == '/') {
                            next.set(s + 1);
                        }
                    }
                    default -> {
                        if (t.accepts(c)) {
                            next.set(s + 1);
                        }
                    }
                }
            }
            close(next);
            BitSet swap = cur;
            cur = next;
            next = swap;
        }
        return cur.get(n);
    }

    /** Adds the positions reachable by matching nothing (a star may be empty). */
    private void close(BitSet states) {
        for (int s = 0; s < tokens.length; s++) {
            if (!states.get(s)) {
                continue;
            }
            switch (tokens[s].kind) {
                case STAR, ANY_RUN -> states.set(s + 1);
                case DIRS_SKIP -> {
                    states.set(s + 1);
                    states.set(s + 2);
                }
                default -> {
                }
            }
        }
    }

    private static List<Token> parse(String glob, boolean starCrossesSlash) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
                if (doubleStar && atSegmentStart && (i + 2 == glob.length() || glob.charAt(i + 2) == '/')) {
                    if (i + 2 == glob.length()) {
                        out.add(new Token(Kind.ANY_RUN, 0, null, false));
                        i += 2;
                    } else {
                        out.add(new Token(Kind.DIRS_SKIP, 0, null, false));
                        out.add(new Token(Kind.DIRS_LOOP, 0, null, false));
                        i += 3;
                    }
                    continue;
                }
                Kind k = starCrossesSlash ? Kind.ANY_RUN : Kind.STAR;
                if (out.isEmpty() || out.get(out.size() - 1).kind != k) { // a run of stars is one star
                    out.add(new Token(k, 0, null, false));
                }
                i += doubleStar ? 2 : 1;
            } else if (c == '?') {
                out.add(new Token(Kind.ONE, 0, null, false));
                i++;
            } else if (c == '[' && glob.indexOf(']', i + 2) >= 0) {
                int close = glob.indexOf(']', i + 2);
                String body = glob.substring(i + 1, close);
                boolean negated = body.startsWith("!") || body.startsWith("^");
                if (negated) {
                    body = body.substring(1);
                }
                out.add(new Token(Kind.CLASS, 0, ranges(body), negated));
                i = close + 1;
            } else if (c == '\\' && i + 1 < glob.length()) {
                int cp = glob.codePointAt(i + 1);
                out.add(new Token(Kind.LITERAL, cp, null, false));
                i += 1 + Character.charCount(cp);
            } else {
                int cp = glob.codePointAt(i);
                out.add(new Token(Kind.LITERAL, cp, null, false));
                i += Character.charCount(cp);
            }
        }
        return out;
    }

    /** A class body ({@code a-z0-9_}) as inclusive code point ranges. */
    private static int[] ranges(String body) {
        int[] cps = body.codePoints().toArray();
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < cps.length; i++) {
            int lo = cps[i];
            if (i + 2 < cps.length && cps[i + 1] == '-') {
                r.add(lo);
                r.add(cps[i + 2]);
                i += 2;
            } else {
                r.add(lo);
                r.add(lo);
            }
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }
}
