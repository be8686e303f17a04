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
import org.damnit.BadArgumentException;
import org.damnit.DamnitException;
import org.damnit.EntryType;
import org.damnit.FindCommand;
import org.damnit.FindCommand.Match;
import org.damnit.ObjectId;
import org.damnit.TreeEntry;

/**
 * Search backed by one index file per commit ({@code .damnit/cache/find/COMMIT}): the commit's files,
 * flattened, with sizes, digests and metadata. A commit never changes, so its index never goes stale; a
 * missing or damaged one is rebuilt from the commit's trees.
 */
final class FindOp {
    private static final int INDEX_VERSION = 1;
    private final RepoContext ctx;
    private final FindCommand.Request req;

    FindOp(RepoContext ctx, FindCommand.Request req) {
        this.ctx = ctx;
        this.req = req;
    }

    List<Match> execute() throws DamnitException {
        Predicate<Candidate> test = parse(req.expressions());
        Set<ObjectId> commits = new LinkedHashSet<>();
        if (req.allHistory()) {
            for (String ref : ctx.refs().list("")) {
                for (org.damnit.Commit c : ctx.porcelain().log().setRevision(ctx.refs().read(ref).orElseThrow().toHex()).call()) {
                    commits.add(c.id());
                }
            }
        } else {
            commits.add(ctx.revisions().resolve(req.revision()));
        }
        List<Match> out = new ArrayList<>();
        for (ObjectId c : commits) {
            Path file = indexFile(c);
            try {
                scan(file, test, c, out);
                continue;
            } catch (IOException missingOrDamaged) {
                // built (again) from the commit's trees, and searched as it is built
            }
            for (TreeEntry t : entries(c)) {
                if (test.test(new EntryCandidate(t))) {
                    out.add(new Match(c, t));
                }
            }
        }
        return out;
    }

    private Path indexFile(ObjectId commit) {
        return ctx.paths().cache().resolve("find").resolve(commit.toHex());
    }

    /** What a search term can ask of a file without the whole entry being decoded. */
    interface Candidate {
        long size();

        String path();

        boolean md5Is(byte[] md5);

        boolean sha256Is(byte[] sha256);

        String meta(String key);
    }

    private record EntryCandidate(TreeEntry e) implements Candidate {
        @Override
        public long size() {
            return e.size();
        }

        @Override
        public String path() {
            return e.path();
        }

        @Override
        public boolean md5Is(byte[] md5) {
            return e.md5() != null && java.util.Arrays.equals(HexFormat.of().parseHex(e.md5()), md5);
        }

        @Override
        public boolean sha256Is(byte[] sha256) {
            return e.sha256() != null && java.util.Arrays.equals(e.sha256().toBytes(), sha256);
        }

        @Override
        public String meta(String key) {
            return e.metadata().get(key);
        }
    }

    /**
     * One record of a memory-mapped index file; fields are located first and decoded only when a
     * term asks for them, so a query over a million files decodes little more than the matches.
     */
    private static final class Row implements Candidate {
        private final java.nio.ByteBuffer b;
        private int pathOff;
        private int pathLen;
        private long size;
        private int shaOff;
        private int md5Off;
        private int metaOff;
        private int metaCount;
        private String path;
        private Map<String, String> meta;

        Row(java.nio.ByteBuffer b) {
            this.b = b;
        }

        /** Locates the fields of the record at {@code p}; returns where the next one starts. */
        int at(int p) {
            pathLen = b.getShort(p) & 0xffff;
            pathOff = p + 2;
            p = pathOff + pathLen;
            size = b.getLong(p);
            shaOff = p + 8;
            md5Off = shaOff + 32;
            p = md5Off + 16 + 1 + 8 + 4;
            metaCount = b.getInt(p);
            metaOff = p + 4;
            p = metaOff;
            for (int i = 0; i < 2 * metaCount; i++) {
                p += 2 + (b.getShort(p) & 0xffff);
            }
            path = null;
            meta = null;
            return p;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String path() {
            if (path == null) {
                path = utf(pathOff, pathLen);
            }
            return path;
        }

        @Override
        public boolean md5Is(byte[] md5) {
            return same(md5Off, md5);
        }

        @Override
        public boolean sha256Is(byte[] sha256) {
            return same(shaOff, sha256);
        }

        private boolean same(int off, byte[] v) {
            for (int i = 0; i < v.length; i++) {
                if (b.get(off + i) != v[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String meta(String key) {
            if (metaCount == 0) {
                return null;
            }
            return meta().get(key);
        }

        private Map<String, String> meta() {
            if (meta == null) {
                meta = new TreeMap<>();
                int p = metaOff;
                for (int i = 0; i < metaCount; i++) {
                    int kl = b.getShort(p) & 0xffff;
                    String k = utf(p + 2, kl);
                    p += 2 + kl;
                    int vl = b.getShort(p) & 0xffff;
                    meta.put(k, utf(p + 2, vl));
                    p += 2 + vl;
                }
            }
            return meta;
        }

        /** Modified UTF-8 as written by {@code writeUTF}; plain ASCII is decoded directly. */
        private String utf(int off, int len) {
            byte[] raw = new byte[len];
            b.get(off, raw);
            for (byte x : raw) {
                if (x <= 0) {
                    try {
                        java.nio.ByteBuffer two = java.nio.ByteBuffer.allocate(2 + len).putShort((short) len).put(raw);
                        return new DataInputStream(new java.io.ByteArrayInputStream(two.array())).readUTF();
                    } catch (IOException e) {
                        throw new IllegalStateException("damaged search index", e);
                    }
                }
            }
            return new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        TreeEntry entry() {
            int p = md5Off + 16;
            boolean exec = b.get(p) != 0;
            java.time.Instant mtime = java.time.Instant.ofEpochSecond(b.getLong(p + 1), b.getInt(p + 9));
            byte[] sha = new byte[32];
            b.get(shaOff, sha);
            byte[] md5 = new byte[16];
            b.get(md5Off, md5);
            return new TreeEntry(path(), EntryType.FILE, size, exec, mtime, ObjectId.of(sha), HexFormat.of().formatHex(md5),
                null, metaCount == 0 ? Map.of() : meta());
        }
    }

    private static void scan(Path file, Predicate<Candidate> test, ObjectId commit, List<Match> out) throws IOException {
        try (java.nio.channels.FileChannel ch = RegularFiles.channel(file)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException("search index too large to map");
            }
            java.nio.ByteBuffer b = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (b.getInt(0) != INDEX_VERSION) {
                throw new IOException("other version");
            }
            int n = b.getInt(4);
            Row row = new Row(b);
            int p = 8;
            List<Match> found = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int next = row.at(p);
                if (test.test(row)) {
                    found.add(new Match(commit, row.entry()));
                }
                p = next;
            }
            out.addAll(found);
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            throw new IOException("damaged search index " + file, e);
        }
    }

    static Predicate<Candidate> parse(List<String> expressions) throws BadArgumentException {
        Predicate<Candidate> all = e -> true;
        for (String x : expressions) {
            all = all.and(parseOne(x));
        }
        return all;
    }

    private static Predicate<Candidate> parseOne(String x) throws BadArgumentException {
        int lt = x.indexOf('<');
        int gt = x.indexOf('>');
        int eq = x.indexOf('=');
        int tilde = x.indexOf('~');
        int op = firstOf(lt, gt, eq, tilde);
        if (op < 0 && !x.isBlank()) {
            return parseOne("path~*" + x + "*"); // a bare word: a name containing it
        }
        if (op <= 0) {
            throw new BadArgumentException("bad expression '" + x + "': use key=value, key~glob, path~glob, size>N, size<N, "
                + "md5=HEX or sha256=HEX");
        }
        String key = x.substring(0, op);
        String value = x.substring(op + 1);
        char c = x.charAt(op);
        if (key.equals("size") && (c == '<' || c == '>')) {
            long n = parseSize(value);
            if (n < 0) {
                throw new BadArgumentException("bad size in '" + x + "': use bytes or a unit, e.g. size>100M, size<1.5G");
            }
            return c == '<' ? e -> e.size() < n : e -> e.size() > n;
        }
        if (c == '<' || c == '>') {
            throw new BadArgumentException("'" + x + "': only size compares with < or >");
        }
        if (key.equals("path")) {
            Glob glob = Glob.compileCrossingSlashes(value);
            return c == '~' ? e -> glob.matches(e.path()) : e -> e.path().equals(value);
        }
        if ((key.equals("md5") || key.equals("sha256")) && c == '=') {
            byte[] v = hexOrNull(value, key.equals("md5") ? 16 : 32);
            if (v == null) {
                return e -> false; // not a checksum of that kind: nothing has it
            }
            return key.equals("md5") ? e -> e.md5Is(v) : e -> e.sha256Is(v);
        }
        if (c == '~') {
            Glob glob = Glob.compileCrossingSlashes(value);
            return e -> {
                String m = e.meta(key);
                return m != null && glob.matches(m);
            };
        }
        return e -> value.equals(e.meta(key));
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtp])(?:i?b)?|b)?",
        Pattern.CASE_INSENSITIVE);

    /** Bytes, or a number with a binary unit (K, M, G, T, P; "KiB", "MB" alike: 1024-based); -1 if malformed. */
    static long parseSize(String s) {
        java.util.regex.Matcher m = SIZE.matcher(s.replace("_", "").trim());
        if (!m.matches()) {
            return -1;
        }
        int shift = m.group(2) == null ? 0 : 10 * (1 + "kmgtp".indexOf(Character.toLowerCase(m.group(2).charAt(0))));
        java.math.BigDecimal v = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(2).pow(shift));
        try {
            return v.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static byte[] hexOrNull(String hex, int bytes) {
        if (hex.length() != 2 * bytes) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
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

    /** The files of a commit, flattened from its trees; writes the commit's search index on the way. */
    List<TreeEntry> entries(ObjectId commit) throws DamnitException {
        Path file = indexFile(commit);
        List<TreeEntry> entries = new ArrayList<>();
        for (Map.Entry<String, Node> e : ctx.trees().flatten(ctx.trees().readCommit(commit).tree()).entrySet()) {
            if (e.getValue().type() == EntryType.FILE) {
                entries.add(Trees.toEntry(e.getKey(), e.getValue()));
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
        Path tmp = file.resolveSibling(file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp"); // one per writer
        try {
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
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
