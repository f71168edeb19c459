package io.kairos.domain.campaign;

import io.kairos.domain.event.Channel;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a guard judges: the user's state at judgement time, the campaign and channel, the trigger's moment, the
 * planned delivery time and the user's zone.
 */
public record GuardContext(
        UserState state, String campaignId, Channel channel, Instant triggerAt, Instant deliverAt, ZoneId zone) {

    /** The same context with another planned delivery time (after a deferral). */
    public GuardContext deliveringAt(Instant newDeliverAt) {
        return new GuardContext(state, campaignId, channel, triggerAt, newDeliverAt, zone);
    }
}
