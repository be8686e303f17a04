package org.damnit.core;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.damnit.HashAlgorithm;
import org.damnit.Hasher;
import org.damnit.Repository;

/**
 * Snapshots of a directory tree for byte-exact comparison (content digests, links, empty dirs, exec bits),
 * and the repositories tests make of them: config settings, where a committed file's chunks are stored.
 */
final class TreeFixture {
    private TreeFixture() {
    }

    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".damnit")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(root)) {
                    out.put(rel(root, dir), "dir");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    out.put(rel(root, file), "link:" + Files.readSymbolicLink(file));
                } else {
                    String sha;
                    try (var in = Files.newInputStream(file)) {
                        sha = Hasher.hash(in, HashAlgorithm.SHA256).hex(HashAlgorithm.SHA256);
                    }
                    boolean x = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                        .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
                    out.put(rel(root, file), "file:" + sha + (x ? ":x" : ""));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    static void write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    static void writeRandom(Path root, String rel, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }

    static String md5sum(Path file) throws IOException, InterruptedException {
        return coreutils("md5sum", file, 32);
    }

    static String sha256sum(Path file) throws IOException, InterruptedException {
        return coreutils("sha256sum", file, 64);
    }

    private static String coreutils(String tool, Path file, int hexLength) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(tool + " failed: " + out);
        }
        return out.substring(0, hexLength);
    }

    static String javaMd5(Path file) throws IOException {
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return HexFormat.of().formatHex(Hasher.hash(in, HashAlgorithm.MD5).get(HashAlgorithm.MD5));
        }
    }

    /** Copies a directory tree with its timestamps (so that stat caches stay valid), never following links. */
    static Path copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        return to;
    }

    /** Changes a repository's config with {@code edit}. */
    private static void editConfig(Path project, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
        throws IOException {
        Path cfg = project.resolve(".damnit/config");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(cfg.toFile());
        edit.accept(node);
        mapper.writerWithDefaultPrettyPrinter().writeValue(cfg.toFile(), node);
    }

    /** Sets the pack size in a repository's config, so that small test data spreads over several packs. */
    static void setPackSize(Path project, int bytes) throws IOException {
        editConfig(project, node -> node.put("packSize", bytes));
    }

    /** Sets the chunk sizes in a repository's config, so that small test files span many chunks. */
    static void setChunkSizes(Path project, int min, int avg, int max) throws IOException {
        editConfig(project, node -> node.put("chunkMin", min).put("chunkAvg", avg).put("chunkMax", max));
    }

    /** Turns on {@code deepOnCommit}: commits then make the deep form (content codecs, containers) too. */
    static void setDeepOnCommit(Path project) throws IOException {
        setFlag(project, "deepOnCommit", true);
    }

    static void setFlag(Path project, String field, boolean value) throws IOException {
        editConfig(project, node -> node.put(field, value));
    }

    /**
     * A new repository at {@code project} for the content codecs' tests: chunks of 64 KiB to 1 MiB (so a
     * few MB of test data spans several), {@code deepOnCommit}, and no deltas (every new chunk goes to its
     * content codec).
     */
    static Repository codecRepository(Path project) throws Exception {
        Repository.init(project).close();
        setChunkSizes(project, 64 << 10, 256 << 10, 1 << 20);
        setDeepOnCommit(project);
        setFlag(project, "deltas", false);
        return Repository.open(project);
    }

    /** Where the record of each chunk of the head commit's file {@code path} lies (its codec, depth and length). */
    static List<ChunkIndex.Location> locations(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        List<ChunkIndex.Location> out = new ArrayList<>();
        for (Node.Piece piece : DeepRepackTest.entry(repo, path).pieces()) {
            out.add(ctx.chunks().locate(piece.id()).orElseThrow());
        }
        return out;
    }

    /** Likewise for the content chunks of the container of the head commit's file {@code path}. */
    static List<ChunkIndex.Location> contentLocations(Repository repo, String path) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        Container c = ctx.chunks().containers().find(DeepRepackTest.entry(repo, path).sha256()).orElseThrow();
        List<ChunkIndex.Location> out = new ArrayList<>();
        for (Node.Piece piece : c.content().pieces()) {
            out.add(ctx.chunks().locate(piece.id()).orElseThrow());
        }
        return out;
    }

    /**
     * Replaces the current branch's history by one root commit of the head's tree, so that what only
     * earlier commits held is unreachable (for gc).
     */
    static void squashToARoot(Repository repo) throws Exception {
        RepoContext ctx = ((LocalRepository) repo).context();
        org.damnit.ObjectId head = ctx.refs().head().orElseThrow();
        org.damnit.Commit c = ctx.trees().readCommit(head);
        org.damnit.ObjectId root = ctx.db().put(ObjectKind.COMMIT, Codec.encodeCommit(c.tree(), List.of(), c.author(),
            c.time(), "squashed", Map.of()), new long[1]);
        if (!ctx.refs().update("heads/" + ctx.refs().currentBranch(), java.util.Optional.of(head), root)) {
            throw new IllegalStateException("the branch moved meanwhile");
        }
    }
}
