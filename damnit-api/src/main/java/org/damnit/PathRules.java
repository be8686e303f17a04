package org.damnit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What may be written into a working tree, and how DAMNIT names its own temporary files there. Shared
 * by every writer (restore, revert, uploads) so that they all refuse the same paths.
 */
public final class PathRules {
    /** The directory that holds a repository, at the root of a project. */
    public static final String REPO_DIR = ".damnit";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HOST = host();
    private static final Pattern TEMPORARY = Pattern.compile("\\.damnit-([0-9a-f]{4})-([0-9]{1,19})-[0-9a-f]{12}\\.tmp");
    /** Names that earlier versions gave their temporary files beside a destination. */
    private static final Pattern OLD_TEMPORARY = Pattern.compile(
        "\\..+\\.damnit-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

    private PathRules() {
    }

    /**
     * Returns null if a file ({@code directory} false) or directory may be created at the
     * '/'-separated path {@code rel} of a working tree, otherwise why not: no directory on the way may be
     * named {@value #REPO_DIR} (that would plant a repository, or write into one), and nothing at the
     * root may take that name.
     *
     * @param rel       the path, '/'-separated, relative to the working tree's root
     * @param directory whether a directory (rather than a file) would be created there
     * @return null, or the reason in words
     */
    public static String problem(String rel, boolean directory) {
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (parts[i].equals(REPO_DIR) && (!last || directory || parts.length == 1)) {
                return "'" + rel + "': " + REPO_DIR + " holds a repository; nothing is written into or as one";
            }
        }
        return null;
    }

    /**
     * A new name for a temporary file of DAMNIT's own, short (38 bytes) whatever the name of the file
     * it will replace, and recognisable by {@link #isTemporary}.
     *
     * @return a name with this host's and process's marks and 48 random bits
     */
    public static String temporaryName() {
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        return ".damnit-" + HOST + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r) + ".tmp";
    }

    /**
     * Whether {@code name} is that of a temporary file DAMNIT makes in a working tree (never committed).
     *
     * @param name a file name (not a path)
     * @return whether it has the form of {@link #temporaryName()} or that of an earlier version
     */
    public static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp")
            && (TEMPORARY.matcher(name).matches() || OLD_TEMPORARY.matcher(name).matches());
    }

    /**
     * Whether a temporary file of that name, last modified {@code ageMillis} ago, is a leftover: its
     * process, on this host, is gone; or it is older than a day (a name from another host, or an
     * earlier version, carries no process that can be checked here).
     *
     * @param name      a file name (not a path)
     * @param ageMillis how long ago the file was last modified
     * @return whether it may be deleted
     */
    public static boolean isLeftover(String name, long ageMillis) {
        if (ageMillis > 24L * 3600 * 1000) {
            return isTemporary(name);
        }
        var m = TEMPORARY.matcher(name);
        if (!m.matches() || !m.group(1).equals(HOST)) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(m.group(2))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * File names are bytes; a String holds a name's UTF-8 text with each byte that is not part of
     * valid UTF-8 as the lone surrogate U+DC80 + (byte - 0x80), so every name maps to exactly one
     * String and back. This gives the bytes of such a String.
     *
     * @param s a name or path held that way
     * @return its bytes
     */
    public static byte[] toBytes(String s) {
        if (s.chars().noneMatch(c -> c >= 0xDC80 && c <= 0xDCFF)) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() + 8);
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                out.writeBytes(s.substring(start, i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.write(c - 0xDC00);
                start = i + 1;
            }
        }
        out.writeBytes(s.substring(start).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * The String for a name's bytes: their UTF-8 text, each byte outside valid UTF-8 escaped; the
     * inverse of {@link #toBytes(String)}.
     *
     * @param b a name's or path's bytes
     * @return the String that holds them
     */
    public static String fromBytes(byte[] b) {
        java.nio.charset.CharsetDecoder d = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length + 1);
        while (true) {
            java.nio.charset.CoderResult r = d.decode(in, out, true);
            if (r.isUnderflow()) {
                d.flush(out);
                break;
            }
            if (r.isError()) {
                for (int k = 0; k < r.length(); k++) {
                    out.put((char) (0xDC00 + (in.get() & 0xff)));
                }
            } else {
                throw new IllegalStateException(r.toString());
            }
        }
        return out.flip().toString();
    }

    /**
     * A name or path as people can read it whatever the terminal: each byte that is not part of valid
     * UTF-8 (held as U+DC80 + byte - 0x80, see the names of {@link TreeEntry#path()}) and each control
     * character is shown as {@code \xHH}; everything else as it is.
     *
     * @param s a name or path
     * @return the text to show
     */
    public static String display(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone || c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(String.format("\\x%02x", lone ? c - 0xDC00 : (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static String host() {
        String h = System.getenv("COMPUTERNAME");
        try {
            h = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            h = h != null ? h : String.valueOf(System.getenv("HOSTNAME"));
        }
        return String.format("%04x", h.hashCode() & 0xffff);
    }
}
