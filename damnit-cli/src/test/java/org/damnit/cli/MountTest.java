package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.testkit.Samtools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code damnit mount} through the kernel's FUSE: samtools, md5sum, a concurrent commit, clean unmounts. */
class MountTest {
    private static final String REGION = "chr2:3000000-3010000";

    @TempDir
    Path tmp;

    static void requireFuse() {
        String missing = MountCmd.fuseMissing();
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(missing == null, "FUSE: " + missing);
        }
        assertThat(missing).as("CI installs fuse and libfuse2").isNull();
    }

    private static String md5(byte[] b) {
        return DigestUtils.md5Hex(b);
    }

    static boolean mounted(Path dir) throws Exception {
        return Files.readString(Path.of("/proc/mounts")).contains(" " + dir.toAbsolutePath() + " ");
    }

    private static void smallChunks(Path project) throws Exception {
        Path cfg = project.resolve(".damnit/config");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(cfg.toFile());
        node.put("chunkMin", 16 << 10).put("chunkAvg", 64 << 10).put("chunkMax", 256 << 10);
        mapper.writeValue(cfg.toFile(), node);
    }

    @Test
    void samtoolsAndMd5sumReadAnyVersionAndACommitDoesNotDisturbThem() throws Exception {
        requireFuse();
        Samtools.require();
        Path orig = Files.createDirectories(tmp.resolve("orig"));
        Path p = Files.createDirectories(tmp.resolve("p"));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Repository.init(p).close();
        smallChunks(p);
        Path v1 = Samtools.bam(orig, "A", 1, 100_000);
        Files.createDirectories(p.resolve("aln"));
        Files.copy(v1, p.resolve("aln/A.bam"));
        Files.copy(orig.resolve("A.bam.bai"), p.resolve("aln/A.bam.bai"));
        Files.writeString(p.resolve("notes.txt"), "v1\n");
        Files.createSymbolicLink(p.resolve("latest.bam"), Path.of("aln/A.bam"));
        try (Repository repo = Repository.open(p)) {
            ObjectId c1 = repo.commit().setMessage("v1").call().commit().orElseThrow().id();
            repo.createTag("v1", c1.toString());
            Files.writeString(p.resolve("notes.txt"), "v2\n");
            repo.commit().setMessage("v2").call();

            RepositoryFs fs = new RepositoryFs(repo);
            fs.mount(mnt, false, false, RepositoryFs.OPTIONS);
            try {
                assertThat(mounted(mnt)).isTrue();
                assertThat(Samtools.run(mnt, "ls", "-1").split("\n")).containsExactly("branches", "commits", "tags");
                assertThat(Samtools.run(mnt, "ls", "-1", "commits").split("\n")).hasSize(2).contains(c1.toString());
                Path bam = mnt.resolve("tags/v1/aln/A.bam");
                assertThat(Files.size(bam)).isEqualTo(Files.size(v1));
                assertThat(Files.readSymbolicLink(mnt.resolve("tags/v1/latest.bam"))).isEqualTo(Path.of("aln/A.bam"));
                assertThat(Files.readString(mnt.resolve("branches/main/notes.txt"))).isEqualTo("v2\n");
                assertThat(Files.readString(mnt.resolve("commits/" + c1 + "/notes.txt"))).isEqualTo("v1\n");

                long size = Files.size(v1);
                long chunks = size / (64 << 10);
                long before = fs.chunksRead();
                String expected = Samtools.run(orig, "samtools", "view", v1.toString(), REGION);
                assertThat(expected.lines().count()).isGreaterThan(20);
                assertThat(Samtools.run(tmp, "samtools", "view", bam.toString(), REGION)).isEqualTo(expected);
                long read = fs.chunksRead() - before;
                System.out.printf("samtools view through the mount: %d chunk reads of a %d-byte BAM in about %d chunks%n",
                    read, size, chunks);
                assertThat(read).as("a region read must not read the whole file").isLessThan(chunks / 4);

                // md5sum of every file, while a commit moves the branch underneath
                Files.writeString(p.resolve("notes.txt"), "v3\n");
                Thread commit = new Thread(() -> {
                    try {
                        repo.commit().setMessage("v3").call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                commit.start();
                String sums = Samtools.run(mnt, "sh", "-c", "find tags/v1 -type f | sort | xargs md5sum");
                commit.join();
                assertThat(sums).isEqualTo(DigestUtils.md5Hex(Files.readAllBytes(v1)) + "  tags/v1/aln/A.bam\n"
                    + DigestUtils.md5Hex(Files.readAllBytes(orig.resolve("A.bam.bai"))) + "  tags/v1/aln/A.bam.bai\n"
                    + DigestUtils.md5Hex("v1\n") + "  tags/v1/notes.txt\n");
                Thread.sleep(1100); // branches are looked up again after a second
                assertThat(Files.readString(mnt.resolve("branches/main/notes.txt"))).isEqualTo("v3\n");
                // samtools index reads the whole BAM: its index equals the committed one
                Samtools.run(tmp, "samtools", "index", "-o", tmp.resolve("again.bai").toString(), bam.toString());
                assertThat(Files.readAllBytes(tmp.resolve("again.bai"))).isEqualTo(Files.readAllBytes(orig.resolve("A.bam.bai")));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Files.newOutputStream(bam,
                    java.nio.file.StandardOpenOption.APPEND).close()).as("read-only").isInstanceOf(java.io.IOException.class);
            } finally {
                fs.umount();
                fs.closeAll();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (mounted(mnt) && System.nanoTime() < deadline) {
                Thread.sleep(50); // libfuse's loop ends a moment after the unmount
            }
            assertThat(mounted(mnt)).isFalse();
        }
    }

    /** Opens so far by the caching bits each returned: none, {@code direct_io}, {@code keep_cache}. */
    private static long[] opens(RepositoryFs fs) {
        return new long[] {fs.opensWith(0), fs.opensWith(RepositoryFs.DIRECT_IO), fs.opensWith(RepositoryFs.KEEP_CACHE)};
    }

    /** {@code before} plus one open that returned {@code bits} (0, direct_io or keep_cache). */
    private static long[] plusOne(long[] before, int bits) {
        long[] after = before.clone();
        after[bits == 0 ? 0 : bits == RepositoryFs.DIRECT_IO ? 1 : 2]++;
        return after;
    }

    /**
     * Reads {@code file} whole, checks it is {@code content} and returns how many reads the kernel asked the
     * mount for meanwhile.
     */
    private static long readWhole(RepositoryFs fs, Path file, byte[] content) throws Exception {
        long calls = fs.readCalls();
        assertThat(md5(Files.readAllBytes(file))).isEqualTo(md5(content));
        return fs.readCalls() - calls;
    }

    /**
     * Opens of the unchanged {@code file} return {@code keep_cache}, and the kernel honours it: of up to five
     * whole reads of {@code file} again, one asks the mount for at most half of the {@code cold} reads that a
     * read past the page cache asked for. The kernel may evict a cached page at any time (it did, under the
     * memory pressure of GBs of other I/O), so no read is required to come wholly from the cache; but were
     * the flag not returned, or returned where libfuse does not look, each open would drop the path's cache
     * and every read would ask for all {@code cold} reads again.
     */
    private static void servedFromThePageCache(RepositoryFs fs, Path file, byte[] content, long cold) throws Exception {
        assertThat(cold).as("reads of the file past the page cache").isGreaterThanOrEqualTo(2);
        long least = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && least > cold / 2; attempt++) {
            long[] before = opens(fs);
            least = Math.min(least, readWhole(fs, file, content));
            assertThat(opens(fs)).as("an unchanged file's open keeps the kernel's page cache")
                .containsExactly(plusOne(before, RepositoryFs.KEEP_CACHE));
        }
        System.out.printf("%s: %d reads asked of the mount past the page cache, %d with it%n", file.getFileName(), cold, least);
        assertThat(least).as("the fewest reads the mount was asked for by a read of %s, of %d past the page cache",
            file, cold).isLessThanOrEqualTo(cold / 2);
    }

    @Test
    void anUnchangedFileIsReadFromThePageCacheAndAMovedBranchNeverMixesVersions() throws Exception {
        requireFuse();
        Path p = Files.createDirectories(tmp.resolve("p"));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        byte[] v1 = new byte[300_000];
        new Random(1).nextBytes(v1);
        byte[] v2 = new byte[v1.length]; // the same size: only the content tells them apart
        new Random(2).nextBytes(v2);
        Files.write(p.resolve("x.bin"), v1);
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            repo.createTag("v1", "HEAD");
            RepositoryFs fs = new RepositoryFs(repo);
            fs.mount(mnt, false, false, RepositoryFs.OPTIONS);
            try {
                Path tagged = mnt.resolve("tags/v1/x.bin");
                long[] before = opens(fs);
                long cold = readWhole(fs, tagged, v1);
                assertThat(opens(fs)).as("a path's first open drops whatever the kernel cached for it")
                    .containsExactly(plusOne(before, 0));
                servedFromThePageCache(fs, tagged, v1, cold);

                Path onBranch = mnt.resolve("branches/main/x.bin");
                try (java.nio.channels.FileChannel old = java.nio.channels.FileChannel.open(onBranch)) {
                    java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4096);
                    old.read(head, 0);
                    assertThat(head.array()).isEqualTo(java.util.Arrays.copyOf(v1, 4096));
                    Files.write(p.resolve("x.bin"), v2);
                    repo.commit().setMessage("v2").call();
                    Thread.sleep(1100); // branches are looked up again after a second
                    before = opens(fs);
                    assertThat(md5(Files.readAllBytes(onBranch))).as("opened while v1 is open: past the page cache")
                        .isEqualTo(md5(v2));
                    assertThat(opens(fs)).as("v2 opened while v1 is open bypasses the page cache")
                        .containsExactly(plusOne(before, RepositoryFs.DIRECT_IO));
                    java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate(v1.length);
                    while (all.hasRemaining() && old.read(all, all.position()) > 0) {
                        // fill
                    }
                    assertThat(md5(all.array())).as("the file opened at v1 still reads v1").isEqualTo(md5(v1));
                }
                before = opens(fs);
                cold = readWhole(fs, onBranch, v2); // the content it checks is v2's
                assertThat(opens(fs)).as("v1's cached pages dropped").containsExactly(plusOne(before, 0));
                servedFromThePageCache(fs, onBranch, v2, cold);
            } finally {
                fs.umount();
                fs.closeAll();
            }
        }
    }

    @Test
    void theCommandUnmountsOnSigtermAndCtrlC() throws Exception {
        requireFuse();
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(p.resolve("a.txt"), "hello\n");
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("one").call();
        }
        for (String signal : new String[] {"TERM", "INT"}) {
            Path mnt = Files.createDirectories(tmp.resolve("mnt-" + signal));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "-C", p.toString(), "mount", mnt.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).startsWith("Mounted ");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!mounted(mnt) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(Files.readString(mnt.resolve("branches/main/a.txt"))).isEqualTo("hello\n");
                new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("exits on SIG%s", signal).isTrue();
                assertThat(mounted(mnt)).as("no stale mount after SIG%s", signal).isFalse();
            } finally {
                child.destroyForcibly();
                if (mounted(mnt)) {
                    new ProcessBuilder("fusermount", "-u", "-z", mnt.toString()).start().waitFor();
                }
            }
        }
    }

    @Test
    void withoutFuseItSaysSoAndFails() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Repository.init(p).close();
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
            System.getProperty("java.class.path"), Main.class.getName(), "-C", p.toString(), "mount", mnt.toString())
            .redirectErrorStream(true);
        pb.environment().put("PATH", tmp.resolve("empty").toString()); // no fusermount
        Process child = pb.start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(ExitCodes.FAILURE);
        assertThat(out).contains("FUSE is not available here: the fusermount helper is not installed")
            .doesNotContain("Exception");
        assertThat(mounted(mnt)).isFalse();
    }
}
