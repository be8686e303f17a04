package org.damnit.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.damnit.CommitCommand;
import org.damnit.CommitResult;
import org.damnit.Person;
import org.damnit.Repository;
import org.damnit.ScanOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "commit", mixinStandardHelpOptions = true, description = {"Record the whole working tree as a new commit.",
    "Only new content is stored; files whose size, modification time and inode are unchanged are not read."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit commit -m \"raw reads of run 42\"",
        "  damnit commit -m \"realigned\" --author \"Ada Lovelace <ada@example.org>\"",
        "  DAMNIT_AUTHOR=\"Pipeline <ci@lab>\" damnit commit -m nightly --json",
        "  damnit commit -m \"run 42\" --meta run=42 --meta sample=NA12878 --meta tool=bwa-0.7.17", ExitCodes.FOOTER})
final class CommitCmd extends Subcommand.LongRunning {

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "MSG", description = "Commit message.")
    String message;

    @Option(names = "--author", paramLabel = "\"NAME <EMAIL>\"",
        description = "Author (default: $DAMNIT_AUTHOR, then the config's author, then the OS user).")
    String author;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Commit metadata (repeatable), e.g. run=42 tool=bwa-0.7.17.")
    java.util.List<String> meta = new java.util.ArrayList<>();

    @Option(names = "--allow-empty", description = "Commit even if nothing changed.")
    boolean allowEmpty;

    @Option(names = "--scan", paramLabel = "ORDER", description = "Scan order: ${COMPLETION-CANDIDATES} (default: DEPTH_FIRST).")
    ScanOrder scan = ScanOrder.DEPTH_FIRST;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Repository repo = root().open()) {
            CommitCommand c = repo.commit().setMessage(message).setAllowEmpty(allowEmpty).setScanOrder(scan)
                .setProgressListener(progress());
            if (author != null) {
                c.setAuthor(Person.parse(author));
            }
            pairs(meta, "--meta").forEach(c::setMetadata);
            CommitResult r = c.call();
            for (String w : r.warnings()) {
                err().println("warning: " + w);
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("created", r.created());
                m.put("commit", r.commit().map(Json::commit).orElse(null));
                m.put("filesScanned", r.filesScanned());
                m.put("filesRead", r.filesRead());
                m.put("bytesRead", r.bytesRead());
                m.put("bytesStored", r.bytesStored());
                m.put("changes", r.changes());
                m.put("warnings", r.warnings());
                Json.print(out, m);
            } else if (quiet) {
                return ExitCodes.OK;
            } else if (!r.created()) {
                out.println("nothing to commit, working tree clean");
            } else {
                out.printf("[%s %s] %s%n", repo.currentBranch(), r.commit().get().id().abbreviate(12),
                    r.commit().get().shortMessage());
                out.printf(" %d path(s) changed; %d file(s) scanned, %d read (%s), %s stored%n", r.changes(),
                    r.filesScanned(), r.filesRead(), ProgressBar.human(r.bytesRead()), ProgressBar.human(r.bytesStored()));
            }
        }
        return ExitCodes.OK;
    }
}
