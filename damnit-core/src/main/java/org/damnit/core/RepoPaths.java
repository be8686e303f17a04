package org.damnit.core;

import java.nio.file.Path;

/** Where a repository keeps its files (docs/FORMAT.md, "Layout"). */
record RepoPaths(Path workTree, Path meta) {
    RepoPaths(Path workTree) {
        this(workTree, workTree.resolve(Scanner.REPO_DIR));
    }

    Path config() {
        return meta.resolve("config");
    }

    /** The file naming the current branch. */
    Path head() {
        return meta.resolve("HEAD");
    }

    /** The stat cache. */
    Path statCache() {
        return meta.resolve("index");
    }

    Path tmp() {
        return meta.resolve("tmp");
    }

    /** Derived data: the chunk index, sketches, search indexes, the read cache of a network store. */
    Path cache() {
        return meta.resolve("cache");
    }

    Path pendingMeta() {
        return meta.resolve("meta-pending");
    }

    /** The local-disk store, when the config names "local". */
    Path localStore() {
        return meta.resolve("store");
    }
}
