package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.Person;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What restore checks: every byte of a file by its SHA-256, the chunks' own ids only to name a damaged one. */
class RestoreChecksTest {
    @TempDir
    Path tmp;

    private static final byte[] CONTENT = "stored bytes\n".getBytes(StandardCharsets.UTF_8);

    /** A commit whose only file is made of the stored chunk {@code piece}, with the given digests. */
    private static ObjectId craft(LocalRepository local, ObjectId piece, String sha256, String md5) throws Exception {
        String tree = "{\"format\":1,\"entries\":[{\"name\":\"f\",\"type\":\"file\",\"size\":" + CONTENT.length
            + ",\"exec\":false,\"mtime_ns\":0,\"sha256\":\"" + sha256 + "\",\"md5\":\"" + md5
            + "\",\"pieces\":[[\"" + piece.toHex() + "\"," + CONTENT.length + "]]}]}";
        ObjectId t = local.db().put(ObjectKind.TREE, tree.getBytes(StandardCharsets.UTF_8), null);
        byte[] commit = Codec.encodeCommit(t, List.of(), new Person("crafted", ""), java.time.Instant.now(), "crafted",
            Map.of());
        return local.db().put(ObjectKind.COMMIT, commit, null);
    }

    /** CONTENT's only chunk: a one-piece file's piece is its SHA-256. */
    private static final ObjectId PIECE = ObjectDb.sha256(CONTENT, 0, CONTENT.length);

    /** A repository with CONTENT committed, so that its chunk is stored. */
    private Repository committed() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.write(p.resolve("a"), CONTENT);
        Repository repo = Repository.init(p);
        repo.commit().setMessage("a").call();
        return repo;
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void aFileWhoseChunksDoNotMakeItsSha256IsRefusedAndNotWritten() throws Exception {
        try (Repository repo = committed()) {
            LocalRepository local = (LocalRepository) repo;
            ObjectId piece = PIECE;
            byte[] other = "other bytes!\n".getBytes(StandardCharsets.UTF_8);
            ObjectId c = craft(local, piece, ObjectDb.sha256(other, 0, other.length).toHex(), md5(CONTENT));
            Path out = tmp.resolve("out");
            assertThatThrownBy(() -> repo.restore().setRevision(c.toHex()).setTarget(out).call())
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("f: restored content does not match the recorded SHA-256");
            assertThat(out.resolve("f")).doesNotExist();
            try (var left = Files.list(out)) {
                assertThat(left.toList()).as("no temporary file left").isEmpty();
            }
        }
    }

    @Test
    void theMd5IsLeftToVerifyReadData() throws Exception {
        try (Repository repo = committed()) {
            LocalRepository local = (LocalRepository) repo;
            ObjectId piece = PIECE;
            ObjectId c = craft(local, piece, piece.toHex(), "0".repeat(32));
            Path out = tmp.resolve("out");
            repo.restore().setRevision(c.toHex()).setTarget(out).call();
            assertThat(Files.readAllBytes(out.resolve("f"))).isEqualTo(CONTENT);
            local.db().store().compareAndSetRef("tags/crafted", java.util.Optional.empty(),
                java.util.Optional.of(c.toHex()));
            assertThat(repo.verify().setReadData(true).call().problems()).isNotEmpty();
        }
    }
}
