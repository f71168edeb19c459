package io.kairos.domain.decision;

import io.kairos.domain.event.UserEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A pending absence timer, as data an adapter persists: it fires when event time passes {@code dueAt} (plus the
 * grace in streaming), unless an event cancels it first.
 *
 * @param userId the user
 * @param campaignId the campaign whose absence trigger scheduled it
 * @param key unique per user: one pending timer per user and key; scheduling the same key again re-arms it
 * @param dueAt start event time plus the absence window
 * @param startEvent the event that started (or last re-armed) the timer; it is the decision's trigger
 */
public record Timer(String userId, String campaignId, String key, Instant dueAt, UserEvent startEvent) {

    public Timer {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(startEvent, "startEvent");
    }

    /** The key of a campaign's absence timer. */
    public static String absenceKey(String campaignId) {
        return "absence:" + campaignId;
    }
}
