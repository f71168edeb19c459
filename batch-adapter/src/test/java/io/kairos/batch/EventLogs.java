package io.kairos.batch;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Seeded synthetic event logs that trigger every default campaign, including absence timers near midnight. */
final class EventLogs {

    private EventLogs() {}

    /** {@code perUser} events for each of {@code users} users, spread over {@code days} days from {@code start}. */
    static List<UserEvent> random(long seed, int users, int perUser, Instant start, int days) {
        Random random = new Random(seed);
        List<UserEvent> log = new ArrayList<>();
        long span = Duration.ofDays(days).toSeconds();
        for (int u = 0; u < users; u++) {
            String user = "user-" + u;
            for (int i = 0; i < perUser; i++) {
                Instant at = start.plusSeconds((long) (random.nextDouble() * span));
                log.add(new UserEvent(new UUID(seed, (long) u * 100_000 + i), user, at, null, properties(random)));
            }
        }
        log.sort(Comparator.comparing(UserEvent::occurredAt));
        return log;
    }

    private static EventProperties properties(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> new EventProperties.AddToCart("p" + random.nextInt(3), 1, 40, null);
            case 2 -> new EventProperties.CheckoutStarted(null);
            case 3 -> new EventProperties.Purchase("o" + random.nextInt(1000), 150 + random.nextInt(400), "EUR");
            case 4, 5 -> new EventProperties.ProductView("p1", random.nextBoolean() ? "sale" : "new", 9.0);
            case 6 -> new EventProperties.Custom("feature_used", Map.of("feature", "export"));
            case 7 -> new EventProperties.Custom("video_paused", Map.of("pause_seconds", 900.0));
            default -> new EventProperties.PageView("/", null);
        };
    }
}
