package io.kairos.report.outcomes;

import io.kairos.domain.stats.SurvivalObservation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * A per-user outcome file, read strictly: UTF-8 text (a leading byte-order mark is skipped), a CSV header naming at least {@code arm}, {@code converted},
 * {@code revenue} and {@code duration_hours} (in any order; other columns are ignored), then one row per user.
 *
 * <p>Every row must be valid; the first one that is not stops the read with {@code line N: reason}, so no row is
 * ever dropped. Fields may be quoted as in RFC 4180 but a quoted field cannot span lines. Blank lines are allowed
 * only at the end of the file.
 *
 * @param arms the arms in the order they first appear in the file
 */
public record OutcomeFile(List<ArmOutcomes> arms) {

    /** The columns the file must have. */
    public static final List<String> REQUIRED_COLUMNS = List.of("arm", "converted", "revenue", "duration_hours");

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

    public OutcomeFile {
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("an outcome file has at least one arm");
        }
    }

    /** The arm of that name, if the file has it. */
    public Optional<ArmOutcomes> arm(String name) {
        return arms.stream().filter(arm -> arm.arm().equals(name)).findFirst();
    }

    /** The arms' names in the order they first appear in the file. */
    public List<String> armNames() {
        return arms.stream().map(ArmOutcomes::arm).toList();
    }

    /**
     * Reads the file as UTF-8; throws {@link InvalidOutcomeFile} naming the line and the reason at the first problem.
     *
     * @throws IOException when the bytes cannot be read
     */
    public static OutcomeFile read(InputStream bytes) throws IOException {
        // Malformed bytes become U+FFFD and are refused per line: a decoder that throws would lose the line number.
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader in = new BufferedReader(new InputStreamReader(bytes, decoder));
        String headerLine = nextLine(in, 1);
        if (headerLine == null) {
            throw new InvalidOutcomeFile(
                    "the file is empty; expected the header " + String.join(",", REQUIRED_COLUMNS));
        }
        if (headerLine.isBlank()) {
            throw InvalidOutcomeFile.atLine(
                    1, "expected the header " + String.join(",", REQUIRED_COLUMNS) + ", found a blank line");
        }
        if (headerLine.charAt(0) == BYTE_ORDER_MARK) {
            headerLine = headerLine.substring(1);
        }
        Columns columns = Columns.of(fields(headerLine, 1));
        Map<String, Accumulator> arms = new LinkedHashMap<>();
        int lineNumber = 1;
        int firstBlank = 0;
        String line;
        while ((line = nextLine(in, lineNumber + 1)) != null) {
            lineNumber++;
            if (line.isBlank()) {
                firstBlank = firstBlank == 0 ? lineNumber : firstBlank;
                continue;
            }
            if (firstBlank != 0) {
                throw InvalidOutcomeFile.atLine(
                        firstBlank, "blank line before more data (line " + lineNumber + "); remove it");
            }
            columns.add(fields(line, lineNumber), lineNumber, arms);
        }
        if (arms.isEmpty()) {
            throw new InvalidOutcomeFile("the file has a header but no data rows");
        }
        return new OutcomeFile(arms.values().stream().map(Accumulator::outcomes).toList());
    }

    private static String nextLine(BufferedReader in, int lineNumber) throws IOException {
        String line = in.readLine();
        if (line != null && line.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            throw InvalidOutcomeFile.atLine(lineNumber, "not UTF-8 text; save the file as UTF-8");
        }
        return line;
    }

    /** The positions of the required columns in the header, and the row width it implies. */
    private record Columns(int width, int arm, int converted, int revenue, int duration) {

        static Columns of(List<String> header) {
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).strip();
                if (positions.putIfAbsent(name, i) != null && REQUIRED_COLUMNS.contains(name)) {
                    throw InvalidOutcomeFile.atLine(1, "column '" + name + "' appears twice in the header");
                }
            }
            List<String> missing = REQUIRED_COLUMNS.stream()
                    .filter(name -> !positions.containsKey(name))
                    .toList();
            if (!missing.isEmpty()) {
                throw InvalidOutcomeFile.atLine(
                        1,
                        "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                                + " (the header must name " + String.join(", ", REQUIRED_COLUMNS) + ")");
            }
            return new Columns(
                    header.size(),
                    positions.get("arm"),
                    positions.get("converted"),
                    positions.get("revenue"),
                    positions.get("duration_hours"));
        }

        void add(List<String> row, int line, Map<String, Accumulator> arms) {
            if (row.size() != width) {
                throw InvalidOutcomeFile.atLine(
                        line, "expected " + width + " fields as in the header, found " + row.size());
            }
            String armName = row.get(arm).strip();
            if (armName.isEmpty()) {
                throw InvalidOutcomeFile.atLine(line, "arm is empty");
            }
            boolean event = switch (row.get(converted).strip()) {
                case "1" -> true;
                case "0" -> false;
                default ->
                    throw InvalidOutcomeFile.atLine(line, "converted must be 0 or 1, was '" + row.get(converted) + "'");
            };
            double revenueValue = nonNegativeNumber(row.get(revenue), "revenue", line);
            double hours = nonNegativeNumber(row.get(duration), "duration_hours", line);
            arms.computeIfAbsent(armName, name -> new Accumulator(name, line))
                    .add(new SurvivalObservation(hours, event), revenueValue);
        }
    }

    private static double nonNegativeNumber(String field, String column, int line) {
        String text = field.strip();
        BigDecimal exact;
        try {
            // BigDecimal, unlike Double.parseDouble, refuses NaN, Infinity, hexadecimal and a trailing 'd'.
            exact = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw InvalidOutcomeFile.atLine(line, column + " is not a number: '" + field + "'");
        }
        if (exact.signum() < 0) {
            throw InvalidOutcomeFile.atLine(line, column + " must not be negative, was " + text);
        }
        double value = exact.doubleValue();
        if (Double.isInfinite(value)) {
            throw InvalidOutcomeFile.atLine(line, column + " is too large: " + text);
        }
        return value;
    }

    /** Splits one line into fields; a field in double quotes may contain commas and doubled quotes. */
    static List<String> fields(String line, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw InvalidOutcomeFile.atLine(
                                lineNumber,
                                "a quoted field is not closed on this line (field " + (fields.size() + 1) + ")");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw InvalidOutcomeFile.atLine(
                            lineNumber, "text after the closing quote of field " + (fields.size() + 1));
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++;
        }
    }

    /** Collects one arm's users while the file is read. */
    private static final class Accumulator {
        private final String arm;
        private final int firstLine;
        private final List<SurvivalObservation> times = new ArrayList<>();
        private final DoubleStream.Builder revenue = DoubleStream.builder();

        Accumulator(String arm, int firstLine) {
            this.arm = arm;
            this.firstLine = firstLine;
        }

        void add(SurvivalObservation time, double revenueValue) {
            times.add(time);
            revenue.add(revenueValue);
        }

        ArmOutcomes outcomes() {
            return new ArmOutcomes(arm, firstLine, times, revenue.build().toArray());
        }
    }
}
