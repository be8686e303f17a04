package org.damnit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.damnit.CorruptObjectException;
import org.damnit.ObjectId;
import org.damnit.PathRules;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names are bytes: stored, shown escaped and restored exactly, whatever the locale. */
class NamesTest {
    @TempDir
    Path tmp;

    /** A file whose name is exactly {@code name} (bytes given as ISO-8859-1 chars), made through a file: URI. */
    private static Path create(Path dir, String name, String content) throws Exception {
        StringBuilder u = new StringBuilder(dir.toAbsolutePath().toUri().toString());
        for (byte b : name.getBytes(StandardCharsets.ISO_8859_1)) {
            u.append('%').append(String.format("%02X", b & 0xff));
        }
        Path p = Path.of(URI.create(u.toString()));
        Files.writeString(p, content);
        return p;
    }

    /** The names in a directory as bytes (ISO-8859-1 chars), read from the URIs, which carry bytes. */
    private static TreeSet<String> namesIn(Path dir) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String raw = p.toUri().getRawPath();
                raw = raw.substring(raw.lastIndexOf('/', raw.length() - 2) + 1).replaceAll("/$", "");
                out.add(new String(java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    @Test
    void bytesAndStringsMapOneToOneInByteOrder() {
        Random r = new Random(1);
        List<byte[]> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[1 + r.nextInt(12)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (r.nextInt(4) == 0 ? 0x80 + r.nextInt(128) : r.nextInt(4) == 0 ? 0xc3 : 0x20 + r.nextInt(90));
            }
            names.add(b);
            assertThat(Names.toBytes(Names.fromBytes(b))).isEqualTo(b);
        }
        for (int i = 1; i < names.size(); i++) {
            byte[] a = names.get(i - 1);
            byte[] b = names.get(i);
            assertThat(Integer.signum(Names.ORDER.compare(Names.fromBytes(a), Names.fromBytes(b))))
                .isEqualTo(Integer.signum(java.util.Arrays.compareUnsigned(a, b)));
        }
        assertThat(PathRules.display(Names.fromBytes("lat\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1))))
            .isEqualTo("lat\\xe9.txt");
    }

    @Test
    void latin1NamesAndBackslashesAreCommittedAndRestoredAsTheyWere() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Path d = Files.createDirectories(p.resolve("run"));
        create(d, "lat\u00e9.txt", "one");
        create(d, "\u00e9t\u00e9.txt", "two"); // two such names in one directory
        Files.writeString(d.resolve("a\\b.txt"), "three");
        Files.writeString(d.resolve("plain.txt"), "four");
        try (Repository repo = Repository.init(p)) {
            assertThat(repo.status().call()).hasSize(4);
            repo.commit().setMessage("v1").call();
            assertThat(repo.status().call()).as("all of them versioned").isEmpty();
            assertThat(repo.listTree("HEAD")).extracting(e -> PathRules.display(e.path()))
                .contains("run/lat\\xe9.txt", "run/\\xe9t\\xe9.txt", "run/a\\b.txt");

            Path out = tmp.resolve("out");
            repo.restore().setTarget(out).call();
            assertThat(namesIn(out.resolve("run"))).isEqualTo(namesIn(d));
            assertThat(Files.readString(out.resolve("run/a\\b.txt"))).isEqualTo("three");

            Files.delete(d.resolve("plain.txt")); // in place too
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.toList()) {
                    Files.writeString(f, "changed");
                }
            }
            repo.restore().setForce(true).call();
            assertThat(namesIn(d)).isEqualTo(namesIn(out.resolve("run")));
            assertThat(repo.status().call()).isEmpty();
            assertThat(repo.verify().setReadData(true).call().ok()).isTrue();
        }
    }

    @Test
    void treesKeepTheFirstFormatUnlessANameNeedsTheSecond() throws Exception {
        Node plain = Node.symlink("caf\u00e9", "x");
        Node raw = Node.symlink(Names.fromBytes(new byte[] {'x', (byte) 0xe9}), "x");
        Node backslash = Node.symlink("a\\b", "x");
        assertThat(new String(Codec.encodeTree(List.of(plain)), StandardCharsets.UTF_8)).startsWith("{\"format\":1,");
        byte[] t2 = Codec.encodeTree(List.of(plain, raw, backslash));
        assertThat(new String(t2, StandardCharsets.UTF_8)).startsWith("{\"format\":2,").contains("x\\uDCE9");
        assertThat(Codec.decodeTree(ObjectId.of(new byte[32]), t2)).extracting(Node::name)
            .containsExactly("a\\b", "caf\u00e9", raw.name());
        byte[] oldWithBackslash = "{\"format\":1,\"entries\":[{\"name\":\"a\\\\b\",\"type\":\"link\",\"target\":\"x\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Codec.decodeTree(ObjectId.of(new byte[32]), oldWithBackslash))
            .isInstanceOf(CorruptObjectException.class);
    }

    /** Commits or restores in a JVM whose locale is plain ASCII, as under cron, in containers, on batch nodes. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try (Repository repo = Repository.open(Path.of(args[1]))) {
                if (args[0].equals("commit")) {
                    repo.commit().setMessage("from LANG=C").call();
                } else {
                    repo.restore().setTarget(Path.of(args[2])).call();
                }
            }
        }
    }

    private static void inCLocale(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_"));
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
    }

    @Test
    void underAnAsciiLocaleNamesAreStillTheirBytes() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(p.resolve("caf\u00e9.txt"), "utf-8 name");
        create(p, "lat\u00e9.txt", "latin-1 name");
        Repository.init(p).close();
        inCLocale("commit", p.toString());
        try (Repository repo = Repository.open(p)) {
            assertThat(repo.listTree("HEAD")).extracting(e -> e.path())
                .containsExactlyInAnyOrder("caf\u00e9.txt", Names.fromBytes("lat\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1)));
        }
        Path out = tmp.resolve("out");
        inCLocale("restore", p.toString(), out.toString());
        assertThat(namesIn(out)).isEqualTo(namesIn(p).stream().filter(n -> !n.equals(".damnit"))
            .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        assertThat(Files.readString(out.resolve("caf\u00e9.txt"))).isEqualTo("utf-8 name");
    }
}
