package org.damnit.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one aux tag and type (two letters and the type, the key) in a column of their own, as
 * the SAM and BAM record codecs store them; a record's tags are a signature, the list of its keys.
 */
final class TagColumn {
    final byte[] key;
    final Columns.Sink column = new Columns.Sink(64);

    TagColumn(byte[] key) {
        this.key = key;
    }

    /** The columns: their count, then each key and packed column. */
    static void write(List<TagColumn> columns, Columns.Sink out) {
        out.varint(columns.size());
        for (TagColumn t : columns) {
            out.put(t.key, 0, 3);
            out.block(Columns.pack(t.column));
        }
    }

    /** The columns {@link #write} wrote, by key (letters and type as a 24-bit number). */
    static Map<Integer, Columns.Source> read(Columns.Source in, int rawLength, long max, Columns.Budget budget) {
        int count = in.count(rawLength);
        Map<Integer, Columns.Source> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int key = in.get() << 16 | in.get() << 8 | in.get();
            tags.put(key, Columns.unpack(in.block(), max, budget));
        }
        return tags;
    }

    /** The next signature of the dictionary: its count of keys, then each key's three bytes. */
    static int[] signature(Columns.Source dict) {
        int count = dict.count(dict.remaining() / 3);
        int[] keys = new int[count];
        for (int i = 0; i < count; i++) {
            keys[i] = dict.get() << 16 | dict.get() << 8 | dict.get();
        }
        return keys;
    }
}
