package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.damnit.ObjectId;
import org.damnit.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A codec 12 payload built by hand as FORMAT describes it, whose base cannot be read from the store. */
class FastqFromBamFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aBaseTheStoreCannotReadIsAStorageErrorNotDamage() throws Exception {
        Columns.Sink s = new Columns.Sink();
        s.put(1); // version
        s.varint(1); // one base
        s.varint(1); // F + 1: its first record at 0
        s.varint(1); // C
        s.put(0); // S
        s.varint(1); // K items
        Columns.Sink ops = new Columns.Sink();
        ops.put(1); // a read of record 0, no suffix, no comment
        s.block(Columns.pack(ops));
        s.block(Columns.pack(new Columns.Sink()));
        s.block(Columns.pack(new Columns.Sink()));
        s.varint(1); // pointers of one bit
        s.block(new byte[] {0});
        s.varint(0); // no own bytes
        s.put(0);
        byte[] payload = s.bytes();
        ObjectId base = ObjectId.of(new byte[32]);
        BamRecords records = new BamRecords(tmp.resolve("cache"));
        BamRecords.Chunks unreachable = id -> {
            throw new StorageException("cannot read packs/x: connection reset");
        };
        assertThatThrownBy(() -> FastqFromBam.decode("chunk 1", List.of(base), records, unreachable, payload, 0,
            payload.length, 100)).isInstanceOf(StorageException.class);
    }
}
