package io.kairos.persistence.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void givenInstantsOfEveryFractionLengthAndEdgeYears_whenFormatted_thenExactlyAsToString() {
        List<Instant> edges = List.of(
                Instant.EPOCH,
                Instant.parse("2026-11-28T23:59:59Z"),
                Instant.parse("2026-11-28T02:00:00.100Z"),
                Instant.parse("2026-11-28T02:00:00.000100Z"),
                Instant.parse("2026-11-28T02:00:00.000000100Z"),
                Instant.parse("2026-11-28T02:00:00.123456789Z"),
                Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MIN,
                Instant.MAX);

        assertThat(edges)
                .allSatisfy(instant -> assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString()));
    }

    @Test
    void givenRandomInstantsOverFourCenturies_whenFormatted_thenExactlyAsToString() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long seconds = -2_208_988_800L + (long) (random.nextDouble() * 12_600_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);

            assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
        }
    }
}
