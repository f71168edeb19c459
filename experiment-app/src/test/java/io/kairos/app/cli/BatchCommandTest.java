package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KairosCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The arguments of {@code kairos batch}, checked before any server starts. */
class BatchCommandTest {

    @Test
    void givenNeitherCutoffNorSchedule_whenRun_thenExitCode2NamingBoth() {
        String err =
                stderrOf(() -> assertThat(KairosCommandLine.execute("batch")).isEqualTo(2));

        assertThat(err).contains("--cutoff").contains("--schedule");
    }

    @Test
    void givenAnUnreadableCutoff_whenRun_thenExitCode2WithAnExample() {
        String err = stderrOf(() -> assertThat(KairosCommandLine.execute("batch", "--cutoff", "yesterday"))
                .isEqualTo(2));

        assertThat(err).contains("Invalid cut-off 'yesterday'").contains("2026-11-28T02:00:00Z");
    }

    @Test
    void givenBothCutoffAndSchedule_whenRun_thenExitCode2() {
        String err =
                stderrOf(() -> assertThat(KairosCommandLine.execute("batch", "--cutoff", "2026-11-28", "--schedule"))
                        .isEqualTo(2));

        assertThat(err).contains("mutually exclusive");
    }

    private static String stderrOf(Runnable run) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
