package org.damnit.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.Commit;
import org.damnit.CommitResult;
import org.damnit.DamnitException;
import org.damnit.PathRules;
import org.damnit.Person;
import org.damnit.Repository;
import org.damnit.RevertCommand;

/** The state-changing requests under {@code /api/}: upload, commit, revert. */
final class Api {
    private final Repository repo;
    private final long maxUpload;
    private final Pages pages;
    private final java.util.concurrent.Semaphore uploads = new java.util.concurrent.Semaphore(WebServer.UPLOAD_SLOTS);

    Api(Repository repo, long maxUpload, Pages pages) {
        this.repo = repo;
        this.maxUpload = maxUpload;
        this.pages = pages;
    }

    void handle(Request req) throws IOException, DamnitException {
        switch (req.path()) {
            case "/api/upload" -> upload(req);
            case "/api/commit" -> commit(req);
            case "/api/revert" -> revert(req);
            default -> throw new HttpError(404, "no API at " + req.path());
        }
    }

    /**
     * {@code PUT /api/upload?path=DIR/NAME} with the file's bytes as the body: streamed to a temporary
     * file, then moved into the working tree in one step. Nothing is committed yet.
     */
    private void upload(Request req) throws IOException {
        if (!req.method().equals("PUT")) {
            throw new HttpError(405, "upload with PUT");
        }
        String rel = workTreePath(req.param("path", ""));
        String declared = req.header("Content-Length");
        if (declared != null && parseLength(declared) > maxUpload) {
            throw new HttpError(413, "the file is larger than this server's upload limit of " + maxUpload + " bytes");
        }
        if (!uploads.tryAcquire()) {
            throw new HttpError(503, WebServer.UPLOAD_SLOTS + " uploads are already under way; try again when one is done");
        }
        try {
            receive(req, rel, declared);
        } finally {
            uploads.release();
        }
    }

    private void receive(Request req, String rel, String declared) throws IOException {
        Path tmpDir = Files.createDirectories(repo.workTree().resolve(".damnit").resolve("tmp"));
        Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
        long n = 0;
        try {
            try (InputStream in = req.body(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) { // a failed read: the client went away
                    n += r;
                    if (n > maxUpload) {
                        throw new HttpError(413, "the file is larger than this server's upload limit of "
                            + maxUpload + " bytes");
                    }
                    try {
                        out.write(buf, 0, r);
                    } catch (IOException e) {
                        throw localFailure(rel, e);
                    }
                }
            }
            if (declared != null && n != parseLength(declared)) {
                throw new HttpError(400, "upload ended after " + n + " of " + declared + " bytes; nothing was changed");
            }
            pages.lock.writeLock().lock();
            try {
                moveIntoPlace(tmp, rel);
            } catch (IOException e) {
                throw localFailure(rel, e);
            } finally {
                pages.lock.writeLock().unlock();
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        req.json(201, Map.of("path", rel, "size", n));
    }

    /**
     * A failure of this machine's file system, not of the client: the client is told why. A name the
     * file system cannot hold is the client's to change (400); a full disk is 507.
     */
    private static HttpError localFailure(String rel, IOException e) {
        String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
            : String.valueOf(e.getMessage());
        if (why.contains("File name too long")) {
            return new HttpError(400, "'" + rel + "': a name in this path is too long for the server's file system ("
                + why + "); nothing was changed");
        }
        if (why.contains("No space left")) {
            return new HttpError(507, "the server's disk is full (" + why + "); nothing was changed");
        }
        return new HttpError(500, "cannot store '" + rel + "': " + why + "; nothing was changed");
    }

    private void moveIntoPlace(Path tmp, String rel) throws IOException {
        Path target = prepareTarget(rel);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException otherFileSystem) {
            // the directory is a mount of its own: copy beside the target, then rename there
            Path near = target.resolveSibling(PathRules.temporaryName());
            try {
                Files.copy(tmp, near, StandardCopyOption.REPLACE_EXISTING);
                Files.move(near, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(near);
            }
        }
    }

    private static long parseLength(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "bad Content-Length: " + s);
        }
    }

    /** A '/'-separated path inside the working tree, outside {@code .damnit}; anything else is refused. */
    static String workTreePath(String raw) {
        if (raw.isEmpty()) {
            throw new HttpError(400, "no path given");
        }
        if (raw.indexOf('\0') >= 0 || raw.indexOf('\\') >= 0 || raw.startsWith("/")) {
            throw new HttpError(400, "bad path '" + raw.replace('\0', '?') + "': use a relative path with '/'");
        }
        StringBuilder out = new StringBuilder();
        for (String seg : raw.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new HttpError(400, "bad path '" + raw + "': '..' would leave the project");
            }
            out.append(out.length() == 0 ? "" : "/").append(seg);
        }
        if (out.length() == 0) {
            throw new HttpError(400, "bad path '" + raw + "'");
        }
        String problem = PathRules.problem(out.toString(), false);
        if (problem != null) {
            throw new HttpError(400, "bad path " + problem);
        }
        return out.toString();
    }

    /** Creates the parent directories, never through a symbolic link, and checks the target can be replaced. */
    private Path prepareTarget(String rel) throws IOException {
        Path dir = repo.workTree();
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            dir = dir.resolve(parts[i]);
            if (Files.isSymbolicLink(dir)) {
                throw new HttpError(400, "'" + String.join("/", List.of(parts).subList(0, i + 1))
                    + "' is a symbolic link; uploads never write through links");
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new HttpError(400, "'" + String.join("/", List.of(parts).subList(0, i + 1)) + "' is a file");
            }
            Files.createDirectories(dir);
        }
        Path target = dir.resolve(parts[parts.length - 1]);
        if (Files.isSymbolicLink(target) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new HttpError(400, "'" + rel + "' is a directory or link; choose another name");
        }
        return target;
    }

    /** Who a commit from the web UI is by when its author field was left empty. */
    static final Person ANONYMOUS = new Person("anonymous (web UI)", "");

    /**
     * {@code POST /api/commit} with {@code {"message": …, "author": "Name <email>", "meta": {path: {key: value}}}}:
     * records the metadata, then commits the working tree.
     */
    private void commit(Request req) throws IOException, DamnitException {
        JsonNode body = Json.read(req.body());
        String message = text(body, "message");
        pages.lock.writeLock().lock();
        try {
            JsonNode meta = body.path("meta");
            for (var files = meta.fields(); files.hasNext(); ) {
                var f = files.next();
                Map<String, String> kv = new LinkedHashMap<>();
                for (var pairs = f.getValue().fields(); pairs.hasNext(); ) {
                    var p = pairs.next();
                    kv.put(p.getKey(), p.getValue().isNull() ? null : p.getValue().asText());
                }
                repo.setMetadata(workTreePath(f.getKey()), kv);
            }
            var cmd = repo.commit().setMessage(message == null || message.isBlank() ? "Commit from the web UI" : message);
            String author = text(body, "author");
            try {
                // an empty field is no one in particular, never the account the server runs under
                cmd.setAuthor(author == null || author.isBlank() ? ANONYMOUS : Person.parse(author));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "author must look like 'Name <email>': " + e.getMessage());
            }
            CommitResult r = cmd.call();
            if (r.commit().isEmpty()) {
                throw new HttpError(409, "nothing to commit: the working tree matches the last commit");
            }
            Commit c = r.commit().get();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("commit", c.id().toString());
            out.put("changes", r.changes());
            out.put("bytesRead", r.bytesRead());
            out.put("bytesStored", r.bytesStored());
            out.put("warnings", r.warnings());
            req.json(200, out);
        } finally {
            pages.lock.writeLock().unlock();
        }
    }

    /** {@code POST /api/revert} with {@code {"rev": …, "path": …}}: a new commit with that version of the path. */
    private void revert(Request req) throws IOException, DamnitException {
        JsonNode body = Json.read(req.body());
        String rev = text(body, "rev");
        String path = text(body, "path");
        if (rev == null || rev.isBlank()) {
            throw new HttpError(400, "which revision? (\"rev\" is missing)");
        }
        pages.lock.writeLock().lock();
        try {
            RevertCommand revert = repo.revert().setRevision(rev).setMessage(text(body, "message"));
            if (path != null) {
                revert.addPath(workTreePath(path));
            }
            Commit c = revert.call();
            req.json(200, Map.of("commit", c.id().toString(), "message", c.message()));
        } finally {
            pages.lock.writeLock().unlock();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
