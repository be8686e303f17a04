package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.damnit.store.Store;
import org.junit.jupiter.api.Test;

/**
 * Puts and deletes racing in one key prefix, as the writer leases of concurrent pushes do: s3rver
 * serves them all and every object written reads back whole until it is deleted.
 */
class S3rverRaceTest {
    /**
     * The object's bytes. s3rver answers a PUT once it has read the body, before the file holding it is
     * flushed, so a GET just after may be sent fewer bytes than it declares: the store reports that as an
     * error (never as a shorter object), and a read a moment later gets the whole.
     */
    private static byte[] readBack(Store store, String key) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = store.get(key)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                if (attempt == 20 || e.getMessage() == null || !e.getMessage().contains("cut short")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void putsAndDeletesInOnePrefixKeepTheServerUp() throws Exception {
        try (Store store = new S3StoreProvider().open(S3rverServer.store("race", "r-" + UUID.randomUUID(), "&singleWriter=true"), true)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> workers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int worker = t;
                    workers.add(pool.submit(() -> {
                        int checked = 0;
                        for (int i = 0; i < 60; i++) {
                            String key = "lease/" + worker / 2 + "/" + worker + "-" + i;
                            byte[] body = (key + " body").getBytes(StandardCharsets.UTF_8);
                            store.put(key, new ByteArrayInputStream(body), body.length);
                            assertThat(readBack(store, key)).isEqualTo(body);
                            assertThat(store.delete(key)).isTrue();
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> w : workers) {
                    total += w.get();
                }
                assertThat(total).isEqualTo(4 * 60);
                assertThat(store.list("lease/")).isEmpty();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
