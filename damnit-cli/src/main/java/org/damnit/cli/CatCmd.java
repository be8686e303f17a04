package org.damnit.cli;

import java.io.InputStream;
import java.io.OutputStream;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat", mixinStandardHelpOptions = true,
    description = {"Write the exact bytes of a committed file to standard output, one verified chunk at a time",
        "(whatever its size); a damaged chunk stops the output with an error."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit cat --rev v1.0 aln/A.bam | samtools view - | head",
        "  damnit cat --rev HEAD~2 samples.tsv > old-samples.tsv", ExitCodes.FOOTER})
final class CatCmd extends Subcommand {
    @Option(names = {"-r", "--rev"}, paramLabel = "REV", description = "Revision (default: HEAD).")
    String revision = "HEAD";

    @Parameters(paramLabel = "PATH", description = "The file, relative to the current directory.")
    String path;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open(); InputStream in = repo.openFile(revision, projectPath(repo, path))) {
            out().flush();
            OutputStream raw = root().binaryOut();
            in.transferTo(raw);
            raw.flush();
        }
        return ExitCodes.OK;
    }
}
