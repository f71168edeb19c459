package io.kairos.domain.state;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the rules know about one user: a pure fold of the user's events (plus the engine's own message ledger).
 *
 * <p>Applying the same events in the same order always yields an equal state. Every component is a plain value
 * (records, lists, maps, instants) so a persistence adapter can map it without annotations.
 *
 * @param userId the user
 * @param firstSeen time of the earliest event applied, null before any
 * @param lastActivity time of the latest event applied, null before any
 * @param lastSessionId session of the latest event that carried one
 * @param sessionCount sessions seen: a new session id, or a gap of more than {@link #SESSION_GAP} without one
 * @param timeZone the user's zone from {@code profile_updated}, or null to use the engine's default
 * @param cart the current cart; a purchase empties it
 * @param purchases purchases within the retention horizon, oldest first
 * @param lifetimePurchases all purchases ever applied
 * @param lifetimeSpend sum of revenue ever applied (amounts are summed as given; experiments are single-currency)
 * @param lastPurchaseAt time of the latest purchase, null if none
 * @param messages the message ledger within the retention horizon, in the order recorded
 * @param consent explicit consent choices per channel; a channel without a choice is absent
 * @param recentEvents events of the retained types within their retention horizons, in the order applied
 * @param lastTimerDueAt due time of the latest timer fired for this user; events at or before it are late
 */
public record UserState(
        String userId,
        Instant firstSeen,
        Instant lastActivity,
        String lastSessionId,
        int sessionCount,
        ZoneId timeZone,
        Cart cart,
        List<PurchaseMark> purchases,
        int lifetimePurchases,
        double lifetimeSpend,
        Instant lastPurchaseAt,
        List<MessageMark> messages,
        Map<Channel, Boolean> consent,
        List<UserEvent> recentEvents,
        Instant lastTimerDueAt) {

    /** Without session ids, a gap longer than this starts a new session. */
    public static final Duration SESSION_GAP = Duration.ofMinutes(30);

    private static final long SESSION_GAP_MILLIS = SESSION_GAP.toMillis();

    public UserState {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(cart, "cart");
        purchases = List.copyOf(purchases);
        messages = List.copyOf(messages);
        consent = Map.copyOf(consent);
        recentEvents = List.copyOf(recentEvents);
    }

    /** The state of a user the engine has never seen. */
    public static UserState empty(String userId) {
        return new UserState(
                userId,
                null,
                null,
                null,
                0,
                null,
                Cart.EMPTY,
                List.of(),
                0,
                0,
                null,
                List.of(),
                Map.of(),
                List.of(),
                null);
    }

    /**
     * One fold step: the state after {@code event}. Pure: no clock, no randomness; history older than the retention
     * horizons (measured back from the event's time) is dropped.
     */
    public UserState apply(UserEvent event, Retention retention) {
        Instant at = event.occurredAt();
        Instant nextFirstSeen = firstSeen == null || at.isBefore(firstSeen) ? at : firstSeen;
        Instant nextLastActivity = lastActivity == null || at.isAfter(lastActivity) ? at : lastActivity;
        String nextSessionId = lastSessionId;
        int nextSessionCount = sessionCount;
        if (event.sessionId() != null) {
            if (!event.sessionId().equals(lastSessionId)) {
                nextSessionCount++;
            }
            nextSessionId = event.sessionId();
        } else if (lastActivity == null || at.toEpochMilli() - lastActivity.toEpochMilli() > SESSION_GAP_MILLIS) {
            nextSessionCount++;
        }
        ZoneId nextZone = timeZone;
        Cart nextCart = cart;
        List<PurchaseMark> nextPurchases = purchases;
        int nextLifetimePurchases = lifetimePurchases;
        double nextLifetimeSpend = lifetimeSpend;
        Instant nextLastPurchaseAt = lastPurchaseAt;
        List<MessageMark> nextMessages = messages;
        Map<Channel, Boolean> nextConsent = consent;
        EventProperties properties = event.properties();
        if (properties instanceof EventProperties.AddToCart add) {
            nextCart = cart.add(add.productId(), add.quantity(), add.unitPrice(), add.category());
        } else if (properties instanceof EventProperties.RemoveFromCart remove) {
            nextCart = cart.remove(remove.productId(), remove.quantity());
        } else if (properties instanceof EventProperties.Purchase purchase) {
            nextCart = Cart.EMPTY;
            nextPurchases = appendPruned(
                    purchases,
                    new PurchaseMark(purchase.orderId(), at, purchase.revenue(), purchase.currency()),
                    p -> !p.at().isBefore(at.minus(retention.purchaseHorizon())),
                    Integer.MAX_VALUE);
            nextLifetimePurchases++;
            nextLifetimeSpend += purchase.revenue();
            nextLastPurchaseAt = lastPurchaseAt == null || at.isAfter(lastPurchaseAt) ? at : lastPurchaseAt;
        } else if (properties instanceof EventProperties.MessageDelivered delivered) {
            if (!hasMessage(delivered.messageId())) {
                nextMessages = appendPruned(
                        messages,
                        new MessageMark(delivered.messageId(), delivered.campaignId(), delivered.channel(), at),
                        m -> !m.at().isBefore(at.minus(retention.messageHorizon())),
                        Integer.MAX_VALUE);
            }
        } else if (properties instanceof EventProperties.ConsentChanged change) {
            EnumMap<Channel, Boolean> choices = new EnumMap<>(Channel.class);
            choices.putAll(consent);
            if (change.channel() == null) {
                for (Channel channel : Channel.values()) {
                    choices.put(channel, change.granted());
                }
            } else {
                choices.put(change.channel(), change.granted());
            }
            nextConsent = choices;
        } else if (properties instanceof EventProperties.ProfileUpdated profile) {
            nextZone = profile.timeZone();
        }
        List<UserEvent> nextRecent = recentEvents;
        Duration eventHorizon = retention.eventHorizons().get(event.type());
        if (eventHorizon != null && retention.maxRecentEvents() > 0) {
            String type = event.type();
            Instant horizon = at.minus(eventHorizon);
            nextRecent = appendPruned(
                    recentEvents,
                    event,
                    e -> !e.occurredAt().isBefore(horizon) || !e.type().equals(type),
                    retention.maxRecentEvents());
        }
        return new UserState(
                userId,
                nextFirstSeen,
                nextLastActivity,
                nextSessionId,
                nextSessionCount,
                nextZone,
                nextCart,
                nextPurchases,
                nextLifetimePurchases,
                nextLifetimeSpend,
                nextLastPurchaseAt,
                nextMessages,
                nextConsent,
                nextRecent,
                lastTimerDueAt);
    }

    /** This state with one more ledger entry (the engine records each non-suppressed decision). */
    public UserState withMessage(MessageMark mark, Retention retention) {
        if (hasMessage(mark.messageId())) {
            return this;
        }
        Instant horizon = mark.at().minus(retention.messageHorizon());
        List<MessageMark> next = appendPruned(messages, mark, m -> !m.at().isBefore(horizon), Integer.MAX_VALUE);
        return new UserState(
                userId,
                firstSeen,
                lastActivity,
                lastSessionId,
                sessionCount,
                timeZone,
                cart,
                purchases,
                lifetimePurchases,
                lifetimeSpend,
                lastPurchaseAt,
                next,
                consent,
                recentEvents,
                lastTimerDueAt);
    }

    /** This state after a timer due at {@code dueAt} fired: later events at or before that time are late. */
    public UserState withTimerFired(Instant dueAt) {
        Instant next = lastTimerDueAt == null || dueAt.isAfter(lastTimerDueAt) ? dueAt : lastTimerDueAt;
        return new UserState(
                userId,
                firstSeen,
                lastActivity,
                lastSessionId,
                sessionCount,
                timeZone,
                cart,
                purchases,
                lifetimePurchases,
                lifetimeSpend,
                lastPurchaseAt,
                messages,
                consent,
                recentEvents,
                next);
    }

    /**
     * Whether an event at {@code at} arrives too late to drive rules: at or before the due time of a timer that
     * already fired, whose decision it could have changed. An event merely out of order (earlier than the latest
     * applied one) is not late: it still cancels the timers it should.
     */
    public boolean isLate(Instant at) {
        return lastTimerDueAt != null && !at.isAfter(lastTimerDueAt);
    }

    /** The user's zone, or {@code fallback} when the user never stated one. */
    public ZoneId zoneOr(ZoneId fallback) {
        return timeZone == null ? fallback : timeZone;
    }

    /** Revenue of purchases in {@code (now - window, now]}. */
    public double spendWithin(Duration window, Instant now) {
        Instant from = now.minus(window);
        double total = 0;
        for (PurchaseMark p : purchases) {
            if (p.at().isAfter(from) && !p.at().isAfter(now)) {
                total += p.revenue();
            }
        }
        return total;
    }

    /** Number of purchases in {@code (now - window, now]}. */
    public int purchasesWithin(Duration window, Instant now) {
        Instant from = now.minus(window);
        int count = 0;
        for (PurchaseMark p : purchases) {
            if (p.at().isAfter(from) && !p.at().isAfter(now)) {
                count++;
            }
        }
        return count;
    }

    /** Whether a purchase happened in {@code (after, upTo]}: the user converted after a trigger. */
    public boolean purchasedBetween(Instant after, Instant upTo) {
        for (PurchaseMark p : purchases) {
            if (p.at().isAfter(after) && !p.at().isAfter(upTo)) {
                return true;
            }
        }
        return false;
    }

    /** Ledger entries in {@code (now - window, now]}. */
    public int messagesWithin(Duration window, Instant now) {
        Instant from = now.minus(window);
        int count = 0;
        for (MessageMark m : messages) {
            if (m.at().isAfter(from) && !m.at().isAfter(now)) {
                count++;
            }
        }
        return count;
    }

    /** Ledger entries on a channel whose delivery time falls within {@code [from, to)}. */
    public int messagesOnChannelBetween(Channel channel, Instant from, Instant to) {
        int count = 0;
        for (MessageMark m : messages) {
            if (m.channel() == channel && !m.at().isBefore(from) && m.at().isBefore(to)) {
                count++;
            }
        }
        return count;
    }

    /** Ledger entries on a channel delivered on a calendar day in a zone. */
    public int messagesOnDay(Channel channel, LocalDate day, ZoneId zone) {
        return messagesOnChannelBetween(
                channel,
                day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** Latest delivery time of a campaign's messages in the ledger, or null if none. */
    public Instant lastMessageOf(String campaignId) {
        Instant latest = null;
        for (MessageMark m : messages) {
            if (campaignId.equals(m.campaignId()) && (latest == null || m.at().isAfter(latest))) {
                latest = m.at();
            }
        }
        return latest;
    }

    /** Whether the ledger holds a message with this id. */
    public boolean hasMessage(String messageId) {
        for (MessageMark m : messages) {
            if (m.messageId().equals(messageId)) {
                return true;
            }
        }
        return false;
    }

    /** The user's explicit consent for a channel, or {@code whenUnknown} if the user never chose. */
    public boolean consents(Channel channel, boolean whenUnknown) {
        Boolean choice = consent.get(channel);
        return choice == null ? whenUnknown : choice;
    }

    /** Recent events of a type in {@code (now - window, now]} that match a filter. */
    public int countRecent(String type, Predicate<UserEvent> filter, Duration window, Instant now) {
        Instant from = now.minus(window);
        int count = 0;
        for (UserEvent e : recentEvents) {
            if (e.type().equals(type)
                    && e.occurredAt().isAfter(from)
                    && !e.occurredAt().isAfter(now)
                    && filter.test(e)) {
                count++;
            }
        }
        return count;
    }

    private static <T> List<T> appendPruned(List<T> list, T element, Predicate<T> keep, int max) {
        List<T> next = new ArrayList<>(list.size() + 1);
        for (T existing : list) {
            if (keep.test(existing)) {
                next.add(existing);
            }
        }
        next.add(element);
        if (next.size() > max) {
            return List.copyOf(next.subList(next.size() - max, next.size()));
        }
        return List.copyOf(next);
    }
}
