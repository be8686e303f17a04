package org.damnit.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.damnit.CommitResult;
import org.damnit.FindCommand;
import org.damnit.Repository;

/**
 * A pipeline step that versions what it produced: it writes its outputs, records key=value metadata on
 * each (sample, run, tool and version), commits them with commit metadata, and later finds them again
 * by metadata. A workflow engine would call {@link #publish} at the end of a task and {@link #outputsOf}
 * when a later task needs them.
 *
 * <pre>java -cp ... org.damnit.examples.PipelineStep /tmp/project NA12878 run-42</pre>
 */
public final class PipelineStep {
    private PipelineStep() {
    }

    /** Commits {@code outputs} (paths relative to the project) with the step's metadata; returns the commit id. */
    public static String publish(Repository repo, List<String> outputs, Map<String, String> metadata, String step)
        throws Exception {
        for (String output : outputs) {
            repo.setMetadata(output, metadata);
        }
        CommitResult r = repo.commit().setMessage(step + ": " + String.join(", ", outputs))
            .setAuthor("pipeline", "pipeline@example.org")
            .setMetadata("step", step)
            .setMetadata("run", metadata.getOrDefault("run", ""))
            .setAllowEmpty(true)
            .call();
        return r.commit().orElseThrow().id().toHex();
    }

    /** The files of HEAD that a sample's run produced, found by metadata. */
    public static List<FindCommand.Match> outputsOf(Repository repo, String sample, String run) throws Exception {
        return repo.find().addExpression("sample=" + sample).addExpression("run=" + run).call();
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : "pipeline-project");
        String sample = args.length > 1 ? args[1] : "NA12878";
        String run = args.length > 2 ? args[2] : "run-1";
        Path out = Files.createDirectories(project.resolve("variants").resolve(sample));
        Files.writeString(out.resolve(sample + ".vcf"), "##fileformat=VCFv4.3\n#CHROM\tPOS\tID\tREF\tALT\n"
            + "chr1\t10177\t.\tA\tAC\n");
        Files.writeString(out.resolve(sample + ".stats.tsv"), "metric\tvalue\nsnps\t1\n");

        try (Repository repo = Files.isDirectory(project.resolve(".damnit"))
            ? Repository.open(project) : Repository.init(project)) {
            String prefix = "variants/" + sample + "/" + sample;
            String commit = publish(repo, List.of(prefix + ".vcf", prefix + ".stats.tsv"),
                Map.of("sample", sample, "run", run, "tool", "bcftools", "tool.version", "1.16"), "call-variants");
            System.out.println("committed " + commit.substring(0, 12));
            for (FindCommand.Match m : outputsOf(repo, sample, run)) {
                System.out.println(m.entry().path() + "  md5=" + m.entry().md5() + "  " + m.entry().metadata());
            }
        }
    }
}
