package io.kairos.app.demo;

import io.kairos.simulator.SimulationProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows a run's progress: simulated day, share done, events per second (wall clock) and the estimated time left. On a
 * terminal it redraws one line at most a few times a second; otherwise (a log, CI) it prints a line per tenth done.
 */
public final class ProgressBar implements SimulationProgress {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final Instant start;
    private final Instant end;
    private final LongSupplier clock;
    private final long startedAt;
    private long lastDrawn;
    private int lastTenth = -1;
    private boolean drawnOnLine;

    /** A bar for virtual time {@code [start, end)}, drawn to {@code out}, redrawn in place when {@code terminal}. */
    public ProgressBar(PrintStream out, boolean terminal, Instant start, Instant end, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startedAt = nanoClock.getAsLong();
    }

    /** A bar on standard error, redrawn in place when a console is attached. */
    public static ProgressBar onStandardError(Instant start, Instant end) {
        return new ProgressBar(System.err, System.console() != null, start, end, System::nanoTime);
    }

    @Override
    public void windowDone(Instant windowEnd, long events, long decisions) {
        long now = clock.getAsLong();
        double done = Math.min(
                1.0,
                (double) Duration.between(start, windowEnd).toMillis()
                        / Duration.between(start, end).toMillis());
        boolean finished = !windowEnd.isBefore(end);
        if (terminal) {
            if (finished || now - lastDrawn >= REDRAW_NANOS) {
                lastDrawn = now;
                out.print("\r" + line(windowEnd, events, decisions, done, now)
                        + (finished ? System.lineSeparator() : ""));
                out.flush();
                drawnOnLine = !finished;
            }
        } else {
            int tenth = (int) Math.floor(done * 10);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.println(line(windowEnd, events, decisions, done, now));
            }
        }
    }

    /** Ends the bar's line if a run stopped before its end. */
    public void interrupted() {
        if (drawnOnLine) {
            out.println();
            drawnOnLine = false;
        }
    }

    String line(Instant windowEnd, long events, long decisions, double done, long now) {
        double seconds = (now - startedAt) / 1e9;
        int filled = (int) Math.round(done * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        double day = Duration.between(start, windowEnd).toMinutes() / 1440.0;
        double days = Duration.between(start, end).toMinutes() / 1440.0;
        String eta = done > 0.01 && done < 1 ? duration(seconds * (1 - done) / done) : done >= 1 ? "done" : "…";
        return String.format(
                Locale.ROOT,
                "  day %4.1f/%.0f [%s] %3.0f%%  %,d events  %,.0f ev/s  %,d decisions  %s elapsed, ETA %s",
                day,
                days,
                bar,
                done * 100,
                events,
                seconds > 0 ? events / seconds : 0.0,
                decisions,
                duration(seconds),
                eta);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
