package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.damnit.ObjectId;

class LiveSetTest {
    @Property(tries = 50)
    void everyAddedIdIsFoundAndRandomOthersAlmostNever(@ForAll @IntRange(min = 0, max = 20_000) int n,
                                                       @ForAll long seed) {
        Random r = new Random(seed);
        LiveSet live = new LiveSet();
        Set<ObjectId> added = new HashSet<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[32];
            r.nextBytes(b);
            ObjectId id = ObjectId.of(b);
            live.add(id);
            added.add(id);
            if (i % 7 == 0) {
                live.add(id); // duplicates are harmless
            }
        }
        for (ObjectId id : added) {
            assertThat(live.contains(id)).isTrue();
        }
        assertThat(live.size()).isEqualTo(added.size());
        int falsePositives = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[32];
            r.nextBytes(b);
            falsePositives += live.contains(ObjectId.of(b)) ? 1 : 0;
        }
        assertThat(falsePositives).isZero();
    }
}
