package org.damnit.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.damnit.CommitResult;
import org.damnit.Repository;
import org.damnit.TreeEntry;

/**
 * The Java API in a few lines: create a repository in a project directory, commit, change a file,
 * commit again, and restore the first version of the file into another directory.
 *
 * <pre>java -cp ... org.damnit.examples.QuickStart /tmp/my-project</pre>
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : "quickstart-project");
        Files.createDirectories(project.resolve("results"));
        Files.writeString(project.resolve("results/counts.tsv"), "gene\tcount\nBRCA1\t12\n");

        try (Repository repo = Files.isDirectory(project.resolve(".damnit"))
            ? Repository.open(project) : Repository.init(project)) {
            CommitResult first = repo.commit().setMessage("first counts").setAuthor("Pipeline", "ci@example.org").call();
            System.out.println("committed " + first.commit().map(c -> c.id().abbreviate(12)).orElse("nothing"));

            Files.writeString(project.resolve("results/counts.tsv"), "gene\tcount\nBRCA1\t13\n");
            repo.commit().setMessage("recounted").call();

            for (TreeEntry e : repo.listTree("HEAD~1")) {
                System.out.println(e.path() + "  md5=" + e.md5());
            }
            Path old = Files.createTempDirectory("quickstart-v1");
            repo.restore().setRevision("HEAD~1").addPath("results/counts.tsv").setTarget(old).call();
            System.out.print("first version: " + Files.readString(old.resolve("results/counts.tsv")));
        }
    }
}
