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
 * serves them all and every object written reads back until it is deleted.
 */
class S3rverRaceTest {
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
                            try (InputStream in = store.get(key)) {
                                assertThat(in.readAllBytes()).isEqualTo(body);
                            }
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
