package org.damnit.core;

import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.CorruptObjectException;

/**
 * Decodes one payload, in a JVM of its own with a small heap ({@link HostilePayloads#decodeInSmallHeap}):
 * arguments the codec id, the payload file, the base file (or "-": none) and the raw length. Prints
 * "corrupt: " and the message, or "decoded " and the length; anything else (an OutOfMemoryError) ends it
 * otherwise.
 */
public final class DecodeChild {
    private DecodeChild() {
    }

    public static void main(String[] args) throws Exception {
        ChunkCodec codec = ChunkCodecs.byId(Integer.parseInt(args[0]));
        byte[] payload = Files.readAllBytes(Path.of(args[1]));
        byte[] base = "-".equals(args[2]) ? null : Files.readAllBytes(Path.of(args[2]));
        int rawLength = Integer.parseInt(args[3]);
        try {
            byte[] out = codec.decode("pack 1", base, payload, 0, payload.length, rawLength);
            System.out.println("decoded " + out.length);
        } catch (CorruptObjectException e) {
            System.out.println("corrupt: " + e.getMessage());
        }
    }
}
