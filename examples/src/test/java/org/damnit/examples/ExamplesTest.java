package org.damnit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.damnit.FindCommand;
import org.damnit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void aPipelineStepCommitsItsOutputsWithMetadataAndFindsThemAgain() throws Exception {
        Path p = tmp.resolve("project");
        PipelineStep.main(new String[] {p.toString(), "NA12878", "run-1"});
        Files.writeString(p.resolve("variants/NA12878/NA12878.vcf"), "##fileformat=VCFv4.3\nchr2\t1\t.\tG\tT\n");
        try (Repository repo = Repository.open(p)) {
            PipelineStep.publish(repo, List.of("variants/NA12878/NA12878.vcf"),
                Map.of("sample", "NA12878", "run", "run-2", "tool", "bcftools", "tool.version", "1.17"), "recall");
            List<FindCommand.Match> run2 = PipelineStep.outputsOf(repo, "NA12878", "run-2");
            assertThat(run2).extracting(m -> m.entry().path()).containsExactly("variants/NA12878/NA12878.vcf");
            assertThat(run2.get(0).entry().metadata()).containsEntry("tool.version", "1.17");
            assertThat(PipelineStep.outputsOf(repo, "NA12878", "run-1")).extracting(m -> m.entry().path())
                .containsExactly("variants/NA12878/NA12878.stats.tsv");
            assertThat(repo.log().call().get(0).metadata()).containsEntry("step", "recall").containsEntry("run", "run-2");
            assertThat(repo.metadata("HEAD~1", "variants/NA12878/NA12878.vcf")).as("history keeps the old metadata")
                .containsEntry("run", "run-1").containsEntry("tool.version", "1.16");
        }
    }

    @Test
    void aFileComesBackAsOfATag() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(p.resolve("genes.tsv"), "gene\tcount\nBRCA1\t12\n");
        byte[] published = Files.readAllBytes(p.resolve("genes.tsv"));
        try (Repository repo = Repository.init(p)) {
            repo.commit().setMessage("as published").call();
            repo.createTag("paper-2026", "HEAD");
            Files.writeString(p.resolve("genes.tsv"), "gene\tcount\nBRCA1\t13\n");
            repo.commit().setMessage("recount").call();
            Path target = tmp.resolve("genes-paper.tsv");
            String md5 = RestoreAsOfTag.restore(repo, "paper-2026", "genes.tsv", target);
            assertThat(Files.readAllBytes(target)).isEqualTo(published);
            assertThat(md5).isEqualTo(DigestUtils.md5Hex(published));
            assertThat(Files.readString(p.resolve("genes.tsv"))).as("working tree untouched").contains("13");
            assertThatThrownBy(() -> RestoreAsOfTag.restore(repo, "paper-2026", "nope.tsv", target))
                .hasMessageContaining("nope.tsv");
        }
    }
}
