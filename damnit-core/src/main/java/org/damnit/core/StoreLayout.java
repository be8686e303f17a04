package org.damnit.core;

import java.util.List;
import java.util.Optional;
import org.damnit.ObjectId;

/**
 * The store's key layout (docs/FORMAT.md, "Layout"), and its only owner: each constant is one area
 * of write-once objects, {@code <prefix><first two hex digits>/<64 hex digits>}. Declaration order is the
 * publish order (what an object names is stored before it); {@link #DELETE_ORDER} is its reverse in
 * dependencies, so a crash in gc never leaves a key naming a missing one.
 */
enum StoreLayout {
    PACKS("packs/"), PACK_INDEXES("index/"), CONTAINERS("containers/"), TREES("trees/"), COMMITS("commits/");

    /** Where gc records what it condemned: {@code gc/<13-digit millis>-<uuid>}. */
    static final String GC_LISTS = "gc/";
    /**
     * Copy (push, fetch) in this order: a pack before its index, a container (which names chunks) after the
     * pack indexes, trees before the commits naming them.
     */
    static final List<StoreLayout> PUBLISH_ORDER = List.of(values());
    /** Delete in this order: a container before the chunks it names, an index before its pack, commits before their trees. */
    static final List<StoreLayout> DELETE_ORDER = List.of(CONTAINERS, PACK_INDEXES, PACKS, COMMITS, TREES);

    final String prefix;

    StoreLayout(String prefix) {
        this.prefix = prefix;
    }

    String key(ObjectId id) {
        String hex = id.toHex();
        return prefix + hex.substring(0, 2) + "/" + hex;
    }

    /** The listing prefix of the keys whose ids start with {@code hex} (two digits or more). */
    String keysStartingWith(String hex) {
        return prefix + hex.substring(0, 2) + "/";
    }

    boolean holds(String key) {
        return key.startsWith(prefix);
    }

    /** The area a key lies in, if any. */
    static Optional<StoreLayout> of(String key) {
        for (StoreLayout a : values()) {
            if (a.holds(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The id a key names (its last path segment), or null when that is not an object id. */
    static ObjectId idOf(String key) {
        String hex = lastSegment(key);
        return ObjectId.isValidHex(hex) ? ObjectId.fromHex(hex) : null;
    }

    /** The last segment of a key: the hex of the id it names, in an object area. */
    static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** A key's place in {@link #DELETE_ORDER}; keys outside the object areas (gc lists) come last. */
    static int deleteRank(String key) {
        Optional<StoreLayout> a = of(key);
        return a.isPresent() ? DELETE_ORDER.indexOf(a.get()) : DELETE_ORDER.size();
    }
}
