package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.damnit.CorruptObjectException;
import org.damnit.FileChangedException;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.Repository;
import org.damnit.StorageException;
import org.damnit.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged objects, failing stores, files changing under the reader, crafted trees. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("p"));
    }

    private static Path packFile(Path project, ObjectId pack) {
        String hex = pack.toHex();
        return project.resolve(".damnit/store/objects/packs/" + hex.substring(0, 2) + "/" + hex);
    }

    private static ObjectId fileId(Repository repo, String path) throws Exception {
        return repo.listTree("HEAD").stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow().sha256();
    }

    @Test
    void flippedByteIsNamedByVerifyAndOtherFilesStillRestore() throws Exception {
        Path p = project();
        TreeFixture.writeRandom(p, "good.bin", 100_000, 1);
        TreeFixture.writeRandom(p, "reads/bad.bin", 100_000, 2);
        try (Repository repo = Repository.init(p)) {
            ObjectId c = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            // a file smaller than the minimum chunk is one chunk, whose id is the file's SHA-256
            ObjectId bad = fileId(repo, "reads/bad.bin");
            ChunkIndex.Location loc = ((LocalRepository) repo).chunks().locate(bad).orElseThrow();
            Path pack = packFile(p, loc.pack());
            byte[] raw = Files.readAllBytes(pack);
            raw[(int) loc.offset() + Pack.RECORD_HEADER + 1000] ^= 0x01;
            Files.write(pack, raw);

            VerifyResult v = repo.verify().setReadData(true).call();
            assertThat(v.ok()).isFalse();
            assertThat(v.problems()).hasSize(1);
            VerifyResult.Problem problem = v.problems().get(0);
            assertThat(problem.object()).contains(bad.toHex()).contains(loc.pack().toHex());
            assertThat(problem.reason()).contains("damaged");
            assertThat(problem.paths()).containsExactly("reads/bad.bin");
            assertThat(problem.commits()).containsExactly(c);

            Path out = tmp.resolve("out-good");
            repo.restore().addPath("good.bin").setTarget(out).call();
            assertThat(Files.readAllBytes(out.resolve("good.bin"))).isEqualTo(Files.readAllBytes(p.resolve("good.bin")));
            Path out2 = tmp.resolve("out-bad");
            assertThatThrownBy(() -> repo.restore().addPath("reads/bad.bin").setTarget(out2).call())
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining("damaged");
            try (Stream<Path> s = Files.walk(out2)) {
                assertThat(s.filter(Files::isRegularFile).toList()).as("no partial file left").isEmpty();
            }
        }
    }

    @Test
    void truncatedAndMissingPacksAreReported() throws Exception {
        Path p = project();
        try (Repository repo = Repository.init(p)) {
            TreeFixture.write(p, "a/x.txt", "x content");
            repo.commit().setMessage("x").call();
            TreeFixture.write(p, "b/y.txt", "y content");
            repo.commit().setMessage("y").call();
            LocalRepository local = (LocalRepository) repo;
            ObjectId xPack = local.chunks().locate(fileId(repo, "a/x.txt")).orElseThrow().pack();
            ObjectId yPack = local.chunks().locate(fileId(repo, "b/y.txt")).orElseThrow().pack();
            assertThat(xPack).isNotEqualTo(yPack);
            Path xf = packFile(p, xPack);
            Files.write(xf, java.util.Arrays.copyOf(Files.readAllBytes(xf), 20));
            Files.delete(packFile(p, yPack));
            VerifyResult v = repo.verify().setReadData(true).call();
            assertThat(v.problems()).extracting(VerifyResult.Problem::reason)
                .anySatisfy(r -> assertThat(r).contains("truncated"))
                .anySatisfy(r -> assertThat(r).contains("missing"));
            assertThat(v.problems()).flatExtracting(VerifyResult.Problem::paths).containsExactlyInAnyOrder("a/x.txt", "b/y.txt");
        }
    }

    @Test
    void aStoreThatFailsAtEveryWriteOfACommitLeavesTheRepositoryAsItWas() throws Exception {
        int writesOfV2 = countWritesOfV2();
        assertThat(writesOfV2).as("a pack, its index, 2 trees and the commit").isEqualTo(5);
        for (int failAt = 0; failAt < writesOfV2; failAt++) {
            Path p = Files.createDirectories(tmp.resolve("p" + failAt));
            String name = "fail-" + System.nanoTime();
            FaultyStoreProvider.Faulty store = (FaultyStoreProvider.Faulty) new FaultyStoreProvider()
                .open(URI.create("faulty:" + name), true);
            for (int i = 0; i < 5; i++) {
                TreeFixture.writeRandom(p, "d/f" + i + ".bin", 50_000, i);
            }
            try (Repository repo = Repository.builder(p).setStore(URI.create("faulty:" + name)).init()) {
                ObjectId v1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
                Map<String, String> before = TreeFixture.snapshot(p);
                for (int i = 0; i < 5; i++) {
                    TreeFixture.writeRandom(p, "d/f" + i + ".bin", 50_000, 100 + i);
                }
                store.failAfter.set(failAt);
                assertThatThrownBy(() -> repo.commit().setMessage("v2").call()).as("fail at write " + failAt)
                    .isInstanceOf(StorageException.class).hasMessageContaining("No space left");
                assertThat(repo.head()).contains(v1);
                store.failAfter.set(Integer.MAX_VALUE);
                Path out = tmp.resolve("v1-" + failAt);
                repo.restore().setRevision(v1.toHex()).setTarget(out).call();
                assertThat(TreeFixture.snapshot(out)).isEqualTo(before);
                assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
                assertThat(repo.commit().setMessage("v2").call().created()).isTrue();
            }
        }
    }

    private int countWritesOfV2() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("twin"));
        String name = "twin-" + System.nanoTime();
        FaultyStoreProvider.Faulty store = (FaultyStoreProvider.Faulty) new FaultyStoreProvider()
            .open(URI.create("faulty:" + name), true);
        for (int i = 0; i < 5; i++) {
            TreeFixture.writeRandom(p, "d/f" + i + ".bin", 50_000, i);
        }
        try (Repository repo = Repository.builder(p).setStore(URI.create("faulty:" + name)).init()) {
            repo.commit().setMessage("v1").call();
            for (int i = 0; i < 5; i++) {
                TreeFixture.writeRandom(p, "d/f" + i + ".bin", 50_000, 100 + i);
            }
            int before = store.puts.get();
            repo.commit().setMessage("v2").call();
            return store.puts.get() - before;
        }
    }

    @Test
    void aFileThatKeepsGrowingWhileReadFailsWithAClearMessage() throws Exception {
        Path p = project();
        Path growing = p.resolve("growing.log");
        TreeFixture.writeRandom(p, "growing.log", 2 << 20, 5);
        TreeFixture.write(p, "stable.txt", "stable");
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[4096];
            try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
                while (!stop.get()) {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(1);
                }
            } catch (IOException | InterruptedException ignored) {
                // test ends
            }
        });
        try (Repository repo = Repository.init(p)) {
            writer.start();
            assertThatThrownBy(() -> repo.commit().setMessage("v1").call())
                .isInstanceOf(FileChangedException.class).hasMessageContaining("growing.log");
            assertThat(repo.head()).isEmpty();
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void anUnreadableFileFailsTheCommitWithAClearMessage() throws Exception {
        Path p = project();
        TreeFixture.write(p, "secret.txt", "s");
        Files.setPosixFilePermissions(p.resolve("secret.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        // root reads anything: the permission check can only be seen by other users
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(p.resolve("secret.txt")), "running as root");
        try (Repository repo = Repository.init(p)) {
            assertThatThrownBy(() -> repo.commit().setMessage("v1").call())
                .hasMessageContaining("secret.txt").hasMessageContaining("permission denied");
            assertThat(repo.head()).isEmpty();
        }
    }

    @Test
    void aFileDeletedBetweenScanAndReadIsReported() throws Exception {
        Path p = project();
        TreeFixture.write(p, "a.txt", "a");
        try (Repository repo = Repository.init(p)) {
            Ingester.Result ignored = null;
            LocalRepository local = (LocalRepository) repo;
            try (ChunkStore.Writer w = local.chunks().writer();
                 Ingester in = new Ingester(w, local.config().chunker(), org.damnit.ProgressListener.NONE)) {
                var attrs = WorkTree.attrs(p.resolve("a.txt"));
                Files.delete(p.resolve("a.txt"));
                assertThatThrownBy(() -> in.ingest(p.resolve("a.txt"), "a.txt", attrs, null, null))
                    .isInstanceOf(FileChangedException.class).hasMessageContaining("deleted");
            }
            assertThat(ignored).isNull();
        }
    }

    @Test
    void craftedTreesWithEscapingNamesAreRefusedAndNothingIsWritten() throws Exception {
        Path p = project();
        TreeFixture.write(p, "ok.txt", "ok");
        String[] hostile = {"..", ".", "a/b", "/etc", "nul\\u0000byte", ""};
        try (Repository repo = Repository.init(p)) {
            LocalRepository local = (LocalRepository) repo;
            ObjectId blob = ObjectDb.sha256("evil".getBytes(StandardCharsets.UTF_8), 0, 4);
            for (String name : hostile) {
                String tree = "{\"format\":1,\"entries\":[{\"name\":\"" + name + "\",\"type\":\"file\",\"size\":4,"
                    + "\"exec\":false,\"mtime_ns\":0,\"sha256\":\"" + blob.toHex() + "\",\"md5\":\""
                    + "0".repeat(32) + "\",\"pieces\":[[\"" + blob.toHex() + "\",4]]}]}";
                checkRefused(local, tree, name);
            }
            String dup = "{\"format\":1,\"entries\":[{\"name\":\"x\",\"type\":\"link\",\"target\":\"/etc\"},"
                + "{\"name\":\"x\",\"type\":\"dir\",\"tree\":\"" + blob.toHex() + "\"}]}";
            checkRefused(local, dup, "duplicate");
            String file = "\"type\":\"file\",\"size\":4,\"exec\":false,\"mtime_ns\":0,\"sha256\":\"" + blob.toHex()
                + "\",\"md5\":\"" + "0".repeat(32) + "\",\"pieces\":[[\"" + blob.toHex() + "\",4]]";
            Map<String, String> more = new java.util.LinkedHashMap<>();
            more.put("a .damnit file at the root", "{\"format\":1,\"entries\":[{\"name\":\".damnit\"," + file + "}]}");
            more.put("a .damnit directory at the root", "{\"format\":1,\"entries\":[{\"name\":\".damnit\","
                + "\"type\":\"dir\",\"tree\":\"" + blob.toHex() + "\"}]}");
            more.put("an empty link target", "{\"format\":1,\"entries\":[{\"name\":\"l\",\"type\":\"link\",\"target\":\"\"}]}");
            more.put("a NUL in a link target", "{\"format\":1,\"entries\":[{\"name\":\"l\",\"type\":\"link\","
                + "\"target\":\"/etc\\u0000x\"}]}");
            more.put("an unknown entry type", "{\"format\":1,\"entries\":[{\"name\":\"d\",\"type\":\"device\"}]}");
            more.put("pieces that do not add up to the size", "{\"format\":1,\"entries\":[{\"name\":\"f\","
                + file.replace("\"size\":4", "\"size\":400") + "}]}");
            more.put("a negative size", "{\"format\":1,\"entries\":[{\"name\":\"f\","
                + file.replace("\"size\":4", "\"size\":-4") + "}]}");
            more.put("a bad md5", "{\"format\":1,\"entries\":[{\"name\":\"f\","
                + file.replace("0".repeat(32), "xyz") + "}]}");
            more.put("an unknown tree format", "{\"format\":99,\"entries\":[]}");
            more.put("not JSON", "{\"format\":1,\"entries\":[");
            more.put("entries not an array", "{\"format\":1,\"entries\":{}}");
            for (Map.Entry<String, String> e : more.entrySet()) {
                checkRefused(local, e.getValue(), e.getKey());
            }
            assertThat(Files.exists(p.resolve(".damnit/config"))).as("the repository itself is untouched").isTrue();
            int count = hostile.length + 1 + more.size();
            Files.writeString(Path.of("target", "hostile-report.txt"), count + " crafted trees refused by restore"
                + " and reported by verify, nothing written\n");
        }
    }

    private void checkRefused(LocalRepository local, String treeJson, String label) throws Exception {
        ObjectId tree = local.db().put(ObjectKind.TREE, treeJson.getBytes(StandardCharsets.UTF_8), null);
        byte[] commit = Codec.encodeCommit(tree, List.of(), new Person("mallory", ""), java.time.Instant.now(), "evil",
            Map.of());
        ObjectId cid = local.db().put(ObjectKind.COMMIT, commit, null);
        String ref = "tags/evil" + Math.abs(label.hashCode());
        local.db().store().compareAndSetRef(ref, Optional.empty(), Optional.of(cid.toHex()));
        Path out = tmp.resolve("out-" + Math.abs(label.hashCode()));
        assertThatThrownBy(() -> local.restore().setRevision(cid.toHex()).setTarget(out).call()).as(label)
            .isInstanceOf(CorruptObjectException.class);
        assertThatThrownBy(() -> local.restore().setRevision(cid.toHex()).setForce(true).call()).as(label + ", in place")
            .isInstanceOf(CorruptObjectException.class);
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.filter(f -> f.getFileName().toString().equals("evil")
                || f.getFileName().toString().equals("byte")).toList()).as(label).isEmpty();
        }
        assertThat(local.verify().setReadData(true).call().problems()).as(label).isNotEmpty();
        local.db().store().compareAndSetRef(ref, Optional.of(cid.toHex()), Optional.empty());
    }
}
