package org.damnit.core;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** The columns: their count, then each key and packed column (adaptive). */
    static void write(List<TagColumn> columns, Columns.Sink out) {
        write(columns, out, false);
    }

    /** The columns: their count, then each key and packed column, static where {@code statics}. */
    static void write(List<TagColumn> columns, Columns.Sink out, boolean statics) {
        out.varint(columns.size());
        for (TagColumn t : columns) {
            out.put(t.key, 0, 3);
            out.block(Columns.pack(t.column, statics));
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

    /**
     * The signatures as a decoder meets them: {@link #next} reads a record's signature id, taking a new
     * signature from the dictionary; {@link #keys} and {@link #columns} are then that signature's.
     */
    static final class Decoded {
        private final Columns.Source dict;
        private final Map<Integer, Columns.Source> tags;
        private final List<int[]> keys = new ArrayList<>();
        private final List<Columns.Source[]> columns = new ArrayList<>();
        private int id;

        Decoded(Columns.Source dict, Map<Integer, Columns.Source> tags) {
            this.dict = dict;
            this.tags = tags;
        }

        void next(Columns.Source signatures) {
            id = signatures.count(keys.size());
            if (id == keys.size()) {
                int[] k = signature(dict);
                Columns.Source[] c = new Columns.Source[k.length];
                for (int i = 0; i < k.length; i++) {
                    c[i] = tags.get(k[i]);
                    if (c[i] == null) {
                        throw new Columns.Damaged("tag without a column");
                    }
                }
                keys.add(k);
                columns.add(c);
            }
        }

        int[] keys() {
            return keys.get(id);
        }

        Columns.Source[] columns() {
            return columns.get(id);
        }
    }

    /**
     * The signatures of a chunk's records as an encoder meets them: each record's keys are added
     * ({@link #start}, {@link #add}), then {@link #id} numbers the signature (writing a new one to the
     * dictionary) and {@link #columns} gives its keys' columns. Records mostly repeat the previous
     * record's signature, which costs no lookup.
     */
    static final class Signatures {
        private final Map<String, Integer> ids = new HashMap<>();
        private final Map<String, TagColumn> byKey = new HashMap<>();
        private final List<TagColumn[]> columns = new ArrayList<>();
        /** The columns in order of first use: what {@link #write} writes. */
        final List<TagColumn> order = new ArrayList<>();
        private byte[] keys = new byte[96];
        private int len;
        private byte[] last = new byte[96];
        private int lastLen = -1;
        private int lastId;

        void start() {
            len = 0;
        }

        void add(byte a, byte b, byte type) {
            if (len + 3 > keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
            keys[len++] = a;
            keys[len++] = b;
            keys[len++] = type;
        }

        int id(Columns.Sink dict) {
            if (len == lastLen && Arrays.equals(keys, 0, len, last, 0, len)) {
                return lastId;
            }
            String sig = new String(keys, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            Integer id = ids.get(sig);
            if (id == null) {
                id = ids.size();
                ids.put(sig, id);
                dict.varint(len / 3);
                dict.put(keys, 0, len);
                TagColumn[] c = new TagColumn[len / 3];
                for (int i = 0; i < c.length; i++) {
                    String key = sig.substring(3 * i, 3 * i + 3);
                    TagColumn t = byKey.get(key);
                    if (t == null) {
                        t = new TagColumn(Arrays.copyOfRange(keys, 3 * i, 3 * i + 3));
                        byKey.put(key, t);
                        order.add(t);
                    }
                    c[i] = t;
                }
                columns.add(c);
            }
            if (last.length < len) {
                last = new byte[keys.length];
            }
            System.arraycopy(keys, 0, last, 0, len);
            lastLen = len;
            lastId = id;
            return id;
        }

        TagColumn[] columns(int id) {
            return columns.get(id);
        }
    }
}
