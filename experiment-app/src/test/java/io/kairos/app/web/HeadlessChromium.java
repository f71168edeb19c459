package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real headless Chromium for dashboard tests: finds the binary and returns the DOM a page ends with. */
public final class HeadlessChromium {

    /** The browser binaries looked for on the PATH, in order. */
    public static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    /** Why a test is skipped without a browser. */
    public static final String MISSING = "no Chromium on the PATH (looked for " + String.join(", ", BROWSERS)
            + "): install Debian's chromium package, as .ci/run does, to run the dashboard test";

    private HeadlessChromium() {}

    /** The first browser binary found on the PATH. */
    public static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return BROWSERS.stream()
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The DOM after Chromium ran the page's scripts, with up to 10 s of virtual time for fetches and drawing. */
    public static String renderedDom(Path chromium, Path workDir, String url) throws IOException, InterruptedException {
        Path out = workDir.resolve("dom.html");
        Process browser = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--disable-gpu",
                        "--no-sandbox",
                        "--no-first-run",
                        "--user-data-dir=" + workDir.resolve("profile"),
                        "--virtual-time-budget=10000",
                        "--dump-dom",
                        url)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(browser.waitFor(90, TimeUnit.SECONDS))
                .as("Chromium finished")
                .isTrue();
        assertThat(browser.exitValue()).as("Chromium's exit code").isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** From the element with this id to the end of its section (or of the page). */
    public static String element(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #" + id).isNotNegative();
        int end = dom.indexOf("</section>", start);
        return dom.substring(start, end < 0 ? dom.length() : end);
    }
}
