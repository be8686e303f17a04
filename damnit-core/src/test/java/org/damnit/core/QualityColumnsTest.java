package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
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

    /**
     * Records of one read length (the reader's fast path: four qualities a column but in the last), of
     * mixed lengths, and of lengths past 64 columns of four, either strand: each record reads back as written.
     */
    @Property(tries = 60)
    void everyRecordReadsBackAsWritten(@ForAll @IntRange(min = 1, max = 400) int records,
                                       @ForAll @IntRange(min = 0, max = 300) int readLength,
                                       @ForAll @IntRange(min = 0, max = 3) int lengths, @ForAll long seed) {
        Random r = new Random(seed);
        byte[][] quals = new byte[records][];
        boolean[] reversed = new boolean[records];
        for (int i = 0; i < records; i++) {
            int len = switch (lengths) {
                case 0 -> readLength; // all alike
                case 1 -> Math.max(0, readLength - r.nextInt(8)); // trimmed a little
                case 2 -> r.nextInt(readLength + 1); // anything up to it
                default -> r.nextInt(2) == 0 ? readLength : 257 + r.nextInt(100); // past 64 columns of four
            };
            quals[i] = new byte[len];
            for (int j = 0; j < len; j++) { // as a sequencer's: each stretch of four positions a distribution of its own
                quals[i][j] = (byte) (33 + (r.nextInt(16) == 0 ? r.nextInt(41) : (j / 4 * 7) % 38 + r.nextInt(3)));
            }
            reversed[i] = r.nextBoolean();
        }
        // Columns of four win on enough records of a short-read length; past about 240 positions, a few
        // hundred records' 60-odd column tables cost more than they save, and the writer rightly takes one span.
        roundTrip(quals, reversed, lengths == 0 && records >= 200 && readLength >= 40 && readLength <= 160 ? 4 : 0);
    }

    /** A chunk of 150 bp reads is laid out in columns of four positions, and reads back. */
    @Test
    void readsOfOneLengthTakeColumnsOfFour() {
        everyRecordReadsBackAsWritten(2000, 150, 0, 7L);
        everyRecordReadsBackAsWritten(2000, 101, 0, 8L);
    }

    /** Writes the records' qualities as one chunk's columns and reads them back (span: the one expected, or 0: any). */
    private static void roundTrip(byte[][] quals, boolean[] reversed, int span) {
        int records = quals.length;
        QualityColumns.Writer w = new QualityColumns.Writer(1024);
        int raw = 0;
        for (int i = 0; i < records; i++) {
            w.add(quals[i], 0, quals[i].length, reversed[i]);
            raw += quals[i].length;
        }
        Columns.Sink sink = new Columns.Sink(1024);
        w.write(sink);
        QualityColumns.Reader reader = new QualityColumns.Reader(new Columns.Source(Arrays.copyOf(sink.array(), sink.length())),
            raw + 16);
        if (span != 0) {
            assertThat(reader.span()).isEqualTo(span);
        }
        for (int i = 0; i < records; i++) {
            byte[] out = new byte[quals[i].length + 6];
            Arrays.fill(out, (byte) '#');
            reader.next(out, 3, quals[i].length, reversed[i]);
            assertThat(Arrays.copyOfRange(out, 3, 3 + quals[i].length)).as("record %d", i).isEqualTo(quals[i]);
            assertThat(new byte[] {out[0], out[1], out[2], out[out.length - 3], out[out.length - 2], out[out.length - 1]})
                .as("bytes around record %d", i).containsOnly((byte) '#');
        }
    }
}
