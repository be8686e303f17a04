package org.damnit.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.damnit.GcResult;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", mixinStandardHelpOptions = true,
    description = {"Remove objects no branch, tag or remote-tracking ref reaches, and repack mostly-garbage packs.",
        "Two phases: a run records what is unreachable; a later run deletes it once the grace period has passed"
            + " and it is still unreachable. The grace period must exceed any commit or push running meanwhile."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit gc                   condemn now, delete what earlier runs condemned over 24h ago",
        "  damnit gc --grace 0         delete at once (only when nothing else writes to the repository)",
        "  damnit gc --dry-run --json  what would happen", ExitCodes.FOOTER})
final class GcCmd extends Subcommand.LongRunning {
    @Option(names = "--grace", paramLabel = "DURATION", description = "Grace period: 0, 90s, 30m, 24h, 7d (default: 24h).")
    String grace = "24h";

    @Option(names = "--dry-run", description = "Report what would be condemned, deleted and repacked; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Duration d = parseDuration(grace);
        try (Repository repo = root().open()) {
            GcResult r = repo.gc().setGracePeriod(d).setDryRun(dryRun).setProgressListener(progress()).call();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dryRun", dryRun);
                m.put("liveCommits", r.liveCommits());
                m.put("liveChunks", r.liveChunks());
                m.put("condemned", r.condemned());
                m.put("deleted", r.deleted());
                m.put("bytesDeleted", r.bytesDeleted());
                m.put("rescued", r.rescued());
                m.put("packsRepacked", r.packsRepacked());
                m.put("bytesRepacked", r.bytesRepacked());
                m.put("waiting", r.waiting());
                Json.print(out(), m);
            } else if (!quiet) {
                out().printf(Locale.ROOT, "%s%,d live commits, %,d live chunks%n", dryRun ? "(dry run) " : "",
                    r.liveCommits(), r.liveChunks());
                out().printf(Locale.ROOT, "deleted %,d objects (%,d bytes); %,d newly unreachable, %,d waiting for the"
                    + " grace period; %,d repacked; %,d needed again and kept%n", r.deleted(), r.bytesDeleted(),
                    r.condemned(), r.waiting(), r.packsRepacked(), r.rescued());
            }
            return ExitCodes.OK;
        }
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(s|m|h|d)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--grace needs a duration like 0, 90s, 30m, 24h or 7d, got '" + s + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
