package org.damnit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.FindCommand;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "find", mixinStandardHelpOptions = true,
    description = {"Find files by metadata, name, size and checksum; all EXPRs must hold.",
        "EXPR: key=value, key~glob, path~glob, size>N, size<N (bytes, or 100M, 1.5G, 2T), md5=HEX, sha256=HEX,",
        "or a bare WORD: paths containing it (as path~*WORD*, like the web search).",
        "Prints one path per line (with --all, the commit id first)."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit find sample=NA12878", "  damnit find NA12878 'size>1G'      names containing NA12878, over 1 GiB",
        "  damnit find 'path~*.bam' 'size>100M'",
        "  damnit find md5=d41d8cd98f00b204e9800998ecf8427e --all", "  damnit find run~2026-* --rev v1.0 --json",
        ExitCodes.FOOTER})
final class FindCmd extends Subcommand {
    @Parameters(arity = "1..*", paramLabel = "EXPR")
    List<String> expressions;

    @Option(names = {"-r", "--rev"}, paramLabel = "REV", description = "Revision (default: HEAD).")
    String revision = "HEAD";

    @Option(names = "--all", description = "Search every commit of every branch and tag.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            FindCommand f = repo.find().setRevision(revision).setAllHistory(all);
            expressions.forEach(f::addExpression);
            List<FindCommand.Match> matches = f.call();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (FindCommand.Match m : matches) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("commit", m.commit().toHex());
                    r.put("path", m.entry().path());
                    r.put("size", m.entry().size());
                    r.put("md5", m.entry().md5());
                    r.put("sha256", m.entry().sha256().toHex());
                    r.put("metadata", m.entry().metadata());
                    rows.add(r);
                }
                Json.print(out(), rows);
            } else {
                for (FindCommand.Match m : matches) {
                    out().println(all ? m.commit().abbreviate(12) + " " + m.entry().path() : m.entry().path());
                }
            }
        }
        return ExitCodes.OK;
    }
}
