package io.kairos.app.cli;

import io.kairos.report.outcomes.ArmWeights;
import io.kairos.report.outcomes.InvalidOutcomeFile;
import io.kairos.report.outcomes.OutcomeAnalysis;
import io.kairos.report.outcomes.OutcomeFile;
import io.kairos.report.outcomes.OutcomeJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code kairos stats}: the report's statistics on a per-user outcome file from elsewhere, as JSON; starts no server
 * and no Spring context.
 */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            "Analyse a per-user outcome file (CSV, UTF-8) and print the comparison of each arm against the control"
                    + " as JSON: conversion (z-test, relative lift), revenue (Welch), time to conversion"
                    + " (Kaplan-Meier median, restricted mean, log-rank) and, with --weights, the sample-ratio check.",
            "The header must name the columns arm,converted,revenue,duration_hours (any order, other columns"
                    + " ignored); converted is 0 or 1, revenue and duration_hours are numbers >= 0, duration_hours"
                    + " being the hours from trigger to conversion when converted=1 and the hours observed when 0.",
            "Starts no server. Definitions and the JSON fields: docs/statistics.md, \"The stats command\".",
            "Exit code 0 on success, 1 when the output cannot be written, 2 for a bad file or option"
                    + " (with the line number and the reason)."
        })
public final class StatsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The outcome file.")
    Path input;

    @Option(
            names = "--control",
            paramLabel = "ARM",
            defaultValue = "control",
            description = "The arm every other arm is compared with (default ${DEFAULT-VALUE}).")
    String control;

    @Option(
            names = "--weights",
            paramLabel = "ARM=W,...",
            converter = WeightsConverter.class,
            description = "The intended weight of every arm, e.g. control=10,batch=45,realtime=45: adds the"
                    + " sample-ratio check (srm_p_value).")
    ArmWeights weights;

    @Option(
            names = "--horizon-hours",
            paramLabel = "H",
            description = "Horizon of the restricted mean time to conversion (default: the smallest of the arms'"
                    + " largest durations).")
    Double horizonHours;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the JSON to FILE instead of the terminal.")
    Path output;

    @Override
    public Integer call() {
        if (horizonHours != null && !(horizonHours > 0 && Double.isFinite(horizonHours))) {
            throw new ParameterException(
                    spec.commandLine(), "--horizon-hours must be a positive number of hours, was " + horizonHours);
        }
        String json;
        try (InputStream in = Files.newInputStream(input)) {
            OutcomeAnalysis analysis = OutcomeAnalysis.of(
                    OutcomeFile.read(in),
                    control,
                    horizonHours == null ? OptionalDouble.empty() : OptionalDouble.of(horizonHours),
                    Optional.ofNullable(weights));
            json = OutcomeJson.render(analysis) + System.lineSeparator();
        } catch (NoSuchFileException e) {
            return fail(2, "cannot read " + input + ": no such file");
        } catch (IOException e) {
            return fail(
                    2,
                    "cannot read " + input + ": "
                            + (e instanceof AccessDeniedException ? "permission denied" : e.getMessage()));
        } catch (InvalidOutcomeFile e) {
            return fail(2, input + ": " + e.getMessage());
        }
        if (output == null) {
            System.out.print(json);
            return 0;
        }
        try {
            Files.writeString(output, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail(1, "cannot write " + output + ": " + e.getMessage());
        }
        System.err.println("kairos stats: wrote " + output);
        return 0;
    }

    private static int fail(int exitCode, String message) {
        System.err.println("kairos stats: " + message);
        return exitCode;
    }

    /** Reads {@code --weights}; picocli reports a bad value with the reason and exit code 2. */
    static final class WeightsConverter implements CommandLine.ITypeConverter<ArmWeights> {
        @Override
        public ArmWeights convert(String value) {
            try {
                return ArmWeights.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
