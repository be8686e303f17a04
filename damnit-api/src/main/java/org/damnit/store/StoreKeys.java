package org.damnit.store;

/** Validation of store keys and ref names, shared by every backend. */
public final class StoreKeys {
    /** The longest key, in characters. */
    public static final int MAX_LENGTH = 1024;

    private StoreKeys() {
    }

    /**
     * Checks a key.
     *
     * @param key the key
     * @return {@code key}, if valid
     * @throws IllegalArgumentException if it is not (see {@link #isValid})
     */
    public static String check(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("invalid store key: '" + key + "'");
        }
        return key;
    }

    /**
     * Checks a prefix: it follows the key rules but may be empty or end with {@code /}.
     *
     * @param prefix the prefix
     * @return {@code prefix}, if valid
     * @throws IllegalArgumentException if it is not
     */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!isValid(p)) {
            throw new IllegalArgumentException("invalid store key prefix: '" + prefix + "'");
        }
        return prefix;
    }

    /**
     * Whether {@code key} is a valid key: 1 to {@link #MAX_LENGTH} characters from {@code [A-Za-z0-9._/-]},
     * no empty segment, no segment {@code .} or {@code ..}.
     *
     * @param key the key, may be null
     * @return whether it is valid
     */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == '/';
            if (!ok) {
                return false;
            }
        }
        for (String seg : key.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
