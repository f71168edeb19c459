package io.kairos.domain.campaign;

import io.kairos.domain.segment.Durations;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * A named delivery policy: given the planned delivery, allow it, reject it with a reason, or defer it.
 *
 * <p>A campaign applies its guards in a fixed order, whatever the file's order: consent, conversion, quiet hours
 * (which may move the delivery time), cooldown, frequency cap. The first rejection wins.
 */
public sealed interface Guard {

    /** The guard's name in campaign files and suppression reasons. */
    String name();

    /** Position in the fixed evaluation order. */
    int rank();

    /** The verdict for one planned delivery. */
    GuardVerdict check(GuardContext context);

    /** No message without consent: opt-in needs an explicit grant, opt-out only an absent withdrawal. */
    record ConsentRequired(boolean optIn) implements Guard {
        @Override
        public String name() {
            return "consent";
        }

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public GuardVerdict check(GuardContext context) {
            if (context.state().consents(context.channel(), !optIn)) {
                return GuardVerdict.ALLOW;
            }
            return new GuardVerdict.Reject(
                    name(),
                    "no consent for " + context.channel().wireName() + (optIn ? " (opt-in required)" : " (withdrawn)"));
        }
    }

    /** No message once the user purchased after the trigger: the message would be stale. */
    record SuppressAfterConversion() implements Guard {
        @Override
        public String name() {
            return "suppress_after_conversion";
        }

        @Override
        public int rank() {
            return 1;
        }

        @Override
        public GuardVerdict check(GuardContext context) {
            if (context.state().purchasedBetween(context.triggerAt(), context.deliverAt())) {
                return new GuardVerdict.Reject(name(), "converted after the trigger at " + context.triggerAt());
            }
            return GuardVerdict.ALLOW;
        }
    }

    /**
     * No delivery between {@code start} and {@code end} local time in the user's zone (the window may wrap past
     * midnight); a delivery inside is deferred to the window's end.
     */
    record QuietHours(LocalTime start, LocalTime end) implements Guard {
        public QuietHours {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (start.equals(end)) {
                throw new IllegalArgumentException("quiet hours need distinct start and end");
            }
        }

        @Override
        public String name() {
            return "quiet_hours";
        }

        @Override
        public int rank() {
            return 2;
        }

        @Override
        public GuardVerdict check(GuardContext context) {
            Instant deliverAt = context.deliverAt();
            int offset = context.zone().getRules().getOffset(deliverAt).getTotalSeconds();
            int second = (int) Math.floorMod(deliverAt.getEpochSecond() + offset, 86_400L);
            int from = start.toSecondOfDay();
            int to = end.toSecondOfDay();
            boolean quiet = from < to ? second >= from && second < to : second >= from || second < to;
            if (!quiet) {
                return GuardVerdict.ALLOW;
            }
            ZonedDateTime local = deliverAt.atZone(context.zone());
            ZonedDateTime opening = local.toLocalDate().atTime(end).atZone(context.zone());
            if (!opening.toInstant().isAfter(context.deliverAt())) {
                opening = local.toLocalDate().plusDays(1).atTime(end).atZone(context.zone());
            }
            return new GuardVerdict.Defer(
                    name(), opening.toInstant(), "quiet hours " + start + "-" + end + " in " + context.zone());
        }
    }

    /** At most one message of this campaign per {@code period}, measured between delivery times. */
    record Cooldown(Duration period) implements Guard {
        public Cooldown {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("cooldown must be positive");
            }
        }

        @Override
        public String name() {
            return "cooldown";
        }

        @Override
        public int rank() {
            return 3;
        }

        @Override
        public GuardVerdict check(GuardContext context) {
            Instant last = context.state().lastMessageOf(context.campaignId());
            if (last != null && context.deliverAt().isBefore(last.plus(period))) {
                return new GuardVerdict.Reject(
                        name(), "last message of this campaign at " + last + ", cooldown " + Durations.format(period));
            }
            return GuardVerdict.ALLOW;
        }
    }

    /**
     * At most {@code maxMessages} messages on the campaign's channel per calendar day (or ISO week, Monday first) in
     * the user's zone, counting every campaign's messages.
     */
    record FrequencyCap(int maxMessages, CapPeriod period) implements Guard {
        public FrequencyCap {
            if (maxMessages < 1) {
                throw new IllegalArgumentException("a frequency cap allows at least one message");
            }
            Objects.requireNonNull(period, "period");
        }

        @Override
        public String name() {
            return "frequency_cap";
        }

        @Override
        public int rank() {
            return 4;
        }

        @Override
        public GuardVerdict check(GuardContext context) {
            LocalDate day = context.deliverAt().atZone(context.zone()).toLocalDate();
            LocalDate first =
                    period == CapPeriod.DAY ? day : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate next = period == CapPeriod.DAY ? first.plusDays(1) : first.plusWeeks(1);
            int sent = context.state()
                    .messagesOnChannelBetween(
                            context.channel(),
                            first.atStartOfDay(context.zone()).toInstant(),
                            next.atStartOfDay(context.zone()).toInstant());
            if (sent >= maxMessages) {
                return new GuardVerdict.Reject(
                        name(),
                        sent + " " + context.channel().wireName() + " messages already in the " + period.wireName()
                                + " of " + first + " (cap " + maxMessages + ")");
            }
            return GuardVerdict.ALLOW;
        }
    }

    /** The calendar period of a frequency cap. */
    enum CapPeriod {
        DAY,
        WEEK;

        /** The period's name in campaign files. */
        public String wireName() {
            return this == DAY ? "day" : "week";
        }
    }
}
