package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.damnit.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A codec 12 chunk whose reads lie in many BAM content chunks, decoded where few files may be open. */
class FastqFromBamOpenFilesTest {
    @TempDir
    Path tmp;

    /** Decodes a payload naming one record in each of {@code args[1]} chunks of the records in {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        byte[] d = Files.readAllBytes(Path.of(args[0]));
        int nb = Integer.parseInt(args[1]);
        int first = 12 + BamCodec.le32(d, 4);
        first += 4 + BamCodec.le32(d, first) + 4;
        List<Integer> starts = new ArrayList<>();
        int end = first;
        for (int p = first, e; (e = SamText.recordEnd(d, p, d.length)) >= 0; p = e) {
            starts.add(p);
            end = e;
        }
        starts.add(end);
        int per = (starts.size() - 1) / nb;
        List<ObjectId> bases = new ArrayList<>();
        Map<ObjectId, byte[]> chunks = new HashMap<>();
        Columns.Sink s = new Columns.Sink();
        s.put(1);
        s.varint(nb);
        long raw = 0;
        for (int i = 0; i < nb; i++) {
            byte[] c = java.util.Arrays.copyOfRange(d, starts.get(i * per), starts.get((i + 1) * per));
            ObjectId id = ObjectDb.sha256(c, 0, c.length);
            bases.add(id);
            chunks.put(id, c);
            s.varint(1);
            s.varint(per);
            s.put(0);
            int r = starts.get(i * per);
            raw += (d[r + 12] & 0xFF) + 2L * BamCodec.le32(d, r + 20) + 5;
        }
        Columns.Sink ops = new Columns.Sink();
        int width = 32 - Integer.numberOfLeadingZeros(nb * per);
        long acc = 0;
        int held = 0;
        Columns.Sink bits = new Columns.Sink();
        for (int i = 0; i < nb; i++) { // the first record of each chunk
            ops.put(1);
            long g = (long) i * per;
            for (int b = width - 1; b >= 0; b--) {
                acc = acc << 1 | (g >>> b & 1);
                if (++held == 8) {
                    bits.put((int) acc);
                    acc = 0;
                    held = 0;
                }
            }
        }
        if (held > 0) {
            bits.put((int) (acc << (8 - held)));
        }
        s.varint(nb);
        s.block(Columns.pack(ops));
        s.block(Columns.pack(new Columns.Sink()));
        s.block(Columns.pack(new Columns.Sink()));
        s.varint(width);
        s.block(bits.bytes());
        s.varint(0);
        s.put(0);
        byte[] payload = s.bytes();
        BamRecords records = new BamRecords(Path.of(args[2]));
        BamRecords.Chunks reader = chunks::get;
        try {
            byte[] out = FastqFromBam.decode("chunk 1", bases, records, reader, payload, 0, payload.length, (int) raw);
            System.out.println("decoded " + out.length);
        } catch (Exception e) {
            System.out.println("failed: " + e);
        }
    }

    private String child(Path content, int bases, int openFiles) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = tmp.resolve("child-" + bases + ".out");
        String cmd = "ulimit -n " + openFiles + " && exec '" + java + "' -Xmx128m -cp '" + System.getProperty("java.class.path")
            + "' " + FastqFromBamOpenFilesTest.class.getName() + " " + content + " " + bases + " " + tmp.resolve("cache-" + bases);
        Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.waitFor();
        return Files.readString(out).strip();
    }

    @Test
    void aChunkOfReadsFromManyBamChunksIsDecodedWithFewFilesOpen() throws Exception {
        byte[] d = GenomicsTools.bamContent(tmp, new String(ReadsFixture.sam(8, 300, false), StandardCharsets.ISO_8859_1));
        Path content = Files.write(tmp.resolve("content"), d);
        assertThat(child(content, 10, 60)).startsWith("decoded");
        assertThat(child(content, 190, 60)).as("190 bases where 60 files may be open").startsWith("decoded");
    }
}
