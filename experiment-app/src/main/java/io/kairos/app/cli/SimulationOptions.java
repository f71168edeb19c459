package io.kairos.app.cli;

import io.kairos.app.demo.FullPathSettings;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.segment.Durations;
import io.kairos.simulator.BatchSchedule;
import io.kairos.simulator.BehaviourPreset;
import io.kairos.simulator.FastPathSettings;
import io.kairos.simulator.HalfLife;
import io.kairos.simulator.InvalidSimulationParameters;
import io.kairos.simulator.SimulationParameters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The knobs of a simulated experiment, shared by {@code demo} and {@code simulate}: population, virtual time, the
 * behaviour model's main timing parameters, the arms, and the nightly schedule. Defaults are those of {@link
 * SimulationParameters#demo()} (see docs/simulation.md).
 */
final class SimulationOptions {

    private static final SimulationParameters DEMO = SimulationParameters.demo();

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--users", paramLabel = "N", description = "Simulated users (default ${DEFAULT-VALUE}).")
    int users = DEMO.users();

    @Option(
            names = "--days",
            paramLabel = "DAYS",
            description = "Enrolment days: users triggered in them are counted (default ${DEFAULT-VALUE}).")
    int days = (int) DEMO.enrolmentPeriod().toDays();

    @Option(
            names = "--attribution-days",
            paramLabel = "DAYS",
            description = "Days after a trigger in which a purchase counts as its conversion; the run observes this"
                    + " long past enrolment (default ${DEFAULT-VALUE}).")
    int attributionDays = (int) DEMO.attributionWindow().toDays();

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed: the same seed and options give the same events and report (default ${DEFAULT-VALUE}).")
    long seed = DEMO.seed();

    @Option(
            names = "--preset",
            paramLabel = "CASE",
            description = "The article's case to simulate: cart-abandonment, spending-alert, flash-sale,"
                    + " onboarding-upsell or watch-time (default ${DEFAULT-VALUE}).")
    String preset = "cart-abandonment";

    @Option(
            names = "--arms",
            paramLabel = "ARM=W,...",
            description = "Arm weights, among control, batch and realtime (default ${DEFAULT-VALUE}).")
    String arms = "control=10,batch=45,realtime=45";

    @Option(
            names = "--half-life",
            paramLabel = "DURATION|none",
            description = "Half-life of a message's effect in the delay from intent to delivery, e.g. 6h, or none"
                    + " (default: the model's, 6h).")
    String halfLife;

    @Option(
            names = "--intent-half-life",
            paramLabel = "DURATION|none",
            description = "Half-life of the natural purchase intent, or none (default: the model's, 24h).")
    String intentHalfLife;

    @Option(
            names = "--no-timing-effects",
            description = "Switch off every timing-dependent effect (intent and message decay, fatigue): real time"
                    + " should then not beat batch.")
    boolean noTimingEffects;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            description = "Virtual-time step: users react to messages from the end of the window that delivered them"
                    + " (default ${DEFAULT-VALUE}).")
    String window = Durations.format(DEMO.window());

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description = "Virtual time at which the run starts (default ${DEFAULT-VALUE}).")
    String start = DEMO.start().toString();

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            description = "The users' zone and the nightly schedule's (default ${DEFAULT-VALUE}).")
    String zone = "UTC";

    @Option(
            names = "--batch-time",
            paramLabel = "HH:MM",
            description = "Local time of the nightly batch's cut-off (default ${DEFAULT-VALUE}).")
    String batchTime = "02:00";

    @Option(
            names = "--send-time",
            paramLabel = "HH:MM",
            description = "Local time at which the batch's messages go out (default ${DEFAULT-VALUE}).")
    String sendTime = "09:00";

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description =
                    "How long past its due time a real-time timer waits for late events (default ${DEFAULT-VALUE}).")
    String grace = "1m";

    /** The model's parameters these options describe; out-of-range values are a usage error listing each. */
    SimulationParameters parameters() {
        SimulationParameters.Builder builder = SimulationParameters.defaults(preset()).toBuilder()
                .users(users)
                .seed(seed)
                .start(instant("--start", start))
                .enrolmentPeriod(Duration.ofDays(days))
                .attributionWindow(Duration.ofDays(attributionDays))
                .window(duration("--window", window))
                .zone(zone());
        if (halfLife != null) {
            builder.messageEffectHalfLife(halfLife("--half-life", halfLife));
        }
        if (intentHalfLife != null) {
            builder.intentHalfLife(halfLife("--intent-half-life", intentHalfLife));
        }
        try {
            SimulationParameters parameters = builder.build();
            return noTimingEffects ? parameters.withoutTimingEffects() : parameters;
        } catch (InvalidSimulationParameters e) {
            throw fail(e.getMessage());
        }
    }

    /** The experiment under {@code key}: the arms of {@code --arms}, salted with the key. */
    Experiment experiment(String key) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String part : arms.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                throw fail("--arms takes arm=weight pairs separated by commas, e.g. control=10,batch=45,realtime=45;"
                        + " got '" + part.trim() + "'");
            }
            String name = pair[0].trim();
            if (!List.of("control", "batch", "realtime").contains(name)) {
                throw fail("--arms: unknown arm '" + name + "' (the arms are control, batch and realtime)");
            }
            try {
                weights.put(name, Integer.parseInt(pair[1].trim()));
            } catch (NumberFormatException e) {
                throw fail("--arms: the weight of " + name + " must be a whole number, was '" + pair[1].trim() + "'");
            }
        }
        List<Arm> list = new ArrayList<>();
        for (String name : List.of("control", "batch", "realtime")) {
            Integer weight = weights.get(name);
            if (weight == null || weight == 0) {
                continue;
            }
            if (weight < 0) {
                throw fail("--arms: the weight of " + name + " must not be negative, was " + weight);
            }
            list.add(Arm.named(name, weight));
        }
        if (list.isEmpty()) {
            throw fail("--arms: at least one arm needs a positive weight");
        }
        try {
            return new Experiment(key, key, list);
        } catch (IllegalArgumentException e) {
            throw fail("--experiment: " + e.getMessage());
        }
    }

    /** The nightly schedule of both drivers. */
    BatchSchedule schedule() {
        return new BatchSchedule(time("--batch-time", batchTime), time("--send-time", sendTime), zone());
    }

    /** The in-process driver's settings: the same grace, schedule and zone as the full path. */
    FastPathSettings fastPathSettings() {
        // Both modes run even when no arm acts on one, as on the full path: ghost decisions are part of the comparison.
        return new FastPathSettings(duration("--grace", grace), schedule(), EnumSet.allOf(Mode.class), zone());
    }

    /** The full path's settings for a run named {@code runId}. */
    FullPathSettings fullPathSettings(Experiment experiment, String runId) {
        return new FullPathSettings(
                experiment, runId, duration("--grace", grace), schedule(), zone(), Duration.ofMinutes(2));
    }

    /** A run id: the experiment key and the wall-clock time, so that runs never share topics or directories. */
    static String runId(String key) {
        return key + "-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    private BehaviourPreset preset() {
        try {
            return BehaviourPreset.valueOf(preset.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw fail("--preset: unknown case '" + preset + "' (cart-abandonment, spending-alert, flash-sale,"
                    + " onboarding-upsell, watch-time)");
        }
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw fail("--zone: unknown time zone '" + zone + "' (e.g. UTC, Europe/Paris)");
        }
    }

    private Duration duration(String option, String text) {
        return Durations.parse(text)
                .orElseThrow(() -> fail(option + ": '" + text + "' is not a duration such as 90s, 15m, 6h or 2d"));
    }

    private HalfLife halfLife(String option, String text) {
        return text.equalsIgnoreCase("none") ? HalfLife.NONE : HalfLife.of(duration(option, text));
    }

    private LocalTime time(String option, String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw fail(option + ": '" + text + "' is not a local time such as 02:00");
        }
    }

    private Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw fail(option + ": '" + text + "' is not an instant such as 2026-11-02T00:00:00Z");
        }
    }

    private ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
