package org.damnit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.BadPathException;
import org.damnit.EntryType;
import org.damnit.Repository;
import org.damnit.TreeEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
    description = {"List a directory of a committed revision (default: the current directory at HEAD): type, size",
        "and name of each entry; a file lists itself. With -l also MD5, SHA-256 and metadata."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit ls --rev v1.0 aln", "  damnit ls -l --rev HEAD~1 aln/A.bam", "  damnit ls --json",
        ExitCodes.FOOTER})
final class LsCmd extends Subcommand {
    @Option(names = {"-r", "--rev"}, paramLabel = "REV", description = "Revision (default: HEAD).")
    String revision = "HEAD";

    @Option(names = "-l", description = "Long listing: MD5, SHA-256 and metadata too.")
    boolean longFormat;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "A directory or file (default: the current directory).")
    String path;

    @Override
    public Integer call() throws Exception {
        List<TreeEntry> listed = new ArrayList<>();
        try (Repository repo = root().open()) {
            String p = projectPath(repo, path == null ? "" : path);
            TreeEntry self = p.isEmpty() ? null : repo.entry(revision, p).orElseThrow(
                () -> new BadPathException("revision " + revision + " has no '" + p + "'"));
            if (self != null && self.type() != EntryType.DIRECTORY) {
                listed.add(self);
            } else {
                String prefix = p.isEmpty() ? "" : p + "/";
                for (TreeEntry e : repo.listTree(revision)) {
                    if (e.path().startsWith(prefix) && e.path().indexOf('/', prefix.length()) < 0) {
                        listed.add(e);
                    }
                }
            }
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TreeEntry e : listed) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", e.path());
                m.put("name", e.path().substring(e.path().lastIndexOf('/') + 1));
                m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
                if (e.type() == EntryType.FILE) {
                    m.put("size", e.size());
                    m.put("executable", e.executable());
                }
                if (e.type() == EntryType.SYMLINK) {
                    m.put("target", e.linkTarget());
                }
                if (longFormat && e.type() == EntryType.FILE) {
                    m.put("md5", e.md5());
                    m.put("sha256", e.sha256().toHex());
                }
                if (longFormat) {
                    m.put("metadata", new LinkedHashMap<>(e.metadata()));
                }
                rows.add(m);
            }
            Json.print(out(), rows);
            return ExitCodes.OK;
        }
        for (TreeEntry e : listed) {
            String name = e.path().substring(e.path().lastIndexOf('/') + 1);
            StringBuilder b = new StringBuilder();
            b.append(switch (e.type()) {
                case FILE -> e.executable() ? "file*" : "file ";
                case DIRECTORY -> "dir  ";
                case SYMLINK -> "link ";
            });
            b.append(String.format(" %14s", e.type() == EntryType.FILE ? Long.toString(e.size()) : "-"));
            if (longFormat) {
                b.append("  ").append(e.type() == EntryType.FILE ? e.md5() : "-".repeat(32))
                    .append("  ").append(e.type() == EntryType.FILE ? e.sha256().toHex() : "-".repeat(64));
            }
            b.append("  ").append(name).append(e.type() == EntryType.DIRECTORY ? "/" : "");
            if (e.type() == EntryType.SYMLINK) {
                b.append(" -> ").append(e.linkTarget());
            }
            if (longFormat && !e.metadata().isEmpty()) {
                e.metadata().forEach((k, v) -> b.append("  ").append(k).append('=').append(v));
            }
            out().println(b);
        }
        return ExitCodes.OK;
    }
}
