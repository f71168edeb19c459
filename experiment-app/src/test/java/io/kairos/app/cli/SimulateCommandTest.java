package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KairosCommandLine;
import io.kairos.app.demo.EventLogFile;
import io.kairos.domain.event.EventValidator;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kairos simulate} and {@code demo} without servers: option errors, the fast path, the event log. */
class SimulateCommandTest {

    private static final String[] SMALL = {"--users", "300", "--days", "2", "--attribution-days", "1", "--seed", "5"};

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    @Test
    void givenUnknownArm_whenSimulating_thenUsageErrorNamingTheArm() {
        Result result = run("simulate", "--fast", "--arms", "control=10,fast=90");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--arms: unknown arm 'fast'");
    }

    @Test
    void givenAKeyThatCannotNameATopic_whenSimulating_thenUsageErrorSayingWhatAKeyMayBe() {
        Result result = run("simulate", "--fast", "--experiment", "xmas 26");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--experiment: experiment key 'xmas 26' must be 1 to 100 letters");
    }

    @Test
    void givenBadDurationTimeOrPreset_whenSimulating_thenUsageErrorNamingTheOption() {
        assertThat(run("simulate", "--fast", "--window", "15x").err()).contains("--window: '15x' is not a duration");
        assertThat(run("demo", "--send-time", "9am").err()).contains("--send-time: '9am' is not a local time");
        assertThat(run("simulate", "--fast", "--preset", "coupons").err()).contains("--preset: unknown case 'coupons'");
        assertThat(run("simulate", "--fast", "--zone", "Mars/Olympus").exit()).isEqualTo(2);
    }

    @Test
    void givenPortOutOfRange_whenDemoAskedToServe_thenExit2BeforeAnythingRuns() {
        Result result = run("demo", "--serve", "--port", "70000", "--data-dir", dir.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--port must be from 0 to 65535, was 70000");
        assertThat(dir.resolve("demo")).doesNotExist();
    }

    @Test
    void givenOutOfRangeModelParameter_whenSimulating_thenExit2ListingTheProblem() {
        Result result = run("simulate", "--fast", "--users", "0");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("users must be between 1 and");
    }

    @Test
    void givenFastPath_whenSimulating_thenTheSimulatorsTableAndComparisonsArePrinted() {
        Result result = run(concat("simulate", "--fast"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("arm", "triggered", "control", "batch", "realtime")
                .contains("realtime vs batch:");
    }

    @Test
    void givenSameSeedTwice_whenEventLogsExported_thenIdenticalFilesThatReadBackAsEvents() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");

        assertThat(run(concat("simulate", "--fast", "--export-events", first.toString()))
                        .exit())
                .isZero();
        assertThat(run(concat("simulate", "--fast", "--export-events", second.toString()))
                        .exit())
                .isZero();

        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        List<String> lines = Files.readAllLines(first);
        assertThat(lines).hasSizeGreaterThan(100);
        EventDecoder decoder = new EventDecoder(EventSchemas.load(), EventValidator.standard(), 1 << 20);
        assertThat(EventLogFile.read(first, decoder)).hasSize(lines.size());
    }

    @Test
    void givenLogWithABadLine_whenReplayed_thenExit2WithTheLineNumber() throws Exception {
        Path log = dir.resolve("bad.jsonl");
        run(concat("simulate", "--fast", "--export-events", log.toString()));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log).subList(0, 3));
        lines.add("{\"type\": \"page_view\"}");
        Files.write(log, lines);

        Result result = run("simulate", "--replay", log.toString(), "--data-dir", dir.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("line 4:");
    }

    @Test
    void givenReplayWithFastPath_whenSimulating_thenRefusedBecauseReplayRunsOnThePlatform() {
        Result result =
                run("simulate", "--fast", "--replay", dir.resolve("any.jsonl").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--replay runs through the platform");
    }

    private static String[] concat(String... head) {
        String[] all = new String[head.length + SMALL.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        return all;
    }

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit = KairosCommandLine.execute(args);
            return new Result(
                    exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
