package org.damnit.core;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.damnit.CorruptObjectException;

/**
 * Decodes payloads, in a JVM of its own with a small heap ({@link HostilePayloads}): arguments the codec
 * id, the payload file (or a directory of them), the base file (or "-": none) and the raw length. For one
 * file it prints "corrupt: " and the message, or "decoded " and the length; for a directory, per file
 * (by name) a line: the name, "decoded", "corrupt" or "error" and what was thrown, the bytes the decode
 * allocated and its nanoseconds. An OutOfMemoryError of one file ends it.
 */
public final class DecodeChild {
    private DecodeChild() {
    }

    public static void main(String[] args) throws Exception {
        ChunkCodec codec = ChunkCodecs.byId(Integer.parseInt(args[0]));
        Path payloads = Path.of(args[1]);
        byte[] base = "-".equals(args[2]) ? null : Files.readAllBytes(Path.of(args[2]));
        int rawLength = Integer.parseInt(args[3]);
        if (!Files.isDirectory(payloads)) {
            byte[] payload = Files.readAllBytes(payloads);
            try {
                byte[] out = codec.decode("pack 1", base, payload, 0, payload.length, rawLength);
                System.out.println("decoded " + out.length);
            } catch (CorruptObjectException e) {
                System.out.println("corrupt: " + e.getMessage());
            }
            return;
        }
        // zstd-jni's native library is loaded (unpacked from its jar) on first use, which newer JDKs make cost
        // megabytes: loaded here, so that it counts against no payload's decode
        byte[] z = com.github.luben.zstd.Zstd.compress(new byte[64]);
        Delta.unzstd("warm-up", z, 0, z.length, 64);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        List<Path> files;
        try (Stream<Path> s = Files.list(payloads)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            byte[] payload = Files.readAllBytes(f);
            String outcome;
            long allocated = threads.getThreadAllocatedBytes(me);
            long t = System.nanoTime();
            try {
                byte[] out = codec.decode("pack 1", base, payload, 0, payload.length, rawLength);
                outcome = out.length == rawLength ? "decoded" : "error length " + out.length;
            } catch (CorruptObjectException e) {
                // the chunk named: damaged, or (a zstd frame within the payload) does not decompress
                outcome = e.getMessage().startsWith("pack 1 is damaged") || e.getMessage().startsWith("pack 1 does not")
                    ? "corrupt" : "error " + e.getMessage();
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                outcome = "error " + e;
            }
            t = System.nanoTime() - t;
            allocated = threads.getThreadAllocatedBytes(me) - allocated;
            System.out.println(f.getFileName() + " " + outcome.replace('\n', ' ') + " " + allocated + " " + t);
        }
    }
}
