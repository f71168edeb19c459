package io.kairos.app.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kairos.app.KairosCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kairos stats} through the command line: exit codes, where the JSON goes, and what stderr says. */
class StatsCommandTest {

    @TempDir
    Path directory;

    @Test
    void givenTheReferenceFile_whenRun_thenTheJsonGoesToStdoutWithExitCode0() throws Exception {
        Run run = run("stats", reference(), "--horizon-hours", "72", "--weights", "control=10,batch=45,realtime=45");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .startsWith("{")
                .contains("\"control\" : \"control\"", "\"srm_p_value\" : 0.0025722791019", "\"logrank_p\"");
    }

    @Test
    void givenAnOutputFile_whenRun_thenTheJsonIsWrittenThereAndStdoutStaysEmpty() throws Exception {
        Path json = directory.resolve("stats.json");

        Run run = run("stats", reference(), "--output", json.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("wrote " + json);
        assertThat(Files.readString(json)).contains("\"horizon_hours\" : 168.0", "\"comparisons\"");
    }

    @Test
    void givenAFileWithABadRow_whenRun_thenExitCode2WithTheLineAndTheReason() throws IOException {
        Path file = write("arm,converted,revenue,duration_hours\ncontrol,0,0,5\nbatch,1,9.5,-2\n");

        Run run = run("stats", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("kairos stats: " + file + ": line 3: duration_hours must not be negative, was -2"
                        + System.lineSeparator());
    }

    @Test
    void givenAFileWithoutAColumn_whenRun_thenExitCode2NamingIt() throws IOException {
        Run run = run("stats", write("arm,converted,revenue\ncontrol,0,0\n").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("line 1: missing column duration_hours");
    }

    @Test
    void givenAMissingFile_whenRun_thenExitCode2SayingSo() {
        Path missing = directory.resolve("nowhere.csv");

        Run run = run("stats", missing.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("kairos stats: cannot read " + missing + ": no such file");
    }

    @Test
    void givenAControlNotInTheFile_whenRun_thenExitCode2ListingTheArms() throws Exception {
        Run run = run("stats", reference(), "--control", "holdout");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("the control arm 'holdout' does not appear in the file; its arms are batch,");
    }

    @Test
    void givenWeightsForAnUnknownArm_whenRun_thenExitCode2NamingIt() throws Exception {
        Run run = run("stats", reference(), "--weights", "control=1,batch=1,realtime=1,holdout=1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--weights names arm 'holdout', which does not appear in the file");
    }

    @Test
    void givenUnreadableWeights_whenRun_thenExitCode2WithTheReason() throws Exception {
        Run run = run("stats", reference(), "--weights", "control:10");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--weights", "'control:10' is not arm=weight");
    }

    @Test
    void givenANonPositiveHorizon_whenRun_thenExitCode2() throws Exception {
        Run run = run("stats", reference(), "--horizon-hours", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--horizon-hours must be a positive number of hours, was 0.0");
    }

    @Test
    void givenAnOutputThatCannotBeWritten_whenRun_thenExitCode1() throws Exception {
        Run run = run(
                "stats",
                reference(),
                "--output",
                directory.resolve("missing/dir/stats.json").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("kairos stats: cannot write");
    }

    @Test
    void givenTheStatsCommand_whenAskedForHelp_thenTheColumnsAndEveryOptionAreListed() {
        Run run = run("stats", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("FILE", "--control=ARM", "--weights=ARM=W,...", "--horizon-hours=H", "--output=FILE")
                .contains("arm,converted,revenue,duration_hours", "Starts no server");
    }

    @Test
    void givenTheKairosCommand_whenAskedForHelp_thenStatsIsListed() {
        assertThat(run("--help").out()).contains("stats");
    }

    @Test
    void givenTheStatsCommandAndItsAnalysis_whenChecked_thenTheyDependOnNoSpringClass() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kairos.report.outcomes", "io.kairos.app.cli");

        noClasses()
                .that()
                .resideInAPackage("io.kairos.report.outcomes")
                .or()
                .belongToAnyOf(StatsCommand.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .because("kairos stats analyses a file and must start no server")
                .check(classes);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = KairosCommandLine.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The reference file copied out of the report module's test jar: a full {@code mvn verify} puts that jar, not a
     * directory, on this module's class path, so the resource has no file-system path of its own.
     */
    private String reference() throws IOException {
        Path copy = directory.resolve("reference-outcomes.csv");
        try (InputStream in = Objects.requireNonNull(
                StatsCommandTest.class.getResourceAsStream("/stats/outcomes.csv"),
                "the report module's test jar with stats/outcomes.csv is on the test class path")) {
            Files.copy(in, copy);
        }
        return copy.toString();
    }

    private Path write(String text) throws IOException {
        return Files.writeString(directory.resolve("outcomes.csv"), text);
    }
}
