package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;

class StoreLayoutTest {
    private static final ObjectId ID = ObjectId.fromHex("ab" + "0123456789".repeat(6) + "cd");

    @Test
    void keysFanOutByTheFirstTwoHexDigits() {
        assertThat(StoreLayout.PACKS.key(ID)).isEqualTo("packs/ab/" + ID.toHex());
        assertThat(StoreLayout.PACK_INDEXES.key(ID)).isEqualTo("index/ab/" + ID.toHex());
        assertThat(StoreLayout.TREES.key(ID)).isEqualTo("trees/ab/" + ID.toHex());
        assertThat(StoreLayout.COMMITS.key(ID)).isEqualTo("commits/ab/" + ID.toHex());
        assertThat(StoreLayout.COMMITS.keysStartingWith("ab01")).isEqualTo("commits/ab/");
        assertThat(ObjectKind.TREE.key(ID)).isEqualTo(StoreLayout.TREES.key(ID));
        assertThat(ObjectKind.COMMIT.key(ID)).isEqualTo(StoreLayout.COMMITS.key(ID));
    }

    @Test
    void idAndAreaComeBackFromAKey() {
        for (StoreLayout a : StoreLayout.values()) {
            String key = a.key(ID);
            assertThat(StoreLayout.idOf(key)).isEqualTo(ID);
            assertThat(StoreLayout.of(key)).contains(a);
            assertThat(a.holds(key)).isTrue();
        }
        assertThat(StoreLayout.of(StoreLayout.GC_LISTS + "0000000000001-x")).isEmpty();
        assertThat(StoreLayout.idOf(StoreLayout.GC_LISTS + "0000000000001-x")).isNull();
        assertThat(StoreLayout.idOf("packs/ab/not-hex")).isNull();
        assertThat(StoreLayout.of("packsx/ab/" + ID.toHex())).isEqualTo(Optional.empty());
    }

    @Test
    void publishOrderStoresWhatAnObjectNamesFirst() {
        // a pack before the index naming it; trees before the commits naming them
        List<StoreLayout> order = StoreLayout.PUBLISH_ORDER;
        assertThat(order).containsExactlyInAnyOrder(StoreLayout.values());
        assertThat(order.indexOf(StoreLayout.PACKS)).isLessThan(order.indexOf(StoreLayout.PACK_INDEXES));
        assertThat(order.indexOf(StoreLayout.TREES)).isLessThan(order.indexOf(StoreLayout.COMMITS));
    }

    @Test
    void deleteOrderRemovesWhatNamesAnObjectFirst() {
        List<String> keys = new ArrayList<>(List.of(StoreLayout.GC_LISTS + "1-x", StoreLayout.TREES.key(ID),
            StoreLayout.PACKS.key(ID), StoreLayout.COMMITS.key(ID), StoreLayout.PACK_INDEXES.key(ID)));
        keys.sort((a, b) -> Integer.compare(StoreLayout.deleteRank(a), StoreLayout.deleteRank(b)));
        assertThat(keys).containsExactly(StoreLayout.PACK_INDEXES.key(ID), StoreLayout.PACKS.key(ID),
            StoreLayout.COMMITS.key(ID), StoreLayout.TREES.key(ID), StoreLayout.GC_LISTS + "1-x");
        assertThat(StoreLayout.DELETE_ORDER).containsExactlyInAnyOrder(StoreLayout.values());
    }
}
