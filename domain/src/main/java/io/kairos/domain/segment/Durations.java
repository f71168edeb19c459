package io.kairos.domain.segment;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The compact duration notation of campaign files: a whole number and a unit, {@code 90s 30m 24h 7d 2w}. */
public final class Durations {

    private static final Pattern NOTATION = Pattern.compile("(\\d{1,6})([smhdw])");

    private Durations() {}

    /** The duration written as {@code text}, if it is in the notation. */
    public static Optional<Duration> parse(String text) {
        Matcher m = NOTATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofDays(7 * amount);
                });
    }

    /** The shortest notation for a duration of whole seconds. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds != 0 && seconds % (7 * 86_400) == 0) {
            return seconds / (7 * 86_400) + "w";
        }
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
