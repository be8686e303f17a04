package org.damnit.cli;

import org.damnit.EntryType;
import org.damnit.Repository;
import org.damnit.TreeEntry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "manifest", mixinStandardHelpOptions = true,
    description = {"Print a checksum manifest of a committed revision (never the working tree), one line per file",
        "with paths relative to the project root, as `md5sum -c` or `sha256sum -c` read it (ENA/SRA submissions)."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit manifest > MANIFEST.md5 && md5sum -c MANIFEST.md5", "  damnit manifest --rev v1.0 --sha256",
        ExitCodes.FOOTER})
final class ManifestCmd extends Subcommand {
    @Option(names = {"-r", "--rev"}, paramLabel = "REV", description = "Revision (default: HEAD).")
    String revision = "HEAD";

    @ArgGroup(exclusive = true)
    Algorithm algorithm = new Algorithm();

    static final class Algorithm {
        @Option(names = "--md5", description = "MD5 (the default).")
        boolean md5;
        @Option(names = "--sha256", description = "SHA-256.")
        boolean sha256;
    }

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            java.util.List<TreeEntry> files = repo.listTree(revision).stream().filter(e -> e.type() == EntryType.FILE)
                .toList();
            if (json) {
                java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
                for (TreeEntry e : files) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("path", e.path());
                    m.put("size", e.size());
                    m.put("md5", e.md5());
                    m.put("sha256", e.sha256().toHex());
                    rows.add(m);
                }
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("commit", repo.resolve(revision).toHex());
                m.put("files", rows);
                Json.print(out(), m);
                return ExitCodes.OK;
            }
            for (TreeEntry e : files) {
                String sum = algorithm.sha256 ? e.sha256().toHex() : e.md5();
                String path = e.path();
                if (path.indexOf('\\') >= 0 || path.indexOf('\n') >= 0) {
                    // the coreutils convention for names with a backslash or newline
                    path = path.replace("\\", "\\\\").replace("\n", "\\n");
                    out().println("\\" + sum + "  " + path);
                } else {
                    out().println(sum + "  " + path);
                }
            }
        }
        return ExitCodes.OK;
    }
}
