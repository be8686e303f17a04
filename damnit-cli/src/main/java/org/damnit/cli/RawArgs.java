package org.damnit.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.damnit.PathRules;

/**
 * The command's arguments as their bytes: a JVM in an ASCII locale (LANG=C under cron, in containers,
 * on batch nodes) decodes {@code café.txt} to {@code caf\uFFFD\uFFFD.txt}; where an argument holds
 * U+FFFD, its bytes are read again from {@code /proc/self/cmdline} (Linux), which ends with them.
 */
final class RawArgs {
    private RawArgs() {
    }

    static String[] recover(String[] args) {
        boolean lossy = false;
        for (String a : args) {
            lossy |= a.indexOf('\uFFFD') >= 0;
        }
        if (!lossy) {
            return args;
        }
        try {
            byte[] all = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<byte[]> parts = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == 0) {
                    parts.add(java.util.Arrays.copyOfRange(all, start, i));
                    start = i + 1;
                }
            }
            if (parts.size() < args.length) {
                return args;
            }
            String[] out = args.clone();
            int base = parts.size() - args.length;
            for (int i = 0; i < args.length; i++) {
                byte[] raw = parts.get(base + i);
                String decoded = new String(raw, StandardCharsets.US_ASCII);
                if (args[i].indexOf('\uFFFD') >= 0 && sameShape(args[i], raw)) {
                    out[i] = PathRules.fromBytes(raw);
                } else if (!decoded.equals(args[i]) && args[i].chars().allMatch(c -> c < 0x80)) {
                    return args; // the command line is not what it seems: keep what the JVM gave
                }
            }
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            return args;
        }
    }

    /** Whether {@code raw} agrees with the lossy argument in every ASCII character. */
    private static boolean sameShape(String lossy, byte[] raw) {
        StringBuilder ascii = new StringBuilder();
        for (byte b : raw) {
            ascii.append(b >= 0 ? (char) b : '?');
        }
        return ascii.toString().replaceAll("\\?+", "?").equals(lossy.replaceAll("\uFFFD+", "?"));
    }
}
