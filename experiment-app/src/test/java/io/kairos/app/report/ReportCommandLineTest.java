package io.kairos.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KairosCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportCommandLineTest {

    @Test
    void givenTheReportCommand_whenAskedForHelp_thenEveryOutputOptionIsListed() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = KairosCommandLine.execute("report", "--help");
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("--experiment=KEY", "--json", "--csv=FILE", "--html=FILE", "--attribution-days=DAYS");
    }

    @Test
    void givenNoExperiment_whenRunningTheReport_thenItIsAUsageError() {
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(KairosCommandLine.execute("report")).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
    }
}
