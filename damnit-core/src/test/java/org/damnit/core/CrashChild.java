package org.damnit.core;

import java.nio.file.Path;
import org.damnit.Repository;

/** Runs one operation in its own JVM so that {@link CrashTest} (and {@link DeepRepackCrashTest}) can SIGKILL it part-way. */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Repository repo = Repository.open(Path.of(args[1]))) {
            System.out.println("READY");
            System.out.flush();
            long t0 = System.nanoTime();
            switch (args[0]) {
                case "commit" -> repo.commit().setMessage("v2").call();
                case "push" -> repo.push().setRemote("origin").call();
                case "gc" -> repo.gc().setGracePeriod(java.time.Duration.ZERO).call();
                case "repack" -> repo.repack().call();
                default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("DONE " + (System.nanoTime() - t0) / 1_000_000);
            System.out.flush();
        }
    }
}
