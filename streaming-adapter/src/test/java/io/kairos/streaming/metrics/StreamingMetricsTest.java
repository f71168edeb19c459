package io.kairos.streaming.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamingMetricsTest {

    @Test
    void givenADelayOfCenturies_whenRecorded_thenItIsCappedInsteadOfOverflowing() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamingMetrics metrics = new StreamingMetrics(registry, "g");

        metrics.timerFireDelay(
                Duration.between(Instant.parse("2026-11-28T10:30:00Z"), Instant.parse("2999-01-01T00:00:00Z")));
        metrics.processingLatency("realtime", Duration.between(Instant.EPOCH, Instant.MAX));
        metrics.processingLatency("realtime", Duration.ofSeconds(-5));

        assertThat(registry.get("kairos.stream.timer.fire.delay").timer().max(TimeUnit.DAYS))
                .isEqualTo(StreamingMetrics.LONGEST_RECORDED.toDays());
        assertThat(registry.get("kairos.stream.processing.latency").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("kairos.stream.processing.latency").timer().max(TimeUnit.DAYS))
                .isEqualTo(StreamingMetrics.LONGEST_RECORDED.toDays());
    }
}
