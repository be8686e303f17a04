package org.damnit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository whose object store is S3: commit several versions, restore each, verify. */
class S3RepositoryTest {
    @TempDir
    Path tmp;

    private static void write(Path p, long seed, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }

    @Test
    void versionsRoundTripThroughS3() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        URI store = S3ProxyServer.store("repos", "project-" + System.nanoTime());
        List<ObjectId> commits = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (Repository repo = Repository.builder(p).setStore(store).init()) {
            for (int v = 0; v < 3; v++) {
                write(p.resolve("reads/a.bin"), v, 600_000 + v * 1000);
                Files.writeString(p.resolve("notes.txt"), "version " + v + "\n");
                commits.add(repo.commit().setMessage("v" + v).call().commit().orElseThrow().id());
                contents.add(Files.readAllBytes(p.resolve("reads/a.bin")));
            }
            for (int v = 0; v < 3; v++) {
                Path out = tmp.resolve("out" + v);
                repo.restore().setRevision(commits.get(v).toHex()).setTarget(out).call();
                assertThat(Files.readAllBytes(out.resolve("reads/a.bin"))).isEqualTo(contents.get(v));
                assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("version " + v + "\n");
            }
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
        // a second clone of the working directory's config sees the same history through S3
        try (Repository again = Repository.open(p)) {
            assertThat(again.log().call()).hasSize(3);
        }
    }

    @Test
    void pushToS3ThenCloneRestoresEveryVersion() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("local"));
        List<ObjectId> commits = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        URI remote = S3ProxyServer.store("remotes", "p-" + System.nanoTime());
        try (Repository repo = Repository.init(a)) {
            for (int v = 0; v < 3; v++) {
                write(a.resolve("aln/s.bam"), 10 + v, 900_000);
                commits.add(repo.commit().setMessage("v" + v).call().commit().orElseThrow().id());
                contents.add(Files.readAllBytes(a.resolve("aln/s.bam")));
            }
            repo.addRemote("origin", remote);
            assertThat(repo.push().call().objects()).isPositive();
            assertThat(repo.push().call().objects()).isZero();
        }
        Path b = tmp.resolve("clone");
        try (Repository clone = Repository.cloneFrom(remote, b)) {
            assertThat(clone.head()).contains(commits.get(2));
            for (int v = 0; v < 3; v++) {
                Path out = tmp.resolve("v" + v);
                clone.restore().setRevision(commits.get(v).toHex()).setTarget(out).call();
                assertThat(Files.readAllBytes(out.resolve("aln/s.bam"))).isEqualTo(contents.get(v));
            }
            assertThat(clone.verify().setReadData(true).call().ok()).isTrue();
        }
    }

    @Test
    void largeObjectsGoUpInParallelPartsAndStayWriteOnce() throws Exception {
        URI uri = URI.create(S3ProxyServer.store("multipart", "m-" + System.nanoTime())
            + "&multipartThreshold=6000000&partSize=5242880");
        Path f = tmp.resolve("big.pack");
        write(f, 42, 13_000_000); // three parts
        try (org.damnit.store.Store s = Stores.open(uri, true)) {
            s.put("packs/ab/big", f);
            try (java.io.InputStream in = s.get("packs/ab/big")) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(f));
            }
            try (java.io.InputStream in = s.get("packs/ab/big", 6_000_000, 10)) {
                byte[] all = Files.readAllBytes(f);
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 6_000_000, 6_000_010));
            }
            assertThatThrownBy(() -> s.put("packs/ab/big", f)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        }
    }

    @Test
    void wrongCredentialsFailFastWithAClearMessage() throws Exception {
        URI store = S3ProxyServer.store("creds", "x");
        String key = System.getProperty("aws.accessKeyId");
        System.setProperty("aws.accessKeyId", "wrong");
        try {
            assertThatThrownBy(() -> Stores.open(store, true)).isInstanceOf(IOException.class)
                .hasMessageContaining("credentials");
        } finally {
            System.setProperty("aws.accessKeyId", key);
        }
    }

    @Test
    void credentialsInTheUriAreRefused() {
        assertThatThrownBy(() -> Stores.open(URI.create("s3://b/p?accessKey=AKIA&secretKey=x"), true))
            .isInstanceOf(IOException.class).hasMessageContaining("do not belong");
    }
}
