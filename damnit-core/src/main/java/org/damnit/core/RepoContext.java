package org.damnit.core;

import org.damnit.Repository;
import org.damnit.store.Store;

/**
 * What every operation works on: the repository's parts, one concern each. Operations receive it and
 * never each other; one that needs another verb (a pull restores, a revert commits) calls it through the
 * public API, {@link #porcelain()}.
 *
 * @param porcelain the repository as the API sees it, for composing verbs
 */
record RepoContext(RepoPaths paths, ConfigFile configFile, Store store, ObjectDb db, ChunkStore chunks, Refs refs,
                   Trees trees, Revisions revisions, Remotes remotes, Repository porcelain) {
    Config config() {
        return configFile.get();
    }
}
