package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.damnit.EntryType;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;

/** The records whose equals and hashCode are written out compare every component, as generated ones would. */
class RecordEqualityTest {
    private static final ObjectId A = ObjectDb.sha256(new byte[] {1}, 0, 1);
    private static final ObjectId B = ObjectDb.sha256(new byte[] {2}, 0, 1);

    private static Node node() {
        return new Node("f", EntryType.FILE, 3, false, 7, A, "md5", List.of(new Node.Piece(A, 3)), null, "t",
            new TreeMap<>(java.util.Map.of("k", "v")));
    }

    /** Another value of the same type as {@code v}. */
    private static Object other(Class<?> type, Object v) {
        if (type == String.class) {
            return v + "x";
        } else if (type == long.class) {
            return (long) v + 1;
        } else if (type == boolean.class) {
            return !(boolean) v;
        } else if (type == EntryType.class) {
            return v == EntryType.FILE ? EntryType.SYMLINK : EntryType.FILE;
        } else if (type == ObjectId.class) {
            return B.equals(v) ? A : B;
        } else if (type == List.class) {
            return List.of(new Node.Piece(B, 1));
        } else if (type == java.util.SortedMap.class) {
            return new TreeMap<>(java.util.Map.of("k", "w"));
        } else if (type == Node.class) {
            return ((Node) v).withName("g");
        }
        throw new AssertionError("no other value for " + type);
    }

    private static void everyComponentCounts(Record base) throws Exception {
        RecordComponent[] rc = base.getClass().getRecordComponents();
        Class<?>[] types = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<?> make = base.getClass().getDeclaredConstructor(types);
        Object[] values = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            rc[i].getAccessor().setAccessible(true);
            values[i] = rc[i].getAccessor().invoke(base);
        }
        make.setAccessible(true);
        Object same = make.newInstance(values.clone());
        assertThat(same).isEqualTo(base).hasSameHashCodeAs(base);
        for (int i = 0; i < rc.length; i++) {
            Object[] changed = values.clone();
            changed[i] = other(types[i], values[i]);
            assertThat(make.newInstance(changed)).as(rc[i].getName()).isNotEqualTo(base);
        }
        assertThat(base).isNotEqualTo(null).isNotEqualTo("other");
    }

    @Test
    void nodePieceAndStatCompareEveryComponent() throws Exception {
        everyComponentCounts(node());
        everyComponentCounts(new Node.Piece(A, 3));
        everyComponentCounts(new StatIndex.Stat(3, 7, "(dev=1,ino=2)", false, node()));
    }
}
