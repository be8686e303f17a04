package org.damnit.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.damnit.RepackResult;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "repack", mixinStandardHelpOptions = true,
    description = {"Store committed gzip and BGZF files (FASTQ.gz, BAM, VCF.gz, BCF...) by their decompressed content,"
            + " and tables, FASTQ and SAM through their content codecs.",
        "Each file is re-created from the store and compared byte for byte (and by SHA-256 and MD5) with the"
            + " original before its container is published; what does not re-create stays as it is. History"
            + " is not rewritten. A later 'damnit gc' drops the files' original chunks. Safe to interrupt:"
            + " a new run carries on."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit repack --deep          convert what is not converted yet",
        "  damnit repack --deep && damnit gc --grace 0   and drop the originals at once (nothing else writing)",
        ExitCodes.FOOTER})
final class RepackCmd extends Subcommand.LongRunning {
    @Option(names = "--deep", required = true,
        description = "The deep form: gzip members and BGZF blocks kept as decompressed content and a recipe.")
    boolean deep;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            RepackResult r = repo.repack().setDeep(deep).setProgressListener(progress()).call();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("files", r.files());
                m.put("converted", r.converted());
                m.put("alreadyDeep", r.alreadyDeep());
                m.put("notConverted", r.notConverted());
                m.put("members", r.members());
                m.put("recreated", r.recreated());
                m.put("rawFallbacks", r.rawFallbacks());
                m.put("rawBytes", r.rawBytes());
                m.put("contentBytes", r.contentBytes());
                m.put("recoded", r.recoded());
                m.put("bytesStored", r.bytesStored());
                Json.print(out(), m);
            } else if (!quiet) {
                out().printf(Locale.ROOT, "%,d files converted (%,d already were, %,d left as they are)%n",
                    r.converted(), r.alreadyDeep(), r.notConverted());
                out().printf(Locale.ROOT, "%,d of %,d members and blocks re-created, %,d kept raw (%,d bytes);"
                    + " %,d bytes of content, %,d bytes stored%n", r.recreated(), r.members(), r.rawFallbacks(),
                    r.rawBytes(), r.contentBytes(), r.bytesStored());
                if (r.recoded() > 0) {
                    out().printf(Locale.ROOT, "%,d chunks stored again through a content codec%n", r.recoded());
                }
                if (r.converted() > 0 || r.recoded() > 0) {
                    out().println("run 'damnit gc' to drop the original chunks of the converted files");
                }
            }
            return ExitCodes.OK;
        }
    }
}
