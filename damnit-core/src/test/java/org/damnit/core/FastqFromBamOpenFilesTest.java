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
        List<Integer> starts = FastqFromBamPayloads.records(d);
        int per = (starts.size() - 1) / nb;
        List<ObjectId> bases = new ArrayList<>();
        Map<ObjectId, byte[]> chunks = new HashMap<>();
        int[] firstOffsets = new int[nb];
        int[] counts = new int[nb];
        long[] places = new long[nb];
        long raw = 0;
        for (int i = 0; i < nb; i++) { // the first record of each chunk
            byte[] c = java.util.Arrays.copyOfRange(d, starts.get(i * per), starts.get((i + 1) * per));
            ObjectId id = ObjectDb.sha256(c, 0, c.length);
            bases.add(id);
            chunks.put(id, c);
            counts[i] = per;
            places[i] = (long) i * per;
            raw += FastqFromBamPayloads.fastqBytes(d, starts.get(i * per));
        }
        byte[] payload = FastqFromBamPayloads.payload(firstOffsets, counts, places);
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
