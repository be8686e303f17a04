package org.damnit.core;

import java.util.Comparator;
import org.damnit.BadPathException;

/**
 * Rules for entry names and repository-relative paths. A file name is bytes; in memory it is a String
 * that holds the bytes' UTF-8 text, each byte that is not part of valid UTF-8 standing as the lone
 * surrogate U+DC80 + (byte - 0x80) ("surrogateescape"), so that every name, whatever its bytes, maps to
 * exactly one String and back ({@link #fromBytes}, {@link #toBytes}).
 */
final class Names {
    /** Byte order of the names' bytes (code-point order, which equals it, unless an escaped byte is involved). */
    static final Comparator<String> ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                if (isEscapedByte(ca) || isEscapedByte(cb)) {
                    return java.util.Arrays.compareUnsigned(toBytes(a.substring(i)), toBytes(b.substring(j)));
                }
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private static boolean isEscapedByte(int c) {
        return c >= 0xDC80 && c <= 0xDCFF;
    }

    /** The name a String stands for, as bytes ({@link org.damnit.PathRules#toBytes}). */
    static byte[] toBytes(String s) {
        return org.damnit.PathRules.toBytes(s);
    }

    /** Whether the String holds bytes that are not valid UTF-8 (as lone surrogates U+DC80..U+DCFF). */
    static boolean hasEscapedBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (isEscapedByte(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The String for a name's bytes ({@link org.damnit.PathRules#fromBytes}). */
    static String fromBytes(byte[] b) {
        return org.damnit.PathRules.fromBytes(b);
    }

    /** Path order: component by component, so "a/b" sorts before "a.txt" exactly as a tree walk yields them. */
    static final Comparator<String> PATH_ORDER = (a, b) -> {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = ORDER.compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private Names() {
    }

    /** A single entry name as it may appear in a tree (a backslash is an ordinary byte of a name). */
    static boolean isValidName(String n) {
        return n != null && !n.isEmpty() && !n.equals(".") && !n.equals("..") && n.indexOf('/') < 0
            && n.indexOf('\0') < 0 && n.length() <= 4096;
    }

    /** Whether a name needs tree format 2: bytes that are not UTF-8, or a backslash (format 1 refused both). */
    static boolean needsFormat2(String n) {
        return n.indexOf('\\') >= 0 || hasEscapedBytes(n);
    }

    /**
     * Normalises a user-supplied repository-relative path ("a/b", "./a/b/", "a//b"); "" or "." is the
     * root. Rejects absolute paths and any ".." component.
     */
    static String normalize(String path) throws BadPathException {
        if (path.indexOf('\0') >= 0) {
            throw new BadPathException("path contains a NUL byte");
        }
        // a backslash separates only where the platform says so; elsewhere it is part of a name
        String p = java.io.File.separatorChar == '\\' ? path.replace('\\', '/') : path;
        if (p.startsWith("/")) {
            throw new BadPathException("path must be relative to the project root: " + path);
        }
        StringBuilder out = new StringBuilder();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new BadPathException("path leaves the project tree: " + path);
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(seg);
        }
        return out.toString();
    }

    /** The directory part of a repository-relative path ("" at the top). */
    static String parentOf(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }
}
