package org.damnit.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.damnit.BadPathException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.FindCommand;
import org.damnit.ObjectId;
import org.damnit.TreeEntry;

/**
 * Search backed by one index file per commit ({@code .damnit/cache/find/COMMIT}): the commit's files,
 * flattened, with sizes, digests and metadata. A commit never changes, so its index never goes stale; a
 * missing or damaged one is rebuilt from the commit's trees.
 */
final class FindOp extends FindCommand {
    private static final int INDEX_VERSION = 1;
    private final LocalRepository repo;

    FindOp(LocalRepository repo) {
        this.repo = repo;
    }

    @Override
    protected List<Match> execute() throws DamnitException {
        Predicate<TreeEntry> test = parse(expressions);
        Set<ObjectId> commits = new LinkedHashSet<>();
        if (allHistory) {
            for (String ref : repo.listRefs("")) {
                for (org.damnit.Commit c : repo.log().setRevision(repo.readRef(ref).orElseThrow().toHex()).call()) {
                    commits.add(c.id());
                }
            }
        } else {
            commits.add(repo.resolve(revision));
        }
        List<Match> out = new ArrayList<>();
        for (ObjectId c : commits) {
            for (TreeEntry e : entries(c)) {
                if (test.test(e)) {
                    out.add(new Match(c, e));
                }
            }
        }
        return out;
    }

    static Predicate<TreeEntry> parse(List<String> expressions) throws BadPathException {
        Predicate<TreeEntry> all = e -> true;
        for (String x : expressions) {
            all = all.and(parseOne(x));
        }
        return all;
    }

    private static Predicate<TreeEntry> parseOne(String x) throws BadPathException {
        int lt = x.indexOf('<');
        int gt = x.indexOf('>');
        int eq = x.indexOf('=');
        int tilde = x.indexOf('~');
        int op = firstOf(lt, gt, eq, tilde);
        if (op <= 0) {
            throw new BadPathException("bad expression '" + x + "': use key=value, key~glob, path~glob, size>N, size<N, "
                + "md5=HEX or sha256=HEX");
        }
        String key = x.substring(0, op);
        String value = x.substring(op + 1);
        char c = x.charAt(op);
        if (key.equals("size") && (c == '<' || c == '>')) {
            long n;
            try {
                n = Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new BadPathException("bad size in '" + x + "'");
            }
            return c == '<' ? e -> e.size() < n : e -> e.size() > n;
        }
        if (c == '<' || c == '>') {
            throw new BadPathException("'" + x + "': only size compares with < or >");
        }
        if (key.equals("path")) {
            Pattern glob = Pattern.compile(IgnoreRules.toRegex(value).replace("[^/]*", ".*"));
            return c == '~' ? e -> glob.matcher(e.path()).matches() : e -> e.path().equals(value);
        }
        if (key.equals("md5") && c == '=') {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            return e -> v.equals(e.md5());
        }
        if (key.equals("sha256") && c == '=') {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            return e -> e.sha256() != null && v.equals(e.sha256().toHex());
        }
        if (c == '~') {
            Pattern glob = Pattern.compile(IgnoreRules.toRegex(value).replace("[^/]*", ".*"));
            return e -> e.metadata().containsKey(key) && glob.matcher(e.metadata().get(key)).matches();
        }
        return e -> value.equals(e.metadata().get(key));
    }

    private static int firstOf(int... positions) {
        int best = -1;
        for (int p : positions) {
            if (p >= 0 && (best < 0 || p < best)) {
                best = p;
            }
        }
        return best;
    }

    /** The files of a commit, from its index (built if missing or unreadable). */
    List<TreeEntry> entries(ObjectId commit) throws DamnitException {
        Path file = repo.cacheDir().resolve("find").resolve(commit.toHex());
        try {
            return read(file);
        } catch (NoSuchFileException e) {
            // build it
        } catch (IOException e) {
            // damaged: rebuild
        }
        List<TreeEntry> entries = new ArrayList<>();
        for (Map.Entry<String, Node> e : repo.flatten(repo.readCommit(commit).tree()).entrySet()) {
            if (e.getValue().type() == EntryType.FILE) {
                entries.add(LocalRepository.toEntry(e.getKey(), e.getValue()));
            }
        }
        try {
            write(file, entries);
        } catch (IOException e) {
            // a cache: searching works without it
        }
        return entries;
    }

    private static void write(Path file, List<TreeEntry> entries) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(INDEX_VERSION);
            out.writeInt(entries.size());
            for (TreeEntry e : entries) {
                out.writeUTF(e.path());
                out.writeLong(e.size());
                out.write(e.sha256().toBytes());
                out.write(HexFormat.of().parseHex(e.md5()));
                out.writeBoolean(e.executable());
                out.writeLong(e.modified().getEpochSecond());
                out.writeInt(e.modified().getNano());
                out.writeInt(e.metadata().size());
                for (Map.Entry<String, String> m : e.metadata().entrySet()) {
                    out.writeUTF(m.getKey());
                    out.writeUTF(m.getValue());
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<TreeEntry> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != INDEX_VERSION) {
                throw new IOException("other version");
            }
            int n = in.readInt();
            List<TreeEntry> out = new ArrayList<>(n);
            byte[] sha = new byte[32];
            byte[] md5 = new byte[16];
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                long size = in.readLong();
                in.readFully(sha);
                in.readFully(md5);
                boolean exec = in.readBoolean();
                java.time.Instant mtime = java.time.Instant.ofEpochSecond(in.readLong(), in.readInt());
                int m = in.readInt();
                Map<String, String> meta = m == 0 ? Map.of() : new TreeMap<>();
                for (int j = 0; j < m; j++) {
                    meta.put(in.readUTF(), in.readUTF());
                }
                out.add(new TreeEntry(path, EntryType.FILE, size, exec, mtime, ObjectId.of(sha),
                    HexFormat.of().formatHex(md5), null, meta));
            }
            return out;
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
    }
}
