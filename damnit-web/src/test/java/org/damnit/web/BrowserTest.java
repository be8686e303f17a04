package org.damnit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.damnit.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web UI in real headless Chromium, driven by Selenium through the system's chromedriver. */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;
    static Path downloads;
    static ChromeDriver driver;

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                shot("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
        }
        assertThat(present).as("CI installs chromium and chromium-driver").isTrue();
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
            "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    static void shot(String name) {
        try {
            Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            String docs = System.getProperty("damnit.screenshots");
            if (docs != null && !name.startsWith("FAILED")) {
                Files.copy(png, Files.createDirectories(Path.of(docs)).resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Exception e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private static void upload(String base, String dir, Path file, String meta, String message) {
        driver.get(base + "add");
        WebElement form = driver.findElement(By.id("upload-form"));
        WebElement dirInput = form.findElement(By.name("dir"));
        dirInput.clear();
        dirInput.sendKeys(dir);
        form.findElement(By.name("files")).sendKeys(file.toAbsolutePath().toString());
        form.findElement(By.name("meta")).sendKeys(meta);
        form.findElement(By.name("message")).sendKeys(message);
        form.findElement(By.tagName("button")).click();
        waiting().until(ExpectedConditions.urlContains("/commit?id="));
    }

    private static byte[] fastq(long seed, int reads) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        String bases = "ACGT";
        for (int i = 0; i < reads; i++) {
            b.append("@S1.").append(i).append(" run=R7\n");
            for (int j = 0; j < 100; j++) {
                b.append(bases.charAt(r.nextInt(4)));
            }
            b.append("\n+\n").append("I".repeat(100)).append('\n');
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void addAFastqWithMetadataFindItAndGetThePreviousVersionBack() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("README.txt"), "sequencing project\n");
        byte[] v1 = fastq(1, 20_000);
        byte[] v2 = v1.clone();
        System.arraycopy(fastq(2, 50), 0, v2, 1_000_000, 10_000);
        Path up1 = Files.createDirectories(tmp.resolve("up1")).resolve("S1.fastq");
        Path up2 = Files.createDirectories(tmp.resolve("up2")).resolve("S1.fastq");
        Files.write(up1, v1);
        Files.write(up2, v2);
        try (Repository repo = Repository.init(project)) {
            repo.commit().setMessage("Start the project").setAuthor("Ada", "ada@example.org").call();
            try (WebServer web = WebServer.builder(repo).setPort(0).start()) {
                String base = web.uri().toString();

                driver.get(base + "add");
                shot("add");
                upload(base, "reads", up1, "sample=S1\nrun=R7", "Add S1 reads");
                assertThat(driver.findElement(By.id("changes")).getText()).contains("reads/S1.fastq").contains("added");
                shot("commit");
                assertThat(repo.metadata("HEAD", "reads/S1.fastq")).containsEntry("sample", "S1").containsEntry("run", "R7");

                upload(base, "reads", up2, "", "Re-basecalled S1");
                assertThat(driver.findElement(By.id("changes")).getText()).contains("reads/S1.fastq").contains("modified");

                driver.get(base + "tree?path=reads");
                WebElement row = driver.findElement(By.cssSelector("tr[data-path='reads/S1.fastq']"));
                assertThat(row.getText()).contains("sample=S1");
                shot("tree");

                driver.findElement(By.linkText("S1.fastq")).click();
                List<WebElement> versions = driver.findElements(By.cssSelector("#history tbody tr"));
                assertThat(versions).hasSize(2);
                assertThat(versions.get(0).getText()).contains("modified").contains("Re-basecalled");
                assertThat(versions.get(1).getText()).contains("added").contains("Add S1 reads");
                assertThat(driver.findElement(By.id("md5")).getText())
                    .isEqualTo(org.apache.commons.codec.digest.DigestUtils.md5Hex(v2));

                versions.get(1).findElement(By.cssSelector("a.download")).click();
                Path got = downloads.resolve("S1.fastq");
                waiting().until(d -> Files.exists(got) && !Files.exists(downloads.resolve("S1.fastq.crdownload"))
                    && got.toFile().length() == v1.length);
                assertThat(Files.readAllBytes(got)).as("the earlier version, byte for byte").isEqualTo(v1);

                driver.get(base + "search");
                driver.findElement(By.id("q")).sendKeys("sample=S1");
                driver.findElement(By.cssSelector("form.search button")).click();
                waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
                assertThat(driver.findElement(By.id("results")).getText()).contains("reads/S1.fastq");
                assertThat(driver.findElement(By.id("count")).getText()).isEqualTo("1 match");
                shot("search");

                driver.get(base + "file?path=reads/S1.fastq");
                driver.findElements(By.cssSelector("#history tbody tr")).get(1)
                    .findElement(By.cssSelector("button.revert")).click();
                waiting().until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 3);
                assertThat(Files.readAllBytes(project.resolve("reads/S1.fastq"))).as("restored as a new commit")
                    .isEqualTo(v1);
                assertThat(repo.log().call()).hasSize(4);

                Files.writeString(project.resolve("notes.txt"), "QC passed\n");
                driver.get(base + "status");
                assertThat(driver.findElement(By.id("status")).getText()).contains("notes.txt").contains("new");
                shot("status");
                driver.findElement(By.cssSelector("#commit-form textarea")).sendKeys("QC notes");
                driver.findElement(By.cssSelector("#commit-form button")).click();
                waiting().until(ExpectedConditions.urlContains("/commit?id="));
                assertThat(repo.log().call().get(0).message()).isEqualTo("QC notes");

                driver.get(base + "log");
                assertThat(driver.findElements(By.cssSelector("#commits tbody tr"))).hasSize(5);
                shot("log");
                driver.get(base);
                assertThat(driver.findElement(By.id("summary")).getText()).contains("Dedup ratio");
            }
        }
    }

    @Test
    void newcomersSeeShortIdsExplainedTermsChartsAndWhoCommitted() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("newcomer"));
        Files.createDirectories(project.resolve("aln"));
        Random r = new Random(3);
        byte[] bam = new byte[300_000];
        r.nextBytes(bam);
        Files.write(project.resolve("aln/A.bam"), bam);
        Files.write(project.resolve("aln/A.bam.bai"), new byte[] {1, 2, 3});
        try (Repository repo = Repository.init(project)) {
            repo.setMetadata("aln/A.bam", Map.of("sample", "NA12878"));
            repo.commit().setMessage("aligned").setAuthor("Ada", "ada@example.org").call();
            bam[1000] ^= 1;
            Files.write(project.resolve("aln/A.bam"), bam);
            Files.write(project.resolve("aln/A-copy.bam"), bam); // logical size doubles, the store barely grows
            repo.commit().setMessage("realigned").setAuthor("Ada", "ada@example.org").call();
            repo.setMetadata("aln/A.bam", Map.of("qc", "passed"));
            repo.commit().setMessage("QC").setAuthor("Ada", "ada@example.org").call();
            try (WebServer web = WebServer.builder(repo).setPort(0).start()) {
                String base = web.uri().toString();
                String first = repo.log().call().get(2).id().toHex();

                driver.get(base + "commit?id=" + first);
                WebElement changes = driver.findElement(By.id("changes"));
                assertThat(changes.getText()).as("the metadata of the files the commit added")
                    .contains("aln/A.bam").contains("sample=NA12878");
                WebElement id = driver.findElement(By.cssSelector("table.facts code.id"));
                assertThat(id.getText()).isEqualTo(first.substring(0, 12));
                assertThat(id.getAttribute("title")).isEqualTo(first);
                WebElement copy = driver.findElement(By.cssSelector("table.facts button.copy"));
                assertThat(copy.getAttribute("data-copy")).isEqualTo(first);
                copy.click();
                waiting().until(ExpectedConditions.textToBePresentInElement(copy, "copied"));
                assertThat(copy.getAttribute("data-copied")).isEqualTo(first);

                driver.get(base + "commit?id=HEAD");
                assertThat(driver.findElement(By.id("changes")).getText()).contains("metadata only")
                    .contains("qc=passed");
                assertThat(driver.findElements(By.id("companion-warnings"))).as("the BAM's bytes did not change")
                    .isEmpty();

                driver.get(base);
                assertThat(driver.findElement(By.cssSelector("p.explain[data-term='HEAD']")).getText())
                    .contains("latest commit");
                assertThat(driver.findElement(By.cssSelector("p.explain[data-term='dedup ratio']")).getText())
                    .contains("full copies");
                assertThat(driver.findElement(By.cssSelector("#summary abbr.term")).getAttribute("title"))
                    .contains("latest commit");
                assertThat(driver.findElements(By.cssSelector("#size-chart polyline"))).hasSize(2);
                List<WebElement> logical = driver.findElements(By.cssSelector("#size-chart circle.logical"));
                List<WebElement> stored = driver.findElements(By.cssSelector("#size-chart circle.stored"));
                assertThat(logical).hasSize(3);
                assertThat(stored).hasSize(3);
                double y0 = Double.parseDouble(stored.get(0).getAttribute("cy"));
                double y1 = Double.parseDouble(stored.get(1).getAttribute("cy"));
                double y2 = Double.parseDouble(stored.get(2).getAttribute("cy"));
                assertThat(y1).as("the store grows by the changed chunk only").isLessThanOrEqualTo(y0);
                assertThat(y2).as("metadata adds no data").isEqualTo(y1);
                assertThat(Double.parseDouble(logical.get(1).getAttribute("cy")))
                    .as("a copy doubles the logical size, not what is stored").isLessThan(y1);
                assertThat(driver.findElements(By.cssSelector("#commits button.copy"))).hasSize(3);
                shot("summary");

                driver.get(base + "status");
                assertThat(driver.findElement(By.cssSelector("p.explain[data-term='working tree']")).getText())
                    .contains("on disk");

                driver.get(base + "file?path=aln/A.bam");
                List<WebElement> versions = driver.findElements(By.cssSelector("#timeline circle.version"));
                assertThat(versions).hasSize(3);
                assertThat(versions.get(0).getAttribute("data-commit")).as("oldest left").isEqualTo(first);
                assertThat(versions.get(2).getAttribute("class")).contains("metadata");
                assertThat(Double.parseDouble(versions.get(0).getAttribute("r")))
                    .as("the first version added the most").isGreaterThan(Double.parseDouble(versions.get(1).getAttribute("r")));
                assertThat(versions.get(1).findElement(By.tagName("title")).getAttribute("textContent"))
                    .contains("realigned").contains("added");
                driver.executeScript("document.getElementById('versions').scrollIntoView()");
                shot("file");

                // an empty author field is "anonymous (web UI)", not the account the server runs as
                Files.writeString(project.resolve("notes.txt"), "QC passed\n");
                driver.get(base + "status");
                driver.findElement(By.cssSelector("#commit-form textarea")).sendKeys("notes");
                driver.findElement(By.cssSelector("#commit-form button")).click();
                waiting().until(ExpectedConditions.urlContains("/commit?id="));
                assertThat(repo.log().call().get(0).author().name()).isEqualTo("anonymous (web UI)")
                    .isNotEqualTo(System.getProperty("user.name"));
                assertThat(driver.findElement(By.cssSelector("table.facts")).getText()).contains("anonymous (web UI)");
            }
        }
    }

    @Test
    void withATokenTheBrowserIsRefusedUntilItPresentsIt() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("guarded"));
        Files.writeString(project.resolve("secret.vcf"), "##fileformat=VCFv4.3\n");
        try (Repository repo = Repository.init(project)) {
            repo.commit().setMessage("calls").call();
            try (WebServer web = WebServer.builder(repo).setBind("0.0.0.0").setToken("t0ken").setPort(0).start()) {
                String local = "http://127.0.0.1:" + web.uri().getPort() + "/";
                driver.get(local + "tree");
                assertThat(driver.findElement(By.tagName("main")).getText()).contains("access token")
                    .doesNotContain("secret.vcf");
                driver.get(local + "?token=t0ken");
                assertThat(driver.findElement(By.id("summary")).getText()).contains("Files at HEAD");
                driver.get(local + "tree");
                assertThat(driver.findElement(By.id("tree")).getText()).as("the cookie carries the token")
                    .contains("secret.vcf");
            }
        }
    }

    @Test
    void tooLargeUploadsAndUncommittedWorkAreExplainedBeforeAnythingIsSent() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("limited"));
        Files.writeString(project.resolve("a.txt"), "a");
        Path big = Files.write(Files.createDirectories(tmp.resolve("up-big")).resolve("big.bam"), new byte[5000]);
        try (Repository repo = Repository.init(project)) {
            repo.commit().setMessage("one").call();
            Files.writeString(project.resolve("a.txt"), "changed");
            try (WebServer web = WebServer.builder(repo).setPort(0).setMaxUploadBytes(1000).start()) {
                driver.get(web.uri() + "add");
                assertThat(driver.findElement(By.id("pending")).getText()).contains("1 uncommitted change");
                driver.findElement(By.name("files")).sendKeys(big.toString());
                driver.findElement(By.cssSelector("#upload-form button")).click();
                waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "limit"));
                assertThat(driver.findElement(By.id("upload-result")).getText()).contains("big.bam");
                assertThat(project.resolve("big.bam")).doesNotExist();
                assertThat(repo.log().call()).hasSize(1);
            }
        }
    }
}
