package org.damnit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.damnit.ObjectId;
import org.damnit.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tag", mixinStandardHelpOptions = true,
    description = {"Name a commit (a release, a submission). Tags never move.", "Without NAME, list the tags."},
    footerHeading = "%nExamples:%n",
    footer = {"  damnit tag v1.0", "  damnit tag ena-submission-2 HEAD~1", "  damnit tag", "  damnit tag -d v1.0",
        "  damnit restore --rev v1.0 --to /tmp/v1", ExitCodes.FOOTER})
final class TagCmd extends Subcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV", description = "Commit to tag (default: HEAD).")
    String revision = "HEAD";

    @Option(names = {"-d", "--delete"}, description = "Delete the tag.")
    boolean delete;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = root().open()) {
            if (name == null) {
                Map<String, String> m = new LinkedHashMap<>();
                repo.tags().forEach((k, v) -> m.put(k, v.toHex()));
                if (json) {
                    Json.print(out(), m);
                } else {
                    m.forEach((k, v) -> out().println(k + "\t" + v.substring(0, 12)));
                }
            } else if (delete) {
                ObjectId was = repo.tags().get(name);
                if (was == null || !repo.deleteTag(name)) {
                    throw new org.damnit.NotFoundException("no tag named '" + name + "'");
                }
                print(Map.of("deleted", name, "commit", was.toHex()), "deleted tag " + name + " (was " + was.abbreviate(12) + ")");
            } else {
                ObjectId id = repo.createTag(name, revision);
                print(Map.of("tag", name, "commit", id.toHex()), "tagged " + id.abbreviate(12) + " as " + name);
            }
        }
        return ExitCodes.OK;
    }

    private void print(Map<String, Object> m, String text) {
        if (json) {
            Json.print(out(), new java.util.TreeMap<>(m));
        } else {
            out().println(text);
        }
    }
}
