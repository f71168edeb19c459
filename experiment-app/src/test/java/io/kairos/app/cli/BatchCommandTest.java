package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.app.KairosCommandLine;
import io.kairos.app.batch.BatchProperties;
import io.kairos.batch.NightlySchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The arguments and settings of {@code kairos batch}, checked before any server starts. */
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

    @Test
    void givenABatchPeriodThatDoesNotDivideADay_whenTheSettingsBind_thenTheStartFailureSaysSoNamingTheSetting() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("kairos.batch.every", "7h")));

        assertThatThrownBy(() -> binder.bind("kairos.batch", BatchProperties.class))
                .satisfies(failure -> assertThat(StartupProblem.explain(failure))
                        .isEqualTo("the batch period (kairos.batch.every) must divide a day into whole seconds"
                                + " (e.g. 30s, 1m, 15m, 6h), so that cut-offs fall at the same times every day;"
                                + " was PT7H."));
    }

    @Test
    void givenAnAcceleratedBatchPeriod_whenTheSettingsBind_thenTheScheduleAndTheReportsAllowanceFollowIt() {
        BatchProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("kairos.batch.every", "1m")))
                .bindOrCreate("kairos.batch", BatchProperties.class);

        assertThat(properties.schedule().daily()).isFalse();
        assertThat(properties.schedule().longestDeliveryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of()))
                        .bindOrCreate("kairos.batch", BatchProperties.class)
                        .schedule())
                .isEqualTo(NightlySchedule.DEFAULT);
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
