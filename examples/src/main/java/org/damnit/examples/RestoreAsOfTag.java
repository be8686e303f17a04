package org.damnit.examples;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.damnit.Repository;
import org.damnit.TreeEntry;

/**
 * Gets one file back exactly as it was at a tag (for example the data behind a publication), without
 * touching the working tree: streamed, verified chunk by chunk, and checked against its recorded MD5.
 *
 * <pre>java -cp ... org.damnit.examples.RestoreAsOfTag /data/project paper-2026 counts/genes.tsv /tmp/genes.tsv</pre>
 */
public final class RestoreAsOfTag {
    private RestoreAsOfTag() {
    }

    /** Writes {@code path} as of {@code tag} to {@code target}; returns its recorded MD5. */
    public static String restore(Repository repo, String tag, String path, Path target) throws Exception {
        TreeEntry entry = repo.entry(tag, path)
            .orElseThrow(() -> new IllegalArgumentException(path + " is not in " + tag));
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".restore-", ".part");
        try (InputStream in = repo.openFile(tag, path)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return entry.md5();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RestoreAsOfTag PROJECT TAG PATH TARGET");
            System.exit(2);
        }
        try (Repository repo = Repository.open(Path.of(args[0]))) {
            String md5 = restore(repo, args[1], args[2], Path.of(args[3]));
            System.out.println(md5 + "  " + args[3]);
        }
    }
}
