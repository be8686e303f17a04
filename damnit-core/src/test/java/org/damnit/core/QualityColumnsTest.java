package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The quality columns of the read codecs as a reader meets them in a damaged payload. */
class QualityColumnsTest {
    @Test
    void columnsTogetherLongerThanTheChunkAreDamageNotAnAllocationEach() {
        int rawLength = 1000;
        ColumnStreams.Out block = new ColumnStreams.Out(64);
        block.putVarint(4); // span
        block.putVarint(64); // columns
        for (int c = 0; c < 64; c++) {
            block.putVarint(rawLength); // each one repeated byte, rawLength long: 64 times the chunk
            block.put(3);
            block.put('I');
        }
        Columns.Sink s = new Columns.Sink(64);
        s.block(Arrays.copyOf(block.array(), block.size()));
        Columns.Source in = new Columns.Source(Arrays.copyOf(s.array(), s.length()));
        assertThatThrownBy(() -> new QualityColumns.Reader(in, rawLength)).isInstanceOf(Columns.Damaged.class);
    }
}
