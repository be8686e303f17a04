package org.damnit.core;

/** The kinds of stored objects: the code in their header, and the area of the store they live in. */
enum ObjectKind {
    TREE(StoreLayout.TREES, 2), COMMIT(StoreLayout.COMMITS, 3);

    final StoreLayout area;
    final String prefix;
    final int code;

    ObjectKind(StoreLayout area, int code) {
        this.area = area;
        this.prefix = area.prefix;
        this.code = code;
    }

    String key(org.damnit.ObjectId id) {
        return area.key(id);
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
