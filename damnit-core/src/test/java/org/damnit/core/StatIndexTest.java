package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.damnit.CommitResult;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stat cache is trusted only after a check: its checksum, then each entry against the store. */
class StatIndexTest {
    @TempDir
    Path tmp;

    /** A project with one small file (one piece) and one of several pieces, both old enough to be cached. */
    private Path project() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        TreeFixture.writeRandom(p, "small.bin", 10_000, 1);
        TreeFixture.writeRandom(p, "big.bin", 3_000_000, 2);
        TreeFixture.write(p, "other.txt", "1");
        for (String f : new String[] {"small.bin", "big.bin", "other.txt"}) {
            Files.setLastModifiedTime(p.resolve(f), FileTime.from(Instant.now().minusSeconds(60)));
        }
        return p;
    }

    private static String index(Path p) throws Exception {
        return Files.readString(p.resolve(".damnit/index"), StandardCharsets.ISO_8859_1);
    }

    private static void writeIndex(Path p, String s) throws Exception {
        Files.writeString(p.resolve(".damnit/index"), s, StandardCharsets.ISO_8859_1);
    }

    /** The next commit (after another file changed) and a restore of every file of it into a new directory. */
    private void commitAgainAndRestoreEverything(Repository repo, Path p, String label) throws Exception {
        TreeFixture.write(p, "other.txt", "2 " + label);
        repo.commit().setMessage(label).call();
        Path out = tmp.resolve("out-" + label);
        repo.restore().setTarget(out).call();
        assertThat(Files.readAllBytes(out.resolve("small.bin"))).isEqualTo(Files.readAllBytes(p.resolve("small.bin")));
        assertThat(Files.readAllBytes(out.resolve("big.bin"))).isEqualTo(Files.readAllBytes(p.resolve("big.bin")));
    }

    /** The same entries as format 1 wrote them: no checksum. */
    private static String asFirstFormat(String s) {
        int trailer = s.lastIndexOf("crc32c ");
        return (trailer < 0 ? s : s.substring(0, trailer)).replace("{\"format\":2", "{\"format\":1");
    }

    private static String flipHexDigit(String s, int at) {
        char c = s.charAt(at);
        return s.substring(0, at) + (c == '0' ? '1' : '0') + s.substring(at + 1);
    }

    @Test
    void aCacheIsReusedWhenIntact() throws Exception {
        Path p = project();
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            TreeFixture.write(p, "other.txt", "2");
            CommitResult r = repo.commit().setMessage("v2").call();
            assertThat(r.filesRead()).as("only the changed file is read").isEqualTo(1);
        }
    }

    @Test
    void oneHexDigitChangedInTheCacheIsCaughtByItsChecksum() throws Exception {
        Path p = project();
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            ObjectId small = repo.entry("HEAD", "small.bin").orElseThrow().sha256();
            String s = index(p);
            int at = s.lastIndexOf(small.toHex()); // the piece id (the sha256 field comes first)
            writeIndex(p, flipHexDigit(s, at + 10));
            commitAgainAndRestoreEverything(repo, p, "v2");
        }
    }

    @Test
    void anUncheckedCacheOfTheFirstFormatIsStillReadButEachEntryChecked() throws Exception {
        Path p = project();
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("v1").call();
            String s = index(p);
            writeIndex(p, asFirstFormat(s));
            TreeFixture.write(p, "other.txt", "unchecked");
            assertThat(repo.commit().setMessage("v1b").call().filesRead()).as("format 1 still used").isEqualTo(1);

            // a piece id that is not in the store, and a whole-file digest that disagrees with its pieces
            ObjectId small = repo.entry("HEAD", "small.bin").orElseThrow().sha256();
            ObjectId big = repo.entry("HEAD", "big.bin").orElseThrow().sha256();
            s = index(p);
            String damaged = asFirstFormat(s);
            damaged = flipHexDigit(damaged, damaged.lastIndexOf(small.toHex()) + 10);
            damaged = flipHexDigit(damaged, damaged.indexOf(big.toHex()) + 10);
            writeIndex(p, damaged);
            commitAgainAndRestoreEverything(repo, p, "v2");
        }
    }
}
