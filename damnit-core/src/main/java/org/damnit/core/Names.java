package org.damnit.core;

import java.util.Comparator;
import org.damnit.BadPathException;

/** Rules for entry names and repository-relative paths. */
final class Names {
    /** Code-point order, which equals the byte order of the names' UTF-8 encoding. */
    static final Comparator<String> ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

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

    /** A single entry name as it may appear in a tree. */
    static boolean isValidName(String n) {
        return n != null && !n.isEmpty() && !n.equals(".") && !n.equals("..") && n.indexOf('/') < 0
            && n.indexOf('\0') < 0 && n.indexOf('\\') < 0 && n.length() <= 4096;
    }

    /**
     * Normalises a user-supplied repository-relative path ("a/b", "./a/b/", "a//b"); "" or "." is the
     * root. Rejects absolute paths and any ".." component.
     */
    static String normalize(String path) throws BadPathException {
        if (path.indexOf('\0') >= 0) {
            throw new BadPathException("path contains a NUL byte");
        }
        String p = path.replace('\\', '/');
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
