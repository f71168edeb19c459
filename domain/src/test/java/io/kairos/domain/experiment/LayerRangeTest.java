package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerRangeTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "checkout;must read NAME:FROM-TO",
                "checkout:10;must read NAME:FROM-TO",
                "checkout:a-b;whole numbers",
                "checkout:5000-5000;0 <= from < to <= 10000",
                "checkout:0-10001;0 <= from < to <= 10000",
                "Checkout:0-10;lower-case letters",
                ":0-10;must read NAME:FROM-TO"
            })
    void givenABadLayer_whenParsed_thenTheReasonIsNamed(String text, String reason) {
        assertThatThrownBy(() -> LayerRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void givenRangesOfOneLayer_whenCompared_thenOnlySharedBucketsOverlap() {
        LayerRange low = LayerRange.parse("checkout:0-5000");

        assertThat(low.overlaps(LayerRange.parse("checkout:4999-6000"))).isTrue();
        assertThat(low.overlaps(LayerRange.parse("checkout:5000-10000"))).isFalse();
        assertThat(low.overlaps(LayerRange.parse("search:0-5000"))).isFalse();
        assertThat(low.share()).isEqualTo(0.5);
        assertThat(low).hasToString("checkout:0-5000");
    }

    @Test
    void givenTheLifecycle_whenItsWindowIsAsked_thenDraftNeverRunningFromTheStartStoppedUntilTheStop() {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Instant stop = Instant.parse("2026-12-08T00:00:00Z");

        assertThat(DecisionWindow.of(ExperimentStatus.DRAFT, null, null).covers(start))
                .isFalse();
        DecisionWindow running = DecisionWindow.of(ExperimentStatus.RUNNING, start, null);
        assertThat(running.covers(start.minusMillis(1))).isFalse();
        assertThat(running.covers(start)).isTrue();
        assertThat(running.covers(stop.plusSeconds(3600))).isTrue();
        DecisionWindow stopped = DecisionWindow.of(ExperimentStatus.STOPPED, start, stop);
        assertThat(stopped.covers(stop.minusMillis(1))).isTrue();
        assertThat(stopped.covers(stop)).isFalse();
        assertThat(DecisionWindow.ALWAYS.covers(Instant.EPOCH)).isTrue();
    }
}
