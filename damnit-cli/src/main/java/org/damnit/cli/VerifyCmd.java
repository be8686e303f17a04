package org.damnit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.damnit.ObjectId;
import org.damnit.Repository;
import org.damnit.VerifyResult;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true, description = {"Check every object reachable from any branch, tag or"
    + " remote-tracking ref.",
    "By default a quick structural check: refs, commits and trees are read and checksummed, and every chunk must be"
        + " in a pack index whose pack exists and is long enough. --read-data also reads and re-hashes all content.",
    "Names each damaged object and the paths and commits it affects; exit code 3 if any."},
    footerHeading = "%nExamples:%n", footer = {"  damnit verify                quick, for routine use",
        "  damnit verify --read-data    re-hash every byte (reads the whole store)", "  damnit verify --json",
        ExitCodes.FOOTER})
final class VerifyCmd extends Subcommand.LongRunning {
    @picocli.CommandLine.Option(names = "--read-data", description = "Also read every chunk and re-compute each file's"
        + " SHA-256 and MD5.")
    boolean readData;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Repository repo = root().open()) {
            VerifyResult r = repo.verify().setReadData(readData)
                .setProgressListener(progress()).call();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", r.ok());
                m.put("commits", r.commitsChecked());
                m.put("objects", r.objectsChecked());
                m.put("bytes", r.bytesChecked());
                List<Map<String, Object>> problems = new ArrayList<>();
                for (VerifyResult.Problem p : r.problems()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("object", p.object());
                    pm.put("reason", p.reason());
                    pm.put("paths", p.paths());
                    pm.put("commits", p.commits().stream().map(ObjectId::toHex).toList());
                    problems.add(pm);
                }
                m.put("problems", problems);
                Json.print(out, m);
            } else if (quiet) {
                for (VerifyResult.Problem p : r.problems()) {
                    err().println("DAMAGED " + p.object() + ": " + p.reason());
                }
            } else {
                out.printf("checked %d commit(s), %d object(s), %s of content%n", r.commitsChecked(), r.objectsChecked(),
                    ProgressBar.human(r.bytesChecked()));
                for (VerifyResult.Problem p : r.problems()) {
                    out.println("DAMAGED " + p.object() + ": " + p.reason());
                    for (String path : p.paths()) {
                        out.println("  affects " + path);
                    }
                    for (ObjectId c : p.commits()) {
                        out.println("  in commit " + c.abbreviate(12));
                    }
                }
                out.println(r.ok() ? "no damage found" : r.problems().size() + " damaged object(s)");
            }
            return r.ok() ? ExitCodes.OK : ExitCodes.DAMAGED;
        }
    }
}
