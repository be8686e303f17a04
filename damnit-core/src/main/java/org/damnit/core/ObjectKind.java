package org.damnit.core;

/** The kinds of stored objects, each under its own key prefix. */
enum ObjectKind {
    TREE("trees/", 2), COMMIT("commits/", 3);

    final String prefix;
    final int code;

    ObjectKind(String prefix, int code) {
        this.prefix = prefix;
        this.code = code;
    }

    String key(org.damnit.ObjectId id) {
        String hex = id.toHex();
        return prefix + hex.substring(0, 2) + "/" + hex;
    }

    static ObjectKind ofCode(int code) {
        for (ObjectKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
