package org.damnit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.damnit.cli.Cli.damnit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.PathRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file name that is not UTF-8 is shown escaped, in JSON exactly, and a command given its bytes finds it. */
class NamesCliTest {
    @TempDir
    Path tmp;

    @Test
    void aLatin1NameIsShownEscapedAndRestoredByItsBytes() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("p"));
        Path file = Path.of(URI.create(p.toUri() + "lat%E9.txt")); // the byte 0xE9: Latin-1, not UTF-8
        Files.writeString(file, "v1");
        assertThat(damnit(p, "init").code()).isZero();
        assertThat(damnit(p, "status").out()).contains("lat\\xe9.txt");
        assertThat(damnit(p, "commit", "-m", "v1").code()).isZero();
        assertThat(damnit(p, "manifest").out()).contains("lat\\xe9.txt");

        Files.writeString(file, "edited");
        String json = damnit(p, "status", "--json").out();
        String name = PathRules.fromBytes(new byte[] {'l', 'a', 't', (byte) 0xe9, '.', 't', 'x', 't'});
        assertThat(Cli.JSON.readTree(json).toString()).contains(name);
        Cli.Run r = damnit(p, "restore", "--force", name); // as the shell passes the bytes
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo("v1");
    }
}
