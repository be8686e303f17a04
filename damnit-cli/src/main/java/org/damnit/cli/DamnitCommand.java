package org.damnit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.damnit.DamnitException;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "damnit", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Version very large scientific data files (FASTQ, BAM, VCF, FASTA, tables).",
    footer = ExitCodes.FOOTER)
final class DamnitCommand implements Callable<Integer> {
    /** The subcommands, in the order help lists them (added by {@link Main}, see there). */
    static final List<Class<?>> SUBCOMMANDS = List.of(InitCmd.class, StatusCmd.class, CommitCmd.class, LogCmd.class,
        RestoreCmd.class, VerifyCmd.class, DiffCmd.class, RevertCmd.class, MetaCmd.class, FindCmd.class, TagCmd.class,
        BranchCmd.class, SwitchCmd.class, ManifestCmd.class, CatCmd.class, LsCmd.class, MountCmd.class, RemoteCmd.class, TransferCmds.Push.class,
        TransferCmds.Fetch.class, TransferCmds.Pull.class, TransferCmds.Clone.class, GcCmd.class, RepackCmd.class, ServeCmd.class,
        picocli.AutoComplete.GenerateCompletion.class, picocli.CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "-C", paramLabel = "DIR", description = "Run as if started in DIR.")
    Path directory;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(String.join("\n",
            "DAMNIT versions large data files in a project directory.",
            "",
            "  damnit init                      start tracking this directory",
            "  damnit status                    what changed since the last commit",
            "  damnit commit -m \"message\"       record the whole tree (only changes are stored)",
            "  damnit log                       list commits",
            "  damnit restore --rev HEAD~1 F    bring back an earlier version of F",
            "  damnit restore --to DIR          write a revision into another directory",
            "  damnit verify [--read-data]      check what is stored (--read-data: every byte)",
            "  damnit diff HEAD~1 HEAD --stat   what changed, renames included, and what it stored",
            "  damnit revert v1.0 PATH          a new commit with PATH as it was at v1.0",
            "  damnit meta set F sample=NA12878 key=value metadata on a file, recorded by the next commit",
            "  damnit find sample=NA12878       files by metadata, name, size or checksum",
            "  damnit tag v1.0                  name a commit; --rev v1.0 anywhere",
            "  damnit branch NAME / switch NAME a line of history; move the working tree to it",
            "  damnit manifest > MANIFEST.md5   md5sum -c compatible checksums of HEAD",
            "  damnit ls --rev v1.0 aln         list a directory of any revision (-l: checksums, metadata)",
            "  damnit cat --rev v1.0 F          the exact bytes of F at v1.0 on standard output",
            "  damnit mount DIR                 every branch, tag and commit as a read-only directory",
            "  damnit remote add origin URI     a store to share with (file:/..., s3://bucket/prefix)",
            "  damnit push | pull | fetch       move history to or from a remote",
            "  damnit clone URI DIR             a new working copy from a remote",
            "  damnit gc                        remove what no branch or tag reaches (two phases)",
            "  damnit serve                     the web UI on http://127.0.0.1:8080/",
            "",
            "Run 'damnit COMMAND --help' for details.",
            ""));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Where {@code cat} writes bytes: standard output, or what {@link Main#run} was given. */
    java.io.OutputStream binaryOut = System.out;

    java.io.OutputStream binaryOut() {
        return binaryOut;
    }

    Path workDir() {
        Path base = Path.of("").toAbsolutePath();
        return directory == null ? base : base.resolve(directory).normalize();
    }

    Repository open() throws DamnitException {
        return Repository.open(workDir());
    }
}
