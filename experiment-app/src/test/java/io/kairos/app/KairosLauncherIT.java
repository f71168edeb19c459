package io.kairos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's {@code ./kairos} launcher: it builds the jar on first use and after a source changes, and otherwise starts
 * the jar at once. It runs here in a copy of the project's layout, with the packaged jar of this build and a stand-in
 * {@code mvn} on the path that records that it was asked to build.
 */
class KairosLauncherIT {

    @TempDir
    Path root;

    private Path builds;
    private Path source;

    @BeforeEach
    void projectLayout() throws Exception {
        Path jar = Path.of(System.getProperty("kairos.jar")).toAbsolutePath();
        Path project = jar.getParent().getParent().getParent();
        Files.copy(project.resolve("kairos"), root.resolve("kairos"));
        Files.createDirectories(root.resolve("experiment-app/target"));
        // a copy with its time: the reproducible build's fixed timestamp, older than any source
        Files.copy(jar, root.resolve("experiment-app/target/kairos.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        source = root.resolve("domain/src/main/java/Rule.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Rule {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
        builds = root.resolve("builds");
        Path mvn = root.resolve("bin/mvn");
        Files.createDirectories(mvn.getParent());
        Files.writeString(mvn, "#!/bin/sh\necho \"$@\" >> '" + builds + "'\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void givenAFreshCheckout_whenRunTwiceThenAfterASourceChanges_thenItBuildsFirstThenStartsAtOnceThenBuildsAgain()
            throws Exception {
        String first = launch();
        assertThat(first).contains("kairos: building the application", "kairos 0.1.0-SNAPSHOT");
        assertThat(Files.readAllLines(builds)).singleElement().asString().contains("-pl experiment-app -am package");

        String second = launch();
        assertThat(second).doesNotContain("building").contains("kairos 0.1.0-SNAPSHOT");
        assertThat(Files.readAllLines(builds)).hasSize(1);

        Files.writeString(source, "class Rule { int changed; }");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(1)));
        String third = launch();
        assertThat(third).contains("kairos: building the application");
        assertThat(Files.readAllLines(builds)).hasSize(2);
    }

    /** {@code ./kairos --version}, with the stand-in {@code mvn} first on the path; its output and errors. */
    private String launch() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        List.of("bash", root.resolve("kairos").toString(), "--version"))
                .redirectErrorStream(true);
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
