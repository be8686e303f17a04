package org.damnit;

import java.util.regex.Pattern;

/** What a metadata key and value may be, for files and commits alike. */
public final class MetadataRules {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private MetadataRules() {
    }

    /**
     * Returns null if {@code key} and {@code value} are acceptable (a null value, meaning "remove", is),
     * otherwise what is wrong with them.
     *
     * @param key   the key: 1-128 letters, digits, '.', '_', '-' or ':'
     * @param value the value: one line, or null
     * @return null, or the problem in words
     */
    public static String problem(String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            return "bad metadata key '" + key + "': use 1-128 letters, digits, '.', '_', '-' or ':'";
        }
        if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
            return "metadata value for '" + key + "' must be one line";
        }
        return null;
    }
}
