package io.kairos.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The run's progress line: simulated day, share done, rate and the estimate of the time left. */
class ProgressBarTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(10));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void givenHalfTheDaysDoneInTenSeconds_whenDrawn_thenDayShareRateAndTenSecondsLeft() {
        ProgressBar bar = new ProgressBar(out, false, START, END, nanos::get);

        nanos.set(Duration.ofSeconds(10).toNanos());
        bar.windowDone(START.plus(Duration.ofDays(5)), 20_000, 300);

        assertThat(text())
                .contains("day  5.0/10", "[############............]", " 50%", "20,000 events", "2,000 ev/s")
                .contains("300 decisions", "10s elapsed, ETA 10s");
    }

    @Test
    void givenNoTerminal_whenManyWindowsDone_thenOneLinePerTenthDone() {
        ProgressBar bar = new ProgressBar(out, false, START, END, nanos::get);

        for (int hour = 1; hour <= 240; hour++) {
            nanos.addAndGet(1_000_000);
            bar.windowDone(START.plus(Duration.ofHours(hour)), hour * 10L, hour);
        }

        assertThat(text().lines()).hasSize(11).last().asString().contains("100%", "ETA done");
    }

    @Test
    void givenTerminal_whenWindowsFollowQuickly_thenRedrawnInPlaceAndEndedWithANewLine() {
        ProgressBar bar = new ProgressBar(out, true, START, END, nanos::get);

        nanos.set(Duration.ofSeconds(1).toNanos());
        bar.windowDone(START.plus(Duration.ofDays(1)), 10, 0);
        bar.windowDone(START.plus(Duration.ofDays(2)), 20, 0);
        nanos.set(Duration.ofSeconds(2).toNanos());
        bar.windowDone(END, 30, 0);

        assertThat(text()).startsWith("\r").doesNotContain("day  2.0/10").endsWith(System.lineSeparator());
        assertThat(text().split("\r")).hasSize(3);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
