package io.kairos.domain.delivery;

import io.kairos.domain.campaign.Campaign;
import io.kairos.domain.campaign.Guard;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The campaign's quiet hours and frequency cap, judged again at the moment a message is actually sent: the
 * decision judged them at its planned delivery time, but a message sent later (after retries, a backlog, a stopped
 * sender) must still not wake anyone up or exceed the cap. The other guards (consent, conversion, cooldown) belong to
 * the decision and are not judged again.
 */
public final class SendTimeCheck {

    /** What the check says about sending now. */
    public sealed interface Verdict {}

    /** Send it. */
    public record Send() implements Verdict {}

    /** Not now: quiet hours until {@code until}; then send. */
    public record Wait(Instant until, String reason) implements Verdict {}

    /** Never: the cap is reached. */
    public record Suppress(String reason) implements Verdict {}

    /** How many messages the user was sent on the campaign's channel in [from, to). */
    @FunctionalInterface
    public interface SentCount {
        int between(Instant from, Instant to);
    }

    private SendTimeCheck() {}

    /** The verdict for sending {@code campaign}'s message at {@code now} to a user in {@code zone}. */
    public static Verdict at(Instant now, Campaign campaign, ZoneId zone, SentCount sent) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        if (campaign == null) {
            return new Send();
        }
        for (Guard guard : campaign.guards()) {
            if (guard instanceof Guard.QuietHours quiet) {
                Instant opening = quietUntil(now, quiet.start(), quiet.end(), zone);
                if (opening != null) {
                    return new Wait(
                            opening,
                            "quiet hours " + quiet.start() + "-" + quiet.end() + " in " + zone + " at sending");
                }
            }
        }
        for (Guard guard : campaign.guards()) {
            if (guard instanceof Guard.FrequencyCap cap) {
                LocalDate day = now.atZone(zone).toLocalDate();
                LocalDate first = cap.period() == Guard.CapPeriod.DAY
                        ? day
                        : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                LocalDate next = cap.period() == Guard.CapPeriod.DAY ? first.plusDays(1) : first.plusWeeks(1);
                int count = sent.between(
                        first.atStartOfDay(zone).toInstant(),
                        next.atStartOfDay(zone).toInstant());
                if (count >= cap.maxMessages()) {
                    return new Suppress("frequency_cap: " + count + " "
                            + campaign.message().channel().wireName()
                            + " messages already sent in the " + cap.period().wireName() + " of " + first + " (cap "
                            + cap.maxMessages() + ") at sending");
                }
            }
        }
        return new Send();
    }

    /** The end of the quiet window {@code now} is in, or null when it is outside. */
    static Instant quietUntil(Instant now, LocalTime start, LocalTime end, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        int second = local.toLocalTime().toSecondOfDay();
        int from = start.toSecondOfDay();
        int to = end.toSecondOfDay();
        boolean quiet = from < to ? second >= from && second < to : second >= from || second < to;
        if (!quiet) {
            return null;
        }
        ZonedDateTime opening = local.toLocalDate().atTime(end).atZone(zone);
        if (!opening.toInstant().isAfter(now)) {
            opening = local.toLocalDate().plusDays(1).atTime(end).atZone(zone);
        }
        return opening.toInstant();
    }
}
