package org.damnit.web;

import static org.damnit.web.Html.esc;
import static org.damnit.web.Html.q;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.damnit.Commit;
import org.damnit.DamnitException;
import org.damnit.Companions;
import org.damnit.DiffEntry;
import org.damnit.EntryType;
import org.damnit.FileStatus;
import org.damnit.FileVersion;
import org.damnit.FindCommand;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.Summary;
import org.damnit.TreeEntry;

/** The read-only pages. Reads share a lock that commits take exclusively. */
final class Pages {
    private static final int PAGE = 50;

    final Repository repo;
    final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final String csrf;
    private final Map<ObjectId, Long> addedByCommit = new ConcurrentHashMap<>();
    private final Map<ObjectId, Summary> summaries = new ConcurrentHashMap<>();

    private final long maxUpload;
    /** Chunk records read from the store for downloads, delta bases included. */
    final java.util.concurrent.atomic.LongAdder chunksRead = new java.util.concurrent.atomic.LongAdder();

    Pages(Repository repo, String csrf, long maxUpload) {
        this.repo = repo;
        this.csrf = csrf;
        this.maxUpload = maxUpload;
    }

    String repoName() {
        Optional<java.nio.file.Path> name = Optional.ofNullable(repo.workTree().getFileName());
        return name.map(Object::toString).orElse(repo.workTree().toString());
    }

    void handle(Request req) throws IOException, DamnitException {
        String path = req.path();
        if (path.startsWith("/static/")) {
            staticFile(req, path.substring("/static/".length()));
            return;
        }
        lock.readLock().lock();
        try {
            switch (path) {
                case "/" -> summary(req);
                case "/log" -> log(req);
                case "/commit" -> commit(req);
                case "/tree" -> tree(req);
                case "/file" -> file(req);
                case "/raw" -> raw(req);
                case "/status" -> status(req);
                case "/search" -> search(req);
                case "/add" -> add(req);
                default -> {
                    if (!path.startsWith("/v/")) {
                        throw new HttpError(404, "no page at " + path);
                    }
                    version(req, path.substring(3));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private void page(Request req, String title, String body) throws IOException {
        req.html(200, Html.page(title, repoName(), csrf, body));
    }

    private boolean empty() throws DamnitException {
        return repo.head().isEmpty();
    }

    private static final String EMPTY_REPO = "<p class=\"empty\">Nothing committed yet. "
        + "<a href=\"/add\">Add files</a> or commit what is in the working tree from <a href=\"/status\">Status</a>.</p>";

    // ---- summary ----

    private void summary(Request req) throws IOException, DamnitException {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"where\">").append(esc(repo.workTree())).append(" · branch <b>")
            .append(esc(repo.currentBranch())).append("</b></p>");
        if (empty()) {
            page(req, "Summary", b + EMPTY_REPO);
            return;
        }
        ObjectId head = repo.head().orElseThrow();
        Summary s = summaries.get(head);
        if (s == null) {
            s = repo.summary(head.toString());
            summaries.put(head, s);
        }
        b.append("<div class=\"side-by-side\"><div><table class=\"facts\" id=\"summary\">")
            .append(rawRow("Files at " + Html.term("HEAD"), String.format(java.util.Locale.ROOT, "%,d", s.files())))
            .append(rawRow("Size at " + Html.term("HEAD"), Html.size(s.bytes())))
            .append(row("Commits", String.format(java.util.Locale.ROOT, "%,d", s.commits())))
            .append(row("All versions, as full copies", Html.size(s.historyBytes())))
            .append(row("Stored", Html.size(s.storedBytes())))
            .append(rawRow(Html.term("dedup ratio").replace(">dedup", ">Dedup"), "<span id=\"dedup\">"
                + String.format(java.util.Locale.ROOT, "%.2f×", s.dedupRatio()) + "</span>"))
            .append("</table>").append(Html.explain("HEAD")).append(Html.explain("dedup ratio")).append("</div>");
        b.append("<div class=\"grow\"><h2>Size across history</h2>").append(Charts.sizes(sizeHistory(head)))
            .append("</div></div>");
        b.append("<h2>Latest commits</h2>").append(commitTable(repo.log().setMaxCount(5).call()));
        b.append("<p><a href=\"/log\">Full history</a> · <a href=\"/tree\">Browse files</a></p>");
        page(req, "Summary", b.toString());
    }

    private static String row(String k, String v) {
        return rawRow(esc(k), v);
    }

    private static String rawRow(String kHtml, String v) {
        return "<tr><th>" + kHtml + "</th><td>" + v + "</td></tr>";
    }

    /** How many commits of first-parent history the summary chart shows (the newest). */
    static final int CHART_COMMITS = 200;

    /** Per commit, oldest first: its logical size and what the store held once it was made. */
    private List<Charts.Point> sizeHistory(ObjectId head) throws DamnitException {
        List<Commit> chain = new ArrayList<>();
        for (Commit c = repo.readCommit(head); c != null && chain.size() < CHART_COMMITS;
             c = c.parents().isEmpty() ? null : repo.readCommit(c.parents().get(0))) {
            chain.add(c);
        }
        java.util.Collections.reverse(chain);
        // what the store held before the oldest commit shown
        long stored = 0;
        Commit oldest = chain.get(0);
        if (!oldest.parents().isEmpty()) {
            for (Commit c : repo.log().setRevision(oldest.parents().get(0).toHex()).call()) {
                stored += added(c);
            }
        }
        List<Charts.Point> points = new ArrayList<>();
        for (Commit c : chain) {
            stored += added(c);
            points.add(new Charts.Point(c.id(), c.time(), c.shortMessage(), logicalSize(c.id()), stored));
        }
        return points;
    }

    private final Map<ObjectId, Long> logicalByCommit = new ConcurrentHashMap<>();

    /** The bytes of all files of a commit; cached (a commit never changes). */
    private long logicalSize(ObjectId commit) throws DamnitException {
        Long known = logicalByCommit.get(commit);
        if (known != null) {
            return known;
        }
        long sum = 0;
        for (TreeEntry e : repo.listTree(commit.toHex())) {
            if (e.type() == EntryType.FILE) {
                sum += e.size();
            }
        }
        logicalByCommit.put(commit, sum);
        return sum;
    }

    // ---- history ----

    private void log(Request req) throws IOException, DamnitException {
        if (empty()) {
            page(req, "History", EMPTY_REPO);
            return;
        }
        String rev = req.param("rev", "HEAD");
        int pageNo = Math.max(0, parseInt(req.param("page", "0")));
        List<Commit> all = repo.log().setRevision(rev).setMaxCount((pageNo + 1) * PAGE + 1).call();
        List<Commit> shown = all.subList(Math.min(all.size(), pageNo * PAGE), Math.min(all.size(), (pageNo + 1) * PAGE));
        StringBuilder b = new StringBuilder(commitTable(shown));
        b.append("<p class=\"pager\">");
        if (pageNo > 0) {
            b.append("<a href=\"/log?rev=").append(q(rev)).append("&page=").append(pageNo - 1).append("\">Newer</a> ");
        }
        if (all.size() > (pageNo + 1) * PAGE) {
            b.append("<a href=\"/log?rev=").append(q(rev)).append("&page=").append(pageNo + 1).append("\">Older</a>");
        }
        b.append("</p>");
        page(req, "History", b.toString());
    }

    private String commitTable(List<Commit> commits) throws DamnitException {
        Map<ObjectId, List<String>> tags = new HashMap<>();
        repo.tags().forEach((name, id) -> tags.computeIfAbsent(id, k -> new ArrayList<>()).add(name));
        StringBuilder b = new StringBuilder("<table class=\"list\" id=\"commits\"><thead><tr><th>Commit</th>"
            + "<th>Message</th><th>Author</th><th>Time</th><th title=\"stored bytes of the chunks its first parent did not have\">New data</th></tr></thead><tbody>");
        for (Commit c : commits) {
            b.append("<tr><td>").append(Html.commitLink(c.id()));
            for (String t : tags.getOrDefault(c.id(), List.of())) {
                b.append(" <span class=\"tag\">").append(esc(t)).append("</span>");
            }
            b.append("</td><td class=\"msg\">").append(esc(c.shortMessage())).append(' ').append(Html.meta(c.metadata()))
                .append("</td><td>").append(esc(c.author().name())).append("</td><td>").append(Html.time(c.time()))
                .append("</td><td>").append(Html.size(added(c))).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /** Bytes a commit added to the store, from its diff against its first parent; cached. */
    private long added(Commit c) throws DamnitException {
        Long known = addedByCommit.get(c.id());
        if (known != null) {
            return known;
        }
        long sum = 0;
        for (DiffEntry e : repo.diff().setCommit(c.id().toHex()).call()) {
            sum += Math.max(0, e.storedBytes());
        }
        addedByCommit.put(c.id(), sum);
        return sum;
    }

    private void commit(Request req) throws IOException, DamnitException {
        Commit c = repo.readCommit(repo.resolve(req.param("id", "HEAD")));
        StringBuilder b = new StringBuilder("<table class=\"facts\">");
        b.append(rawRow(Html.term("commit id").replace(">commit id", ">Commit"), Html.id(c.id())));
        StringBuilder parents = new StringBuilder();
        for (ObjectId p : c.parents()) {
            parents.append(Html.commitLink(p)).append(' ');
        }
        b.append(row("Parents", parents.length() == 0 ? "none (first commit)" : parents.toString()))
            .append(row("Author", esc(c.author().toString())))
            .append(row("Time", Html.time(c.time())))
            .append(row("Metadata", Html.meta(c.metadata())))
            .append(row("Files", "<a href=\"/tree?rev=" + c.id() + "\">browse the tree at this commit</a>"))
            .append("</table><pre class=\"message\">").append(esc(c.message())).append("</pre>");
        List<DiffEntry> diff = repo.diff().setCommit(c.id().toHex()).call();
        Map<String, DiffEntry> byPath = new java.util.LinkedHashMap<>();
        diff.forEach(e -> byPath.put(e.path(), e));
        List<String> existing = new ArrayList<>(byPath.keySet());
        Map<String, TreeEntry> inCommit = new java.util.HashMap<>();
        repo.listTree(c.id().toHex()).forEach(e -> {
            existing.add(e.path());
            inCommit.put(e.path(), e);
        });
        List<String> contentChanged = diff.stream().filter(e -> e.change().content()).map(DiffEntry::path).toList();
        b.append("<h2>Changes</h2>").append(companionWarnings(contentChanged, existing))
            .append("<table class=\"list\" id=\"changes\"><thead><tr><th>Path</th><th>Change</th>"
            + "<th>Size before</th><th>Size after</th><th title=\"stored bytes of the chunks the parent did not have\">New data"
            + "</th><th>Metadata</th></tr></thead><tbody>");
        for (String path : Companions.grouped(new ArrayList<>(byPath.keySet()))) {
            DiffEntry e = byPath.get(path);
            String rev = e.change() == DiffEntry.Change.DELETED && !c.parents().isEmpty()
                ? c.parents().get(0).toString() : c.id().toString();
            b.append(companionRow(path, byPath.keySet())).append("<td>").append(fileLink(rev, e.path(), e.type()))
                .append("</td><td>").append(changeLabel(e.change()));
            if (e.oldPath() != null) {
                b.append(" from ").append(esc(e.oldPath()));
            }
            b.append("</td><td>").append(Html.size(e.oldSize())).append("</td><td>").append(Html.size(e.newSize()))
                .append("</td><td>").append(Html.size(Math.max(0, e.storedBytes()))).append("</td><td>");
            TreeEntry now = e.change() == DiffEntry.Change.DELETED ? null : inCommit.get(e.path());
            if (now != null) {
                b.append(Html.meta(now.metadata()));
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>");
        page(req, "Commit " + c.id().toString().substring(0, 10), b.toString());
    }

    /** How a change reads in a table: a metadata-only change says so. */
    static String changeLabel(DiffEntry.Change c) {
        return c == DiffEntry.Change.METADATA ? "<span title=\"the bytes are unchanged\">metadata only</span>"
            : c.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A row's opening tag: an index listed with its data file is marked, and indented by the style sheet. */
    private static String companionRow(String path, java.util.Collection<String> listed) {
        String data = Companions.dataFileOf(path, listed);
        return data == null ? "<tr>" : "<tr class=\"companion\" title=\"index of " + esc(data) + "\">";
    }

    /** The warnings for data files and indexes that changed without each other, or nothing. */
    private static String companionWarnings(java.util.Collection<String> changed, java.util.Collection<String> existing) {
        List<String> warnings = Companions.stale(changed, existing).stream()
            .map(s -> s.changed() + " changed but its companion " + s.companion() + " did not; is the index stale?")
            .toList();
        if (warnings.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<ul class=\"warnings\" id=\"companion-warnings\">");
        warnings.forEach(w -> b.append("<li>").append(esc(w)).append("</li>"));
        return b.append("</ul>").toString();
    }

    private static String fileLink(String rev, String path, EntryType type) {
        String target = type == EntryType.DIRECTORY ? "/tree" : "/file";
        return "<a href=\"" + target + "?rev=" + q(rev) + "&path=" + q(path) + "\">" + esc(path) + "</a>";
    }

    // ---- files ----

    private void tree(Request req) throws IOException, DamnitException {
        if (empty()) {
            page(req, "Files", EMPTY_REPO);
            return;
        }
        String rev = req.param("rev", "HEAD");
        String dir = trimSlashes(req.param("path", ""));
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<TreeEntry> entries = new ArrayList<>();
        boolean dirExists = dir.isEmpty();
        for (TreeEntry e : repo.listTree(rev)) {
            if (e.path().equals(dir) && e.type() == EntryType.DIRECTORY) {
                dirExists = true;
            } else if (e.path().startsWith(prefix) && e.path().indexOf('/', prefix.length()) < 0) {
                entries.add(e);
            }
        }
        if (!dirExists) {
            throw new HttpError(404, "revision " + rev + " has no directory '" + dir + "'");
        }
        entries.sort((a, b) -> a.type() == b.type() ? a.path().compareTo(b.path())
            : a.type() == EntryType.DIRECTORY ? -1 : b.type() == EntryType.DIRECTORY ? 1 : a.path().compareTo(b.path()));
        StringBuilder b = new StringBuilder(revForm("/tree", rev, "path", dir));
        b.append(breadcrumbs(rev, dir));
        b.append("<table class=\"list\" id=\"tree\"><thead><tr><th>Name</th><th>Size</th><th>Modified</th>"
            + "<th>MD5</th><th>SHA-256</th><th>Metadata</th></tr></thead><tbody>");
        for (TreeEntry e : entries) {
            String name = e.path().substring(prefix.length());
            b.append("<tr data-path=\"").append(esc(e.path())).append("\"><td>");
            switch (e.type()) {
                case DIRECTORY -> b.append("<a class=\"dir\" href=\"/tree?rev=").append(q(rev)).append("&path=")
                    .append(q(e.path())).append("\">").append(esc(name)).append("/</a>");
                case FILE -> b.append("<a class=\"file\" href=\"/file?rev=").append(q(rev)).append("&path=")
                    .append(q(e.path())).append("\">").append(esc(name)).append("</a>");
                case SYMLINK -> b.append(esc(name)).append(" → ").append(esc(e.linkTarget()));
            }
            b.append("</td><td>").append(e.type() == EntryType.FILE ? Html.size(e.size()) : "")
                .append("</td><td>").append(Html.time(e.modified()))
                .append("</td><td>").append(Html.hash(e.md5()))
                .append("</td><td>").append(Html.hash(e.sha256()))
                .append("</td><td>").append(Html.meta(e.metadata())).append("</td></tr>");
        }
        if (entries.isEmpty()) {
            b.append("<tr><td colspan=\"6\" class=\"empty\">empty directory</td></tr>");
        }
        b.append("</tbody></table>");
        if (rev.equals("HEAD")) {
            b.append("<p><a href=\"/add?dir=").append(q(dir)).append("\">Add files here</a></p>");
        }
        page(req, dir.isEmpty() ? "Files" : dir, b.toString());
    }

    private static String breadcrumbs(String rev, String dir) {
        StringBuilder b = new StringBuilder("<p class=\"crumbs\"><a href=\"/tree?rev=").append(q(rev))
            .append("\">(root)</a>");
        String acc = "";
        if (!dir.isEmpty()) {
            for (String part : dir.split("/")) {
                acc = acc.isEmpty() ? part : acc + "/" + part;
                b.append(" / <a href=\"/tree?rev=").append(q(rev)).append("&path=").append(q(acc)).append("\">")
                    .append(esc(part)).append("</a>");
            }
        }
        return b.append("</p>").toString();
    }

    private static String revForm(String action, String rev, String hiddenName, String hiddenValue) {
        return "<form class=\"rev\" method=\"get\" action=\"" + action + "\"><label>Revision <input name=\"rev\" value=\""
            + esc(rev) + "\" size=\"14\"></label><input type=\"hidden\" name=\"" + hiddenName + "\" value=\""
            + esc(hiddenValue) + "\"><button>Show</button></form>";
    }

    private void file(Request req) throws IOException, DamnitException {
        String rev = req.param("rev", "HEAD");
        String path = trimSlashes(req.param("path", ""));
        if (path.isEmpty()) {
            throw new HttpError(400, "which file? (?path=… is missing)");
        }
        List<FileVersion> history = repo.history(rev, path);
        if (history.isEmpty()) {
            throw new HttpError(404, "'" + path + "' has no history up to " + rev);
        }
        StringBuilder b = new StringBuilder(revForm("/file", rev, "path", path));
        int slash = path.lastIndexOf('/');
        b.append(breadcrumbs(rev, slash < 0 ? "" : path.substring(0, slash)));
        FileVersion current = history.get(0);
        if (current.entry() == null) {
            b.append("<p class=\"notice\">Deleted in ").append(Html.hash(current.commit().id())).append(". ")
                .append("Earlier versions are below.</p>");
        } else {
            TreeEntry e = current.entry();
            b.append("<table class=\"facts\" id=\"file\">")
                .append(row("Size", Html.size(e.size())))
                .append(row("MD5", "<code id=\"md5\">" + esc(e.md5()) + "</code>"))
                .append(row("SHA-256", "<code id=\"sha256\">" + esc(e.sha256()) + "</code>"))
                .append(row("Modified", Html.time(e.modified())))
                .append(row("Executable", e.executable() ? "yes" : "no"))
                .append(row("Metadata", "<span id=\"metadata\">" + Html.meta(e.metadata()) + "</span>"))
                .append(row("Stable URL", "<a id=\"stable-url\" href=\"" + versionLink(current.commit().id(), path)
                    + "\" title=\"this version's own address, with byte ranges, for samtools and genome browsers\">"
                    + esc(versionLink(current.commit().id(), path)) + "</a>"))
                .append("</table><p><a class=\"button\" id=\"download\" href=\"").append(rawLink(rev, path))
                .append("\" download>Download</a></p>");
            if (rev.equals("HEAD")) {
                b.append("<form id=\"meta-form\" class=\"inline\" data-path=\"").append(esc(path)).append("\">")
                    .append("<label>Set metadata <input name=\"meta\" placeholder=\"key=value key2=value2\" size=\"32\">")
                    .append("</label><button>Save and commit</button><span class=\"result\"></span></form>");
            }
        }
        b.append("<h2 id=\"versions\">Versions over time</h2>").append(Charts.timeline(history));
        b.append("<h2>History</h2><table class=\"list\" id=\"history\"><thead><tr><th>Commit</th><th>Time</th>"
            + "<th>Change</th><th>Size</th><th title=\"stored bytes of the chunks the previous version did not have\">New data</th><th>MD5</th><th>Metadata</th><th>Message</th>"
            + "<th></th></tr></thead><tbody>");
        for (FileVersion v : history) {
            Commit c = v.commit();
            b.append("<tr><td>").append(Html.commitLink(c.id()))
                .append("</td><td>").append(Html.time(c.time())).append("</td><td>")
                .append(changeLabel(v.change())).append("</td>");
            if (v.entry() == null) {
                b.append("<td></td><td></td><td></td><td></td>");
            } else {
                b.append("<td>").append(Html.size(v.entry().size())).append("</td><td>").append(Html.size(v.storedBytes()))
                    .append("</td><td>").append(Html.hash(v.entry().md5())).append("</td><td>")
                    .append(Html.meta(v.entry().metadata())).append("</td>");
            }
            b.append("<td class=\"msg\">").append(esc(c.shortMessage())).append("</td><td class=\"actions\">");
            if (v.entry() != null) {
                b.append("<a class=\"download\" href=\"").append(rawLink(c.id().toString(), path))
                    .append("\" download>download</a> <a class=\"stable\" href=\"").append(versionLink(c.id(), path))
                    .append("\" title=\"this version's stable URL\">URL</a> <button class=\"revert\" data-rev=\"").append(c.id())
                    .append("\" data-path=\"").append(esc(path)).append("\">restore as new commit</button>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"result\" id=\"revert-result\"></p>");
        page(req, path, b.toString());
    }

    private static String rawLink(String rev, String path) {
        return "/raw?rev=" + q(rev) + "&path=" + q(path);
    }

    /** Downloads a committed file (byte ranges too): one chunk in memory at a time, verified as it goes. */
    private void raw(Request req) throws IOException, DamnitException {
        FileResponse.send(req, repo, req.param("rev", "HEAD"), trimSlashes(req.param("path", "")), true, chunksRead);
    }

    /**
     * {@code /v/REV/PATH}: a file of a revision at a URL of its own, so that tools resolving companions by
     * name ({@code samtools view http://…/v/ID/aln/A.bam chr1:1000-2000} fetching {@code A.bam.bai}) find them.
     */
    private void version(Request req, String revAndPath) throws IOException, DamnitException {
        int slash = revAndPath.indexOf('/');
        String path = slash < 0 ? "" : trimSlashes(revAndPath.substring(slash + 1));
        if (slash <= 0 || path.isEmpty()) {
            throw new HttpError(404, "use /v/REVISION/PATH");
        }
        FileResponse.send(req, repo, revAndPath.substring(0, slash), path, false, chunksRead);
    }

    /** The stable address of {@code path} as of commit {@code id}. */
    static String versionLink(ObjectId id, String path) {
        StringBuilder b = new StringBuilder("/v/").append(id);
        for (String seg : path.split("/")) {
            b.append('/').append(Html.q(seg).replace("+", "%20"));
        }
        return b.toString();
    }

    // ---- working tree ----

    private void status(Request req) throws IOException, DamnitException {
        List<FileStatus> all = repo.status().setIncludeUnchanged(true).call();
        Map<String, FileStatus> byPath = new java.util.LinkedHashMap<>();
        all.stream().filter(f -> f.state() != FileStatus.State.UNCHANGED).forEach(f -> byPath.put(f.path(), f));
        StringBuilder b = new StringBuilder();
        b.append(Html.explain("working tree"));
        if (byPath.isEmpty()) {
            b.append("<p class=\"clean\" id=\"clean\">The working tree matches the last commit.</p>");
        } else {
            b.append(companionWarnings(byPath.values().stream().filter(f -> f.state().content()).map(FileStatus::path)
                .toList(), all.stream().map(FileStatus::path).toList()));
            b.append("<table class=\"list\" id=\"status\"><thead><tr><th>State</th><th>Path</th><th>Size</th></tr>"
                + "</thead><tbody>");
            for (String path : Companions.grouped(new ArrayList<>(byPath.keySet()))) {
                FileStatus s = byPath.get(path);
                String data = Companions.dataFileOf(path, byPath.keySet());
                b.append("<tr class=\"").append(s.state().name().toLowerCase(java.util.Locale.ROOT))
                    .append(data == null ? "" : " companion").append("\"")
                    .append(data == null ? "" : " title=\"index of " + esc(data) + "\"").append("><td>")
                    .append(s.state() == FileStatus.State.METADATA ? "metadata only"
                        : s.state().name().toLowerCase(java.util.Locale.ROOT)).append("</td><td>")
                    .append(esc(s.path())).append("</td><td>").append(s.type() == EntryType.FILE ? Html.size(s.size()) : "")
                    .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h2>Commit the working tree</h2><form id=\"commit-form\" class=\"stack\">"
            + "<label>Message <textarea name=\"message\" rows=\"3\" required></textarea></label>"
            + "<label>Author <input name=\"author\" placeholder=\"Name <email> (empty: anonymous)\" size=\"40\"></label>"
            + "<button>Commit</button><span class=\"result\"></span></form>");
        page(req, "Status", b.toString());
    }

    // ---- search ----

    private void search(Request req) throws IOException, DamnitException {
        String query = req.param("q", "");
        String rev = req.param("rev", "HEAD");
        boolean all = req.query.containsKey("all");
        StringBuilder b = new StringBuilder("<form class=\"search\" method=\"get\" action=\"/search\">"
            + "<input name=\"q\" id=\"q\" size=\"50\" autofocus value=\"" + esc(query) + "\" "
            + "placeholder=\"sample=S1  path~*.fastq.gz  size>100M  md5=…\">"
            + "<label>Revision <input name=\"rev\" size=\"12\" value=\"" + esc(rev) + "\"></label>"
            + "<label><input type=\"checkbox\" name=\"all\"" + (all ? " checked" : "") + "> all history</label>"
            + "<button>Search</button></form><p class=\"hint\">Terms are ANDed: <code>key=value</code>, "
            + "<code>key~glob</code>, <code>path~glob</code>, <code>size&gt;N</code>, <code>size&lt;N</code> (bytes, or <code>100M</code>, <code>1.5G</code>), "
            + "<code>md5=HEX</code>, <code>sha256=HEX</code>; a bare word matches file names containing it.</p>");
        if (!query.isEmpty() && !empty()) {
            FindCommand find = repo.find().setRevision(rev).setAllHistory(all);
            for (String term : query.trim().split("\\s+")) {
                find.addExpression(term);
            }
            List<FindCommand.Match> matches;
            try {
                matches = find.call();
            } catch (IllegalArgumentException | org.damnit.BadPathException e) {
                b.append("<p class=\"error\">").append(esc(e.getMessage())).append("</p>");
                req.html(400, Html.page("Search", repoName(), csrf, b.toString()));
                return;
            }
            b.append("<p id=\"count\">").append(matches.size()).append(matches.size() == 1 ? " match" : " matches")
                .append("</p><table class=\"list\" id=\"results\"><thead><tr>").append(all ? "<th>Commit</th>" : "")
                .append("<th>Path</th><th>Size</th><th>MD5</th><th>Metadata</th></tr></thead><tbody>");
            for (FindCommand.Match m : matches) {
                TreeEntry e = m.entry();
                String at = all ? m.commit().toString() : rev;
                b.append("<tr>");
                if (all) {
                    b.append("<td>").append(Html.commitLink(m.commit())).append("</td>");
                }
                b.append("<td>").append(fileLink(at, e.path(), e.type())).append("</td><td>").append(Html.size(e.size()))
                    .append("</td><td>").append(Html.hash(e.md5())).append("</td><td>").append(Html.meta(e.metadata()))
                    .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        page(req, "Search", b.toString());
    }

    // ---- adding files ----

    private void add(Request req) throws IOException, DamnitException {
        String dir = trimSlashes(req.param("dir", ""));
        long pending = repo.status().call().size();
        String warning = pending == 0 ? "" : "<p class=\"notice\" id=\"pending\">The working tree has " + pending
            + (pending == 1 ? " uncommitted change" : " uncommitted changes") + " (see <a href=\"/status\">Status</a>);"
            + " the commit will record them too.</p>";
        String body = warning + "<form id=\"upload-form\" class=\"stack\" data-max-upload=\"" + maxUpload + "\">"
            + "<label>Into directory <input name=\"dir\" value=\"" + esc(dir) + "\" placeholder=\"(project root)\" "
            + "size=\"40\"></label>"
            + "<label>Files <input type=\"file\" name=\"files\" multiple required></label>"
            + "<label><span>Metadata for these files, one <code>key=value</code> per line</span>"
            + "<textarea name=\"meta\" rows=\"4\" placeholder=\"sample=S1&#10;run=2026-11-26\"></textarea></label>"
            + "<label>Commit message <input name=\"message\" size=\"60\" placeholder=\"Add …\"></label>"
            + "<label>Author <input name=\"author\" placeholder=\"Name <email> (empty: anonymous)\" size=\"40\"></label>"
            + "<button>Upload and commit</button></form><ul id=\"progress\"></ul><p class=\"result\" id=\"upload-result\">"
            + "</p><p class=\"hint\">Files are streamed to disk, never held in memory (up to " + Html.size(maxUpload)
            + " each). A file that already exists is replaced in the working tree; its earlier versions stay in history.</p>";
        page(req, "Add files", body);
    }

    private void staticFile(Request req, String name) throws IOException {
        String type = name.endsWith(".css") ? "text/css; charset=utf-8"
            : name.endsWith(".js") ? "text/javascript; charset=utf-8" : null;
        InputStream in = type == null || name.contains("/") ? null : Pages.class.getResourceAsStream(name);
        if (in == null) {
            throw new HttpError(404, "no file /static/" + name);
        }
        try (in) {
            req.send(200, type, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static String trimSlashes(String p) {
        String s = p.replace('\\', '/');
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "not a number: " + s);
        }
    }
}
