package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kairos stream} as a user runs it (the packaged jar in its own JVM) against the test servers: a live event
 * leads to a published decision thanks to the wall-clock heartbeat, progress is logged, and SIGTERM stops it cleanly.
 */
class StreamCommandIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void givenExternalServers_whenStreamRunsAndGetsSigterm_thenItDecidesPublishesLogsAndStopsCleanly()
            throws Exception {
        TestKafka kafka = TestServers.kafka();
        TestPostgres postgres = TestServers.postgres().freshDatabase("stream_command");
        String suffix = Long.toString(System.nanoTime());
        String activity = "cli-activity-" + suffix;
        String decisions = "cli-decisions-" + suffix;
        String experimentKey = "cli-" + suffix;
        String user = LiveStreamCheck.realtimeUser(experimentKey);

        Process stream = PackagedKairos.start(
                workDir,
                Map.of(),
                "stream",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--kairos.kafka.activity-topic=" + activity,
                "--kairos.kafka.dead-letter-topic=" + activity + ".dlq",
                "--kairos.kafka.decisions-topic=" + decisions,
                "--kairos.kafka.partitions=2",
                "--kairos.streaming.experiment-key=" + experimentKey,
                "--kairos.streaming.archive-group=archive-" + suffix,
                "--kairos.streaming.progress-interval=1s");
        ProcessOutput out = ProcessOutput.of(stream.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(stream.getErrorStream(), LIMIT);
        try {
            out.awaitLine("Kairos is streaming.", stream);
            LiveStreamCheck.assertAbandonedCartIsDecided(kafka, activity, decisions, user, LIMIT);
            err.awaitLine("records in the last", stream); // a log line: standard error
        } finally {
            stream.toHandle().destroy();
        }
        assertThat(stream.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = out.whenClosed() + err.whenClosed();
        assertThat(stream.exitValue()).as(log).isEqualTo(143);
        assertThat(log).contains("realtime-" + experimentKey + ": assigned").doesNotContain("ERROR");
    }
}
